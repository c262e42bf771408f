import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import { createCallContext, type CallContext } from './context';
import { toGrpcError, toStatus } from './errors';

/** Unary handler: resolve with the response or throw (a `ServiceError` for a deliberate status). */
export function unary<Req, Res>(
  fn: (req: Req, ctx: CallContext) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const { ctx, done } = createCallContext(call);
    invoke(() => fn(call.request, ctx)).then(
      (res) => {
        done();
        callback(null, res);
      },
      (err: unknown) => {
        done();
        callback(failure(err, ctx));
      },
    );
  };
}

/** Client-streaming handler: consume `requests` (an async iterable), resolve with the one response. */
export function clientStream<Req, Res>(
  fn: (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>,
): grpc.handleClientStreamingCall<Req, Res> {
  return (call, callback) => {
    const { ctx, done } = createCallContext(call);
    invoke(() => fn(readMessages<Req>(call), ctx)).then(
      (res) => {
        done();
        callback(null, res);
      },
      (err: unknown) => {
        done();
        callback(failure(err, ctx));
      },
    );
  };
}

export interface StreamWriter<Res> {
  /** Sends one message; resolves when the stream can take more (backpressure), rejects if the call ended. */
  write(msg: Res): Promise<void>;
}

/** Server-streaming handler: `write` each message; the stream ends when the function resolves. */
export function serverStream<Req, Res>(
  fn: (req: Req, ctx: CallContext & StreamWriter<Res>) => Promise<void>,
): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    const { ctx, done } = createCallContext(call);
    const streamCtx: CallContext & StreamWriter<Res> = {
      ...ctx,
      write: (msg) => writeWithBackpressure(call, ctx.signal, msg),
    };
    finishStream(
      call,
      ctx,
      done,
      invoke(() => fn(call.request, streamCtx)),
    );
  };
}

/** Bidirectional handler: read `call` (async iterable) and write to it; the stream ends when the function resolves. */
export function bidiStream<Req, Res>(
  fn: (call: grpc.ServerDuplexStream<Req, Res>, ctx: CallContext & StreamWriter<Res>) => Promise<void>,
): grpc.handleBidiStreamingCall<Req, Res> {
  return (call) => {
    const { ctx, done } = createCallContext(call);
    const streamCtx: CallContext & StreamWriter<Res> = {
      ...ctx,
      write: (msg) => writeWithBackpressure(call, ctx.signal, msg),
    };
    finishStream(
      call,
      ctx,
      done,
      invoke(() => fn(call, streamCtx)),
    );
  };
}

/** Runs the handler so that a synchronous throw becomes a rejection, never a process crash. */
function invoke<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

function failure(err: unknown, ctx: CallContext): grpc.ServiceError {
  return toGrpcError(toStatus(err, { logger: ctx.logger, signal: ctx.signal, method: ctx.method }));
}

type WritableCall<Res> = grpc.ServerWritableStream<unknown, Res> | grpc.ServerDuplexStream<unknown, Res>;

async function writeWithBackpressure<Res>(
  call: WritableCall<Res>,
  signal: AbortSignal,
  msg: Res,
): Promise<void> {
  signal.throwIfAborted();
  if (call.writableEnded || call.destroyed) throw new DOMException('stream already ended', 'AbortError');
  if (call.write(msg)) return;
  // Wait for the transport to drain, but give up as soon as the call is cancelled.
  await once(call, 'drain', { signal });
}

function finishStream<Res>(
  call: WritableCall<Res>,
  ctx: CallContext,
  done: () => void,
  result: Promise<void>,
): void {
  result.then(
    () => {
      done();
      if (!call.writableEnded) call.end();
    },
    (err: unknown) => {
      done();
      const status = failure(err, ctx);
      if (call.writableEnded || call.destroyed) return; // The client already went away: nobody to tell.
      // grpc-js turns an 'error' event into the call's final status.
      call.emit('error', status);
    },
  );
}

async function* readMessages<Req>(call: grpc.ServerReadableStream<Req, unknown>): AsyncGenerator<Req> {
  for await (const msg of call) yield msg as Req;
}
