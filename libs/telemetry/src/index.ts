export { flushTelemetry, shutdownTelemetry, telemetryActive, sdkDisabled } from './sdk';
export { ATTR, METRIC, BREAKER_STATE, UNIT, type AttributeName, type MetricName } from './attributes';
