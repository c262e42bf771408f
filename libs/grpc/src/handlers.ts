import * as grpc from '@grpc/grpc-js';
import { once } from 'node:events';
import type { Logger } from '@superagent/logging';
import { createCallContext, registerLoggerAware, type CallContext, type ServerCall } from './context';
import { toGrpcError, toStatus } from './errors';

/** Unary handler: resolve with the response or throw (a `ServiceError` for a deliberate status). */
export function unary<Req, Res>(
  fn: (req: Req, ctx: CallContext) => Promise<Res>,
): grpc.handleUnaryCall<Req, Res> {
  const build =
    (logger?: Logger): grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      const { ctx, done } = createCallContext(call, logger);
      answerOnce(
        invoke(() => fn(call.request, ctx)),
        ctx,
        done,
        callback,
      );
    };
  return registerLoggerAware(build(), build);
}

/** Sends the single response (or the failure as a status) of a unary or client-streaming call. */
function answerOnce<Res>(
  result: Promise<Res>,
  ctx: CallContext,
  done: () => void,
  callback: grpc.sendUnaryData<Res>,
): void {
  result.then(
    (res) => {
      done();
      callback(null, res);
    },
    (err: unknown) => {
      done();
      callback(failure(err, ctx));
    },
  );
}

/** Client-streaming handler: consume `requests` (an async iterable), resolve with the one response. */
export function clientStream<Req, Res>(
  fn: (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>,
): grpc.handleClientStreamingCall<Req, Res> {
  const build =
    (logger?: Logger): grpc.handleClientStreamingCall<Req, Res> =>
    (call, callback) => {
      const { ctx, done } = createCallContext(call, logger);
      acceptAtOnce(call);
      answerOnce(
        invoke(() => fn(readMessages<Req>(call), ctx)),
        ctx,
        done,
        callback,
      );
    };
  return registerLoggerAware(build(), build);
}

export interface StreamWriter<Res> {
  /** Sends one message; resolves when the stream can take more (backpressure), rejects if the call ended. */
  write(msg: Res): Promise<void>;
}

/** Server-streaming handler: `write` each message; the stream ends when the function resolves. */
export function serverStream<Req, Res>(
  fn: (req: Req, ctx: CallContext & StreamWriter<Res>) => Promise<void>,
): grpc.handleServerStreamingCall<Req, Res> {
  const build =
    (logger?: Logger): grpc.handleServerStreamingCall<Req, Res> =>
    (call) => {
      const { ctx, done } = createCallContext(call, logger);
      acceptAtOnce(call);
      const streamCtx = withWriter(ctx, call);
      finishStream(
        call,
        ctx,
        done,
        invoke(() => fn(call.request, streamCtx)),
      );
    };
  return registerLoggerAware(build(), build);
}

/** Bidirectional handler: read `call` (async iterable) and write to it; the stream ends when the function resolves. */
export function bidiStream<Req, Res>(
  fn: (call: grpc.ServerDuplexStream<Req, Res>, ctx: CallContext & StreamWriter<Res>) => Promise<void>,
): grpc.handleBidiStreamingCall<Req, Res> {
  const build =
    (logger?: Logger): grpc.handleBidiStreamingCall<Req, Res> =>
    (call) => {
      const { ctx, done } = createCallContext(call, logger);
      acceptAtOnce(call);
      const streamCtx = withWriter(ctx, call);
      finishStream(
        call,
        ctx,
        done,
        invoke(() => fn(call, streamCtx)),
      );
    };
  return registerLoggerAware(build(), build);
}

/**
 * Sends the (empty) response headers as soon as a streaming call reaches its handler, instead of
 * with the first message. The client then knows at once that the server took the call: its
 * circuit breaker judges a stream by that opening, and a half-open breaker lets other calls
 * through only once its trial has an outcome. Without this, a trial stream whose first message
 * comes late (a watch with nothing to report yet, a page still loading) kept every other call to
 * a healthy server failing "circuit open" until that message. (Handlers send no headers of their own.)
 */
function acceptAtOnce(call: ServerCall): void {
  call.sendMetadata(new grpc.Metadata());
}

/** `ctx` with `write` added in place (a copy would evaluate its lazy fields). */
function withWriter<Res>(ctx: CallContext, call: WritableCall<Res>): CallContext & StreamWriter<Res> {
  const writer: StreamWriter<Res> = { write: (msg) => writeWithBackpressure(call, ctx.signal, msg) };
  return Object.assign(ctx, writer);
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
