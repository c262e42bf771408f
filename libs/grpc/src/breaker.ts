import * as grpc from '@grpc/grpc-js';
import { metrics, type ObservableResult } from '@opentelemetry/api';
import CircuitBreaker from 'opossum';
import type { Logger } from '@superagent/logging';
import { ServiceError, isGrpcStatusError } from './errors';
import { ATTR, BREAKER_STATE_VALUE, METER_NAME, METRIC } from './metric-names';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Failure percentage (over the rolling window) that opens the circuit; default 50. */
  errorThresholdPercentage?: number;
  /** How long the circuit stays open before one trial call is let through; default 5000 ms. */
  resetTimeout?: number;
  /** Calls in the window before the circuit may open at all; default 10. */
  volumeThreshold?: number;
  /** Rolling statistics window; default 10000 ms. */
  rollingCountTimeout?: number;
  rollingCountBuckets?: number;
}

const DEFAULTS: Required<BreakerOptions> = {
  errorThresholdPercentage: 50,
  resetTimeout: 5_000,
  volumeThreshold: 10,
  rollingCountTimeout: 10_000,
  rollingCountBuckets: 10,
};

/** grpc-js messages for INTERNAL that come from the transport, not from the server's handler. */
const TRANSPORT_INTERNAL = /^(Received RST_STREAM|Received HTTP status code|Write error)/;

/**
 * Only answers that say "this target is unhealthy" count against the breaker: UNAVAILABLE,
 * DEADLINE_EXCEEDED and transport-level INTERNAL. A server saying INVALID_ARGUMENT or NOT_FOUND
 * is healthy and answering.
 */
export function countsAsBreakerFailure(err: unknown): boolean {
  if (!isGrpcStatusError(err)) return false;
  switch (err.code) {
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return true;
    case grpc.status.INTERNAL:
      return TRANSPORT_INTERNAL.test(err.details);
    default:
      return false;
  }
}

export function circuitOpenError(target: string): ServiceError {
  return new ServiceError(grpc.status.UNAVAILABLE, `${target}: circuit open`);
}

/** Marks errors produced by the breaker itself, so the retry loop does not retry them. */
export function isCircuitOpenError(err: unknown): boolean {
  return (
    err instanceof ServiceError &&
    err.code === grpc.status.UNAVAILABLE &&
    err.details.endsWith(': circuit open')
  );
}

type Thunk = () => Promise<void>;

/**
 * One opossum breaker for one downstream target, with state logging and a state gauge. `run` takes any
 * async thunk, so non-gRPC downstreams (Qdrant, Redis) pass their own `isFailure`: which errors say
 * "the target is unhealthy" (the default judges gRPC statuses).
 */
export class TargetBreaker {
  private readonly breaker: CircuitBreaker<[Thunk], void>;
  private readonly removeGauge: () => void;
  /** Errors a call's `excuse` cleared of saying anything about the target's health. */
  private readonly excused = new WeakSet<object>();

  constructor(
    private readonly target: string,
    options: BreakerOptions,
    logger: Logger,
    isFailure: (err: unknown) => boolean = countsAsBreakerFailure,
  ) {
    this.breaker = new CircuitBreaker<[Thunk], void>((thunk: Thunk) => thunk(), {
      ...DEFAULTS,
      ...options,
      // Deadlines bound every call already (callers of `run` must bound theirs); a second timer here
      // would disagree with them.
      timeout: false,
      // true = "not a failure": the error is still returned to the caller.
      errorFilter: (err: unknown) => this.excused.has(err as object) || !isFailure(err),
      name: target,
    });
    this.breaker.on('open', () => logger.warn({ target, state: 'open' }, 'circuit breaker opened'));
    this.breaker.on('halfOpen', () =>
      logger.info({ target, state: 'half-open' }, 'circuit breaker half-open'),
    );
    this.breaker.on('close', () => logger.info({ target, state: 'closed' }, 'circuit breaker closed'));

    const gauge = metrics.getMeter(METER_NAME).createObservableGauge(METRIC.clientBreakerState, {
      description: 'Circuit breaker state per target: 0 closed, 1 half-open, 2 open',
    });
    const observe = (result: ObservableResult): void => {
      result.observe(BREAKER_STATE_VALUE[this.state()], { [ATTR.target]: target });
    };
    gauge.addCallback(observe);
    this.removeGauge = () => gauge.removeCallback(observe);
  }

  state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  /**
   * Runs a unary attempt through the breaker; fails fast with UNAVAILABLE "circuit open" while open.
   * `excuse`: errors of this call that do not count against the target whatever `isFailure` says
   * (e.g. a deadline the caller's own caller made too short for the target to meet).
   */
  async run<T>(attempt: () => Promise<T>, excuse?: (err: unknown) => boolean): Promise<T> {
    let box: { value: T } | undefined;
    try {
      await this.breaker.fire(async () => {
        try {
          box = { value: await attempt() };
        } catch (err) {
          this.markExcused(err, excuse);
          throw err;
        }
      });
    } catch (err) {
      throw this.translate(err);
    }
    if (!box) throw new Error('circuit breaker resolved without running the call');
    return box.value;
  }

  /**
   * Starts a streaming call through the breaker. The stream's opening counts: an error status
   * before, or soon after, the response headers is judged like a unary failure; headers followed
   * by STREAM_OPENING_QUIET_MS without one (or an OK status) are success.
   * Throws UNAVAILABLE "circuit open" synchronously while open.
   */
  start<C extends grpc.Call>(open: () => C, excuse?: (err: unknown) => boolean): C {
    let call: C | undefined;
    // opossum runs the action synchronously inside fire(), so `call` is set before it returns.
    this.breaker
      .fire(() => {
        const started = open();
        call = started;
        return streamOpening(started).catch((err: unknown) => {
          this.markExcused(err, excuse);
          throw err;
        });
      })
      .catch(() => {
        // The outcome is recorded by the breaker; the caller sees errors on the stream itself.
      });
    if (!call) throw circuitOpenError(this.target);
    return call;
  }

  shutdown(): void {
    this.removeGauge();
    this.breaker.shutdown();
  }

  private markExcused(err: unknown, excuse: ((err: unknown) => boolean) | undefined): void {
    if (excuse !== undefined && typeof err === 'object' && err !== null && excuse(err)) this.excused.add(err);
  }

  private translate(err: unknown): unknown {
    if (err instanceof Error && 'code' in err && err.code === 'EOPENBREAKER')
      return circuitOpenError(this.target);
    return err;
  }
}

/**
 * After the server's headers, how long a stream must go without failing for its opening to count
 * as a success. Servers built with this library send headers as soon as a handler takes the call,
 * so a handler that fails at once (UNAVAILABLE: its own dependency is down) still counts against
 * the target, as a unary failure would, while a stream with nothing to send yet settles its
 * breaker outcome (a half-open trial) after this long instead of after its first message.
 */
export const STREAM_OPENING_QUIET_MS = 1_000;

function streamOpening(call: grpc.Call): Promise<void> {
  return new Promise((resolve, reject) => {
    let quiet: NodeJS.Timeout | undefined;
    call.once('metadata', () => {
      quiet = setTimeout(resolve, STREAM_OPENING_QUIET_MS);
      quiet.unref();
    });
    call.once('status', (status: grpc.StatusObject) => {
      clearTimeout(quiet);
      if (status.code === grpc.status.OK) resolve();
      else reject(new ServiceError(status.code, status.details, { metadata: status.metadata }));
    });
  });
}
