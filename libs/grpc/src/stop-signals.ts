import type { Logger } from '@superagent/logging';
import type { GrpcServer } from './server';
import { gracefulShutdown, type GracefulShutdownOptions } from './shutdown';

/**
 * How long after a stop signal another one counts as the same stop delivered twice, not an operator
 * insisting: a terminal's Ctrl-C reaches the whole process group, and a launcher (`npm run dev`)
 * forwards it to its children and then stops them as well.
 */
export const REPEATED_SIGNAL_WINDOW_MS = 1000;

/** Whether a stop signal now is the first one (`firstAt`, performance.now()) delivered again. */
function isRepeatedDelivery(firstAt: number): boolean {
  return performance.now() - firstAt < REPEATED_SIGNAL_WINDOW_MS;
}

export interface StopSignals {
  /** Aborted by the first stop signal: start-up work given it (the warm-up) ends early. */
  readonly signal: AbortSignal;
  /**
   * From now on a stop signal runs the graceful shutdown of `server` (STYLE.md rule 6) and then
   * exits; if one has come already, the shutdown starts at once.
   */
  serve(server: GrpcServer, options: GracefulShutdownOptions): void;
  /** Removes the signal handlers (tests). */
  removeListeners(): void;
}

export interface StopSignalOptions {
  /** Default SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Called instead of `process.exit` (exit code 0, or 1 when a step failed or a second signal came). */
  readonly onExit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT handling from the first moment of start-up, not only once the service serves:
 * Node's default action for them is to exit at once, which during a start-up (browsers launching, a
 * model loading or warming up, a store being reached) skipped the shutdown sequence and left what
 * had been started half done. A signal that comes before the server exists is remembered: it aborts
 * `signal` (start-up work given it ends early), and the shutdown starts as soon as there is a server
 * to shut down. A second signal exits at once (an operator pressing Ctrl-C twice means it), unless
 * it is the first one delivered again (within REPEATED_SIGNAL_WINDOW_MS).
 */
export function watchStopSignals(logger: Logger, options: StopSignalOptions = {}): StopSignals {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.onExit ?? ((code: number) => process.exit(code));
  const stop = new AbortController();
  let shutdown: (() => void) | undefined;

  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      if (isRepeatedDelivery(firstAt)) return;
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      exit(1);
      return;
    }
    firstAt = performance.now();
    logger.info({ signal, serverStarted: shutdown !== undefined }, 'shutting down');
    stop.abort(new DOMException(`${signal}: shutting down`, 'AbortError'));
    shutdown?.();
  };
  for (const signal of signals) process.on(signal, onSignal);

  return {
    signal: stop.signal,
    serve(server, shutdownOptions) {
      shutdown = () => {
        gracefulShutdown(server, shutdownOptions).then(
          (report) => exit(report.failed.length === 0 ? 0 : 1),
          (err: unknown) => {
            logger.error({ err }, 'shutdown failed');
            exit(1);
          },
        );
      };
      if (stop.signal.aborted) shutdown();
    },
    removeListeners() {
      for (const signal of signals) process.removeListener(signal, onSignal);
    },
  };
}

/**
 * Runs `onStop` on the stop (before the shutdown sequence starts), or at once if it has come already:
 * for work that must stop taking new things first (a queue consumer, a readiness probe).
 */
export function whenStopped(signal: AbortSignal, onStop: () => void): void {
  if (signal.aborted) onStop();
  else signal.addEventListener('abort', onStop, { once: true });
}
