import * as grpc from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import type { Logger } from '@superagent/logging';
import { TargetBreaker, isCircuitOpenError, type BreakerOptions, type BreakerState } from './breaker';
import type {
  BidiMethod,
  ClientStreamMethod,
  MethodName,
  MethodShape,
  Req,
  Res,
  ServerStreamMethod,
  ServiceShape,
  UnaryMethod,
} from './client-types';
import { onCallCancelled, type CallContext, type ServerCall } from './context';
import { isGrpcStatusError } from './errors';
import { ATTR, METER_NAME, METRIC } from './metric-names';

export interface RetryOptions<D extends ServiceShape> {
  /** Total attempts including the first; 1 disables retries. */
  maxAttempts: number;
  /** Delay before the first retry; doubles each time, with jitter, never past the deadline. */
  backoffMs: number;
  /** Unary methods that are safe to repeat; default all unary methods. */
  idempotentMethods?: ReadonlyArray<UnaryMethod<D>>;
}

export interface ClientOptions<D extends ServiceShape> {
  /** Logical name of the downstream, e.g. `embedding`: names the breaker, logs and metrics. */
  target: string;
  /** Deadline of a call when neither the call nor `methodDeadlinesMs` sets one. */
  defaultDeadlineMs: number;
  methodDeadlinesMs?: Partial<Record<MethodName<D>, number>>;
  /** Retries on UNAVAILABLE only, for idempotent unary calls. Default: no retries. */
  retry?: RetryOptions<D>;
  /** Circuit breaker options, or `false` for none. Default: a breaker with opossum-style defaults. */
  breaker?: BreakerOptions | false;
  logger: Logger;
  channelOptions?: grpc.ChannelOptions;
  /** Default: insecure (in-cluster traffic; mTLS is the mesh's job). */
  credentials?: grpc.ChannelCredentials;
}

export interface CallOptions {
  /** The inbound call being served: the child deadline becomes min(parent, own) and cancellation propagates. */
  parent?: CallContext | ServerCall;
  /** Overrides the method's deadline for this call. */
  deadlineMs?: number;
  metadata?: grpc.Metadata;
  /** Cancels the call when aborted. */
  signal?: AbortSignal;
}

