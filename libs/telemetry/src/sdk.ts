import { metrics, trace } from '@opentelemetry/api';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { redisStatement } from './redis-statement';

interface TelemetryState {
  sdk: NodeSDK;
  shutdown?: Promise<void>;
}

// Kept on globalThis: the preloaded register module and the service's `import` of this package
// must share one SDK even if the package were resolved twice.
const STATE_KEY = Symbol.for('@superagent/telemetry.state');

type GlobalWithState = typeof globalThis & { [STATE_KEY]?: TelemetryState };

/** The shutdown hook @superagent/grpc looks for (declared there as a global). */
interface GlobalWithFlush {
  superagentTelemetryFlush?: () => Promise<void>;
}

function state(): TelemetryState | undefined {
  return (globalThis as GlobalWithState)[STATE_KEY];
}

/**
 * Standard OTEL_SDK_DISABLED semantics: only the (case-insensitive) value "true" disables.
 * The one environment read of this library; everything else the SDK reads itself.
 */
export function sdkDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
}

/**
 * Starts the NodeSDK once, configured only by OTEL_* variables (service name, exporters incl.
 * `prometheus`, endpoint, protocol, sampler, propagators — W3C tracecontext + baggage unless
 * OTEL_PROPAGATORS says otherwise). Only the instrumentations SuperAgent uses are loaded:
 * fewer require hooks, faster start. Returns false when disabled (nothing is loaded or patched).
 */
export function startTelemetry(): boolean {
  if (state() !== undefined) return true;
  if (sdkDisabled()) return false;
  const sdk = new NodeSDK({
    instrumentations: [
      new GrpcInstrumentation(),
      new HttpInstrumentation({
        // Prometheus scrapes and probes would otherwise be a root span each.
        ignoreIncomingRequestHook: (req) => req.url === '/metrics' || req.url === '/healthz',
      }),
      new IORedisInstrumentation({ dbStatementSerializer: redisStatement }),
      new PinoInstrumentation(),
    ],
  });
  sdk.start();
  (globalThis as GlobalWithState)[STATE_KEY] = { sdk };
  // A process that simply runs out of work (scripts, CLIs) still exports what it recorded.
  process.once('beforeExit', () => {
    void shutdownTelemetry();
  });
  // A service ends with process.exit after its graceful shutdown, where beforeExit never fires:
  // its shutdown sequence (@superagent/grpc gracefulShutdown) runs this hook as its last step.
  // Set through the global, not an import: this preload must not load the gRPC library early.
  (globalThis as GlobalWithFlush).superagentTelemetryFlush = () => shutdownTelemetry();
  return true;
}

/** Whether the SDK was started in this process. */
export function telemetryActive(): boolean {
  return state() !== undefined;
}

interface Flushable {
  forceFlush(): Promise<void>;
}

function flushable(value: unknown): value is Flushable {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<Flushable>).forceFlush === 'function'
  );
}

function bounded(work: Promise<unknown>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  // Telemetry must never fail or hang a shutdown: errors are swallowed, time is capped.
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/**
 * Exports buffered spans and metrics now; resolves within `timeoutMs` even if the backend is
 * down. The SDK keeps running. A no-op when telemetry is disabled.
 */
export function flushTelemetry(timeoutMs = 5000): Promise<void> {
  if (state() === undefined) return Promise.resolve();
  const tracerProvider: unknown = trace.getTracerProvider();
  const delegate: unknown =
    typeof tracerProvider === 'object' && tracerProvider !== null && 'getDelegate' in tracerProvider
      ? (tracerProvider as { getDelegate(): unknown }).getDelegate()
      : tracerProvider;
  const meterProvider: unknown = metrics.getMeterProvider();
  const work = [delegate, meterProvider].filter(flushable).map((p) => p.forceFlush());
  return bounded(Promise.all(work), timeoutMs);
}

/**
 * Flushes and stops the SDK (last step of a graceful shutdown, STYLE rule 6). Idempotent;
 * resolves within `timeoutMs` whatever the exporters do.
 */
export function shutdownTelemetry(timeoutMs = 5000): Promise<void> {
  const current = state();
  if (current === undefined) return Promise.resolve();
  current.shutdown ??= current.sdk.shutdown();
  return bounded(current.shutdown, timeoutMs);
}
