import type * as grpc from '@grpc/grpc-js';
import type { EventEmitter } from 'node:events';
import { createLogger, type Logger } from '@superagent/logging';

/**
 * Any inbound server call. (grpc-js does not export the common base `ServerSurfaceCall`, and its
 * `CallOptions.parent` takes exactly this union.)
 */
export type ServerCall =
  | grpc.ServerUnaryCall<unknown, unknown>
  | grpc.ServerReadableStream<unknown, unknown>
  | grpc.ServerWritableStream<unknown, unknown>
  | grpc.ServerDuplexStream<unknown, unknown>;

/** What a handler knows about the call it serves. */
export interface CallContext {
  /** The grpc-js call; pass it (or this context) as `parent` to downstream calls. */
  call: ServerCall;
  metadata: grpc.Metadata;
  /** Absolute deadline in ms since the epoch, when the client set one. */
  deadline?: number;
  /** Aborted when the client cancels or the deadline passes. */
  signal: AbortSignal;
  peer: string;
  /** Full method path, e.g. `/superagent.router.v1.RouterService/Route`. */
  method: string;
  /** The server's logger with `method` bound (a default logger when the handler runs outside `startServer`). */
  logger: Logger;
}

/**
 * The server's logger reaches the handler adapters (plain functions, built before any server
 * exists) through this registry: each adapter registers how to build itself around a logger, and
 * `startServer` swaps in that build once, at start-up, so a call pays nothing to find its logger.
 */
type LoggerAwareFactory = (logger: Logger) => grpc.UntypedHandleCall;
const loggerAware = new WeakMap<grpc.UntypedHandleCall, LoggerAwareFactory>();

/** Returns `handler`, which `startServer` will rebuild with its logger through `build`. */
export function registerLoggerAware<H extends grpc.UntypedHandleCall>(
  handler: H,
  build: (logger: Logger) => H,
): H {
  loggerAware.set(handler, build);
  return handler;
}

/**
 * `wrap(handler)` that `startServer` still rebuilds with its logger when `handler` is an adapter
 * (a plain wrapper would hide the adapter from the registry, leaving it on the default logger).
 * For layers applied to whole services, e.g. an authentication gate.
 */
export function wrapHandler(
  handler: grpc.UntypedHandleCall,
  wrap: (inner: grpc.UntypedHandleCall) => grpc.UntypedHandleCall,
): grpc.UntypedHandleCall {
  const wrapped = wrap(handler);
  const build = loggerAware.get(handler);
  if (build !== undefined) loggerAware.set(wrapped, (logger) => wrap(build(logger)));
  return wrapped;
}

/** `handler` built with the server's `logger` when it is an adapter, else `handler` itself. */
export function withServerLogger(handler: grpc.UntypedHandleCall, logger: Logger): grpc.UntypedHandleCall {
  return loggerAware.get(handler)?.(logger) ?? handler;
}

let fallbackLogger: Logger | undefined;

/** Handlers served by a bare grpc.Server still must not swallow unexpected errors. */
function defaultLogger(): Logger {
  fallbackLogger ??= createLogger({ name: 'grpc' });
  return fallbackLogger;
}

function toEpochMs(deadline: grpc.Deadline): number | undefined {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Calls `listener` when the call is cancelled (or ends); returns the function that detaches it. */
export function onCallCancelled(call: ServerCall, listener: () => void): () => void {
  // Widened to EventEmitter: the union's overloaded `on` signatures cannot be called directly.
  const emitter: EventEmitter = call;
  emitter.on('cancelled', listener);
  return () => emitter.removeListener('cancelled', listener);
}

export interface ContextHandle {
  ctx: CallContext;
  /** Detaches the cancellation listeners and the deadline timer once the handler is done. */
  done: () => void;
}

/** `logger` is the server's (a default logger when the adapter runs outside `startServer`). */
export function createCallContext(call: ServerCall, logger: Logger | undefined): ContextHandle {
  const controller = new AbortController();
  const method = call.getPath();
  const deadline = toEpochMs(call.getDeadline());
  const onCancelled = (): void => {
    controller.abort(new DOMException('call cancelled by the client', 'AbortError'));
  };
  const detachCancel = onCallCancelled(call, onCancelled);
  // grpc-js also reports an expired deadline as 'cancelled'; the timer makes the signal
  // independent of that detail and gives it the right reason.
  let timer: NodeJS.Timeout | undefined;
  if (deadline !== undefined) {
    timer = setTimeout(
      () => controller.abort(new DOMException('deadline exceeded', 'TimeoutError')),
      Math.max(0, deadline - Date.now()),
    );
    timer.unref();
  }
  if (call.cancelled) onCancelled();
  let callLogger: Logger | undefined;
  const ctx: CallContext = {
    call,
    metadata: call.metadata,
    signal: controller.signal,
    get peer() {
      return call.getPeer();
    },
    method,
    // A child logger costs more than many handlers; most calls never log.
    get logger() {
      callLogger ??= (logger ?? defaultLogger()).child({ method });
      return callLogger;
    },
    ...(deadline === undefined ? {} : { deadline }),
  };
  return {
    ctx,
    done: () => {
      detachCancel();
      if (timer) clearTimeout(timer);
    },
  };
}
