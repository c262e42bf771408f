import * as grpc from '@grpc/grpc-js';
import { metrics, type Attributes, type Counter, type Histogram } from '@opentelemetry/api';
import type { Logger } from '@superagent/logging';
import { ForwardingServerCall, type SentStatus } from './forwarding-call';
import { ATTR, METER_NAME, METRIC } from './metric-names';

/** Services whose calls are infrastructure noise (probes, tooling): logged at debug, still measured. */
const QUIET_PREFIXES = ['/grpc.health.v1.Health/', '/grpc.reflection.'];

/** The largest gRPC status code (UNAUTHENTICATED); codes above it are recorded uncached. */
const MAX_CODE = 16;

interface Instruments {
  readonly logger: Logger;
  readonly duration: Histogram;
  readonly calls: Counter;
}

/**
 * What is fixed for a method: computed on its first call, so a call spends nothing on prefix
 * checks or on metric attribute objects (one frozen object per method and status code, which the
 * metrics SDK may keep as the series key).
 */
class MethodFacts {
  readonly quiet: boolean;
  private readonly attributes: Array<Attributes | undefined> = [];

  constructor(readonly path: string) {
    this.quiet = QUIET_PREFIXES.some((prefix) => path.startsWith(prefix));
  }

  attributesFor(code: number): Attributes {
    const cached = this.attributes[code];
    if (cached) return cached;
    const attributes = Object.freeze({ [ATTR.method]: this.path, [ATTR.statusCode]: code });
    if (Number.isInteger(code) && code >= 0 && code <= MAX_CODE) this.attributes[code] = attributes;
    return attributes;
  }
}

/** One call seen by the interceptor: records the outcome once, when a status is sent or the call ends. */
class ObservedCall extends ForwardingServerCall {
  private readonly started = performance.now();
  private recorded = false;

  constructor(
    next: grpc.ServerInterceptingCallInterface,
    private readonly facts: MethodFacts,
    private readonly instruments: Instruments,
  ) {
    super(next);
  }

  override sendStatus(status: SentStatus): void {
    this.record(status.code, status.details ?? '');
    super.sendStatus(status);
  }

  override onCancel(): void {
    // A status sent by the handler was recorded already; this is a client cancel or an expired
    // deadline, which grpc-js answers without going through the interceptors.
    if (!this.recorded) {
      const deadline = this.getDeadline();
      const ms = deadline instanceof Date ? deadline.getTime() : deadline;
      this.record(
        Date.now() >= ms ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED,
        'call ended before a status was sent',
      );
    }
    super.onCancel();
  }

  private record(code: grpc.status, details: string): void {
    if (this.recorded) return;
    this.recorded = true;
    const ms = performance.now() - this.started;
    const { logger, duration, calls } = this.instruments;
    const attributes = this.facts.attributesFor(code);
    duration.record(ms, attributes);
    calls.add(1, attributes);
    const level = this.facts.quiet ? 'debug' : code === grpc.status.OK ? 'info' : 'warn';
    // The line (and the peer lookup) is built only when it will be written.
    if (!logger.isLevelEnabled(level)) return;
    const line = {
      method: this.facts.path,
      code: grpc.status[code],
      duration_ms: Math.round(ms * 10) / 10,
      peer: this.getPeer(),
    };
    if (level === 'warn')
      // Details are status messages we chose to send (never payloads); they say what was wrong.
      logger.warn({ ...line, details }, 'rpc');
    else logger[level](line, 'rpc');
  }
}

/**
 * One access-log line and one metrics observation per RPC: method, status code, duration, peer.
 * Never payloads (they are user content). Instruments are created here, not at import time, so a
 * meter provider registered by the preloaded telemetry is the one that receives them.
 */
export function observabilityInterceptor(logger: Logger): grpc.ServerInterceptor {
  const meter = metrics.getMeter(METER_NAME);
  const instruments: Instruments = {
    logger,
    duration: meter.createHistogram(METRIC.serverDuration, {
      description: 'Server-side duration of each RPC',
      unit: 'ms',
    }),
    calls: meter.createCounter(METRIC.serverCalls, { description: 'RPCs completed by the server' }),
  };
  // Keyed by path: a server hosts a fixed, small set of methods.
  const facts = new Map<string, MethodFacts>();

  return (methodDescriptor, call) => {
    const path = methodDescriptor.path;
    let method = facts.get(path);
    if (!method) {
      method = new MethodFacts(path);
      facts.set(path, method);
    }
    return new ObservedCall(call, method, instruments);
  };
}