export interface GrpcClient<D extends ServiceShape> {
  readonly target: string;
  readonly address: string;
  unary<K extends UnaryMethod<D>>(method: K, request: Req<D, K>, options?: CallOptions): Promise<Res<D, K>>;
  /** Messages as they arrive; leaving the loop early cancels the call. */
  serverStream<K extends ServerStreamMethod<D>>(
    method: K,
    request: Req<D, K>,
    options?: CallOptions,
  ): AsyncIterable<Res<D, K>>;
  /** The grpc-js call (write requests, `end()`), resolving to the single response. */
  clientStream<K extends ClientStreamMethod<D>>(
    method: K,
    options?: CallOptions,
  ): { call: grpc.ClientWritableStream<Req<D, K>>; response: Promise<Res<D, K>> };
  /** The grpc-js duplex call with deadline and parent set. Throws UNAVAILABLE "circuit open" while the breaker is open. */
  bidi<K extends BidiMethod<D>>(
    method: K,
    options?: CallOptions,
  ): grpc.ClientDuplexStream<Req<D, K>, Res<D, K>>;
  breakerState(): BreakerState;
  /** Resolves once the channel is connected (or rejects at the deadline); for start-up checks. */
  waitForReady(timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * A client for one downstream service, built from its ts-proto definition (e.g. `RouterServiceService`),
 * with per-method deadlines, parent propagation, retry on UNAVAILABLE and a circuit breaker.
 */
export function createClient<D extends ServiceShape>(
  definition: D,
  address: string,
  options: ClientOptions<D>,
): GrpcClient<D> {
  const client = new grpc.Client(
    address,
    options.credentials ?? grpc.credentials.createInsecure(),
    options.channelOptions,
  );
  const breaker =
    options.breaker === false
      ? undefined
      : new TargetBreaker(options.target, options.breaker ?? {}, options.logger);
  const retries = metrics
    .getMeter(METER_NAME)
    .createCounter(METRIC.clientRetries, { description: 'Retries after UNAVAILABLE' });
  const retry = options.retry;
  const idempotent = retry?.idempotentMethods ? new Set<string>(retry.idempotentMethods) : undefined;

  const methodOf = <K extends keyof D>(method: K): D[K] => definition[method];
  const deadlineFor = (method: string, callOptions: CallOptions | undefined): number => {
    const perMethod: Partial<Record<string, number>> | undefined = options.methodDeadlinesMs;
    return Date.now() + (callOptions?.deadlineMs ?? perMethod?.[method] ?? options.defaultDeadlineMs);
  };

  async function unaryCall<K extends UnaryMethod<D>>(
    method: K,
    request: Req<D, K>,
    callOptions?: CallOptions,
  ): Promise<Res<D, K>> {
    const def = methodOf(method);
    const deadline = deadlineFor(method, callOptions);
    const maxAttempts =
      retry && (idempotent === undefined || idempotent.has(method)) ? Math.max(1, retry.maxAttempts) : 1;
    const attemptOnce = (): Promise<Res<D, K>> =>
      new Promise<Res<D, K>>((resolve, reject) => {
        const call = client.makeUnaryRequest<Req<D, K>, Res<D, K>>(
          def.path,
          serializerOf(def),
          deserializerOf(def),
          request,
          callOptions?.metadata ?? new grpc.Metadata(),
          grpcCallOptions(deadline, callOptions),
          (err, response) => {
            if (err) reject(err);
            else if (response === undefined) reject(new Error(`${def.path}: empty response`));
            else resolve(response);
          },
        );
        const detach = linkCancellation(call, callOptions);
        call.on('status', detach);
      });

    const excuse = parentsDeadlineExcuse(deadline, callOptions);
    for (let attempt = 1; ; attempt++) {
      try {
        return await (breaker ? breaker.run(attemptOnce, excuse) : attemptOnce());
      } catch (err) {
        const retryable =
          isGrpcStatusError(err) && err.code === grpc.status.UNAVAILABLE && !isCircuitOpenError(err);
        if (!retryable || attempt >= maxAttempts || !retry) throw err;
        const wait = backoff(retry.backoffMs, attempt);
        if (
          Date.now() + wait >= Math.min(deadline, parentDeadline(callOptions)) ||
          callOptions?.signal?.aborted ||
          parentSignal(callOptions)?.aborted
        )
          throw err;
        retries.add(1, { [ATTR.target]: options.target, [ATTR.method]: def.path });
        options.logger.debug(
          { target: options.target, method: def.path, attempt, wait },
          'retrying after UNAVAILABLE',
        );
        await sleep(wait);
      }
    }
  }

  async function* serverStreamCall<K extends ServerStreamMethod<D>>(
    method: K,
    request: Req<D, K>,
    callOptions?: CallOptions,
  ): AsyncGenerator<Res<D, K>> {
    const def = methodOf(method);
    const deadline = deadlineFor(method, callOptions);
    const open = (): grpc.ClientReadableStream<Res<D, K>> =>
      client.makeServerStreamRequest<Req<D, K>, Res<D, K>>(
        def.path,
        serializerOf(def),
        deserializerOf(def),
        request,
        callOptions?.metadata ?? new grpc.Metadata(),
        grpcCallOptions(deadline, callOptions),
      );
    const call = breaker ? breaker.start(open, parentsDeadlineExcuse(deadline, callOptions)) : open();
    const detach = linkCancellation(call, callOptions);
    try {
      for await (const message of call) yield message as Res<D, K>;
    } finally {
      detach();
      // The consumer may stop early: cancel so the server stops producing. The resulting
      // CANCELLED error has no reader any more, so it must not become an unhandled 'error'.
      call.on('error', () => {});
      call.cancel();
    }
  }

  return {
    target: options.target,
    address,
    unary: unaryCall,
    serverStream: serverStreamCall,
    clientStream<K extends ClientStreamMethod<D>>(method: K, callOptions?: CallOptions) {
      const def = methodOf(method);
      const deadline = deadlineFor(method, callOptions);
      const response = deferred<Res<D, K>>();
      const open = (): grpc.ClientWritableStream<Req<D, K>> =>
        client.makeClientStreamRequest<Req<D, K>, Res<D, K>>(
          def.path,
          serializerOf(def),
          deserializerOf(def),
          callOptions?.metadata ?? new grpc.Metadata(),
          grpcCallOptions(deadline, callOptions),
          (err, res) => {
            if (err) response.reject(err);
            else if (res === undefined) response.reject(new Error(`${def.path}: empty response`));
            else response.resolve(res);
          },
        );
      // Throws UNAVAILABLE "circuit open" synchronously while the breaker is open.
      const call = breaker ? breaker.start(open, parentsDeadlineExcuse(deadline, callOptions)) : open();
      const detach = linkCancellation(call, callOptions);
      call.on('status', detach);
      return { call, response: response.promise };
    },
    bidi<K extends BidiMethod<D>>(method: K, callOptions?: CallOptions) {
      const def = methodOf(method);
      const deadline = deadlineFor(method, callOptions);
      const open = (): grpc.ClientDuplexStream<Req<D, K>, Res<D, K>> =>
        client.makeBidiStreamRequest<Req<D, K>, Res<D, K>>(
          def.path,
          serializerOf(def),
          deserializerOf(def),
          callOptions?.metadata ?? new grpc.Metadata(),
          grpcCallOptions(deadline, callOptions),
        );
      const call = breaker ? breaker.start(open, parentsDeadlineExcuse(deadline, callOptions)) : open();
      const detach = linkCancellation(call, callOptions);
      call.on('status', detach);
      return call;
    },
    breakerState: () => breaker?.state() ?? 'closed',
    waitForReady(timeoutMs: number) {
      return new Promise<void>((resolve, reject) => {
        client.waitForReady(Date.now() + timeoutMs, (err) => (err ? reject(err) : resolve()));
      });
    },
    close() {
      breaker?.shutdown();
      client.close();
    },
  };
}

function serializerOf<Q>(def: MethodShape): (value: Q) => Buffer {
  // The definition's serializer is typed for exactly Q; MethodShape erases that to `never`.
  return def.requestSerialize as (value: Q) => Buffer;
}

function deserializerOf<R>(def: MethodShape): (value: Buffer) => R {
  return def.responseDeserialize as (value: Buffer) => R;
}

function parentCall(options: CallOptions | undefined): ServerCall | undefined {
  const parent = options?.parent;
  if (parent === undefined) return undefined;
  return 'call' in parent && 'signal' in parent ? parent.call : parent;
}

/** The parent call's deadline in ms since the epoch (Infinity when it has none). */
function parentDeadline(options: CallOptions | undefined): number {
  const parent = parentCall(options);
  if (parent === undefined) return Infinity;
  const deadline = parent.getDeadline();
  return deadline instanceof Date ? deadline.getTime() : deadline;
}

/**
 * For the breaker: a DEADLINE_EXCEEDED says nothing about the target when the call ran on its
 * parent's deadline, shorter than the one this client gives the method. Otherwise one caller
 * sending hasty deadlines (a CLI --timeout, a load test) opens the circuit to a healthy target
 * for every other caller. A target too slow for this client's own deadline still counts.
 */
function parentsDeadlineExcuse(
  ownDeadline: number,
  options: CallOptions | undefined,
): ((err: unknown) => boolean) | undefined {
  if (parentDeadline(options) >= ownDeadline) return undefined;
  return (err) => isGrpcStatusError(err) && err.code === grpc.status.DEADLINE_EXCEEDED;
}

function parentSignal(options: CallOptions | undefined): AbortSignal | undefined {
  const parent = options?.parent;
  return parent !== undefined && 'signal' in parent && 'call' in parent ? parent.signal : undefined;
}

/**
 * Deadline propagation is grpc-js's (min of parent and own). Cancellation is linked by hand in
 * `linkCancellation` instead of grpc-js's CANCELLATION flag, which adds a listener to the parent
 * per child call and never removes it (a leak on long-lived streams making many calls).
 */
function grpcCallOptions(deadline: number, options: CallOptions | undefined): grpc.CallOptions {
  const parent = parentCall(options);
  if (parent === undefined) return { deadline };
  return { deadline, parent, propagate_flags: grpc.propagate.DEFAULTS & ~grpc.propagate.CANCELLATION };
}

/** Cancels `call` when the caller's signal aborts or the parent call is cancelled; returns the detach function. */
function linkCancellation(call: grpc.Call, options: CallOptions | undefined): () => void {
  const cleanups: Array<() => void> = [];
  const cancel = (): void => call.cancel();
  const signals = [options?.signal, parentSignal(options)].filter((s): s is AbortSignal => s !== undefined);
  for (const signal of signals) {
    if (signal.aborted) {
      process.nextTick(cancel);
      continue;
    }
    signal.addEventListener('abort', cancel, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', cancel));
  }
  const parent = parentCall(options);
  if (parent !== undefined && parentSignal(options) === undefined) {
    if (parent.cancelled) process.nextTick(cancel);
    cleanups.push(onCallCancelled(parent, cancel));
  }
  let detached = false;
  return () => {
    if (detached) return;
    detached = true;
    for (const cleanup of cleanups) cleanup();
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function backoff(baseMs: number, attempt: number): number {
  const exponential = baseMs * 2 ** (attempt - 1);
  // Jitter in [50 %, 100 %] spreads retries from many callers after a shared outage.
  return Math.round(exponential * (0.5 + Math.random() * 0.5));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
