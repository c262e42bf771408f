import {
  gracefulShutdown,
  isRepeatedDelivery,
  type GracefulShutdownOptions,
  type GrpcServer,
} from '@superagent/grpc';
import type { Logger } from '@superagent/logging';

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
 * `runUntilSignal` from the first moment of start-up, not only once the service serves: Node's
 * default action for SIGTERM and SIGINT is to exit at once, which during the model load or the
 * warm-up (seconds with a real model and a pre-warm file) skipped the shutdown sequence and killed
 * the model threads mid-pass. A signal that comes before the server exists is remembered: it ends
 * the warm-up, and the shutdown starts as soon as there is a server to shut down. A second signal
 * exits at once (an operator pressing Ctrl-C twice means it), unless it is the first one delivered
 * again (within REPEATED_SIGNAL_WINDOW_MS).
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
