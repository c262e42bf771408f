import type { Logger } from '@superagent/logging';
import type { GrpcServer } from './server';

export interface Closer {
  name: string;
  close(): Promise<void>;
}

declare global {
  // Process-wide so that the preloaded telemetry (which must not depend on this library) can
  // register its flush, and a service's shutdown still finds it.
  var superagentTelemetryFlush: (() => Promise<void>) | undefined;
}

/** Registers the telemetry flush run as the last shutdown step (the telemetry preload calls this). */
export function registerTelemetryFlush(flush: () => Promise<void>): void {
  globalThis.superagentTelemetryFlush = flush;
}

export interface GracefulShutdownOptions {
  logger: Logger;
  /** Time between NOT_SERVING and closing the listener, so load balancers and probes stop routing here. */
  drainMs: number;
  /** How long in-flight calls may take before they are cut off. */
  graceMs: number;
  /** Clients, Redis, … closed in this order after the server has stopped. */
  closers: Closer[];
  /** Overrides the registered telemetry flush. */
  flushTelemetry?: () => Promise<void>;
  /** Upper bound for each closer and for the flush, so shutdown never hangs; default `graceMs`. */
  stepTimeoutMs?: number;
}

export interface ShutdownReport {
  /** Steps in the order they ran, e.g. `not-serving, drain, try-shutdown, close:redis, flush-telemetry`. */
  steps: string[];
  /** Steps that failed or timed out (logged); the sequence carries on regardless. */
  failed: string[];
}

/**
 * The shutdown sequence of STYLE.md rule 6: health NOT_SERVING → drain → `tryShutdown` raced
 * against the grace period → `forceShutdown` if it ran out → closers in order → flush telemetry.
 */
export async function gracefulShutdown(
  server: GrpcServer,
  options: GracefulShutdownOptions,
): Promise<ShutdownReport> {
  const { logger } = options;
  const steps: string[] = [];
  const failed: string[] = [];
  const stepTimeoutMs = options.stepTimeoutMs ?? options.graceMs;

  server.setServing(false);
  steps.push('not-serving');

  await delay(options.drainMs);
  steps.push('drain');

  steps.push('try-shutdown');
  const outcome = await server.shutdown({ graceMs: options.graceMs });
  if (outcome === 'forced') {
    steps.push('force-shutdown');
    logger.warn(
      { graceMs: options.graceMs },
      'in-flight calls did not finish within the grace period: forced shutdown',
    );
  }

  for (const closer of options.closers) {
    const step = `close:${closer.name}`;
    steps.push(step);
    if (!(await runStep(step, closer.close.bind(closer), stepTimeoutMs, logger))) failed.push(step);
  }

  const flush = options.flushTelemetry ?? globalThis.superagentTelemetryFlush;
  if (flush) {
    steps.push('flush-telemetry');
    if (!(await runStep('flush-telemetry', flush, stepTimeoutMs, logger))) failed.push('flush-telemetry');
  }
  logger.info({ steps, failed }, 'shutdown complete');
  return { steps, failed };
}

async function runStep(
  step: string,
  fn: () => Promise<void>,
  timeoutMs: number,
  logger: Logger,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([fn().then(() => 'ok' as const), timeout]);
    if (result === 'timeout') {
      logger.error({ step, timeoutMs }, 'shutdown step timed out');
      return false;
    }
    return true;
  } catch (err) {
    logger.error({ err, step }, 'shutdown step failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}
