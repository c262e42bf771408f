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
 * Server logger per call. `startServer` binds its logger to every call before the handler runs,
 * which lets the handler adapters (plain functions, built before any server exists) log
 * unexpected errors to the right place. Weak, so nothing outlives the call.
 */
const callLoggers = new WeakMap<ServerCall, Logger>();

export function bindCallLogger(call: ServerCall, logger: Logger): void {
  callLoggers.set(call, logger);
}

let fallbackLogger: Logger | undefined;

function loggerFor(call: ServerCall, method: string): Logger {
  const bound = callLoggers.get(call);
  if (bound) return bound.child({ method });
  // Handlers served by a bare grpc.Server still must not swallow unexpected errors.
  fallbackLogger ??= createLogger({ name: 'grpc' });
  return fallbackLogger.child({ method });
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

export function createCallContext(call: ServerCall): ContextHandle {
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
  const ctx: CallContext = {
    call,
    metadata: call.metadata,
    signal: controller.signal,
    peer: call.getPeer(),
    method,
    logger: loggerFor(call, method),
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
