export { flushTelemetry, shutdownTelemetry, telemetryActive, sdkDisabled } from './sdk';
export { ATTR, METRIC, UNIT, type AttributeName, type MetricName } from './attributes';
