/**
 * Preload entry: `node --require @superagent/telemetry/register dist/src/main.js`.
 * Runs before the service's first `require`, so grpc-js, http, ioredis and pino are patched
 * when they load. Configured only by OTEL_* variables; OTEL_SDK_DISABLED=true makes it a no-op.
 */
import { startTelemetry } from './sdk';

startTelemetry();
