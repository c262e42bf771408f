import * as grpc from '@grpc/grpc-js';
import { metrics, type Attributes } from '@opentelemetry/api';
import type { Logger } from '@superagent/logging';
import { ATTR, METER_NAME, METRIC } from './metric-names';

/** Services whose calls are infrastructure noise (probes, tooling): logged at debug, still measured. */
const QUIET_PREFIXES = ['/grpc.health.v1.Health/', '/grpc.reflection.'];

/**
 * One access-log line and one metrics observation per RPC: method, status code, duration, peer.
 * Never payloads (they are user content). Instruments are created here, not at import time, so a
 * meter provider registered by the preloaded telemetry is the one that receives them.
 */
export function observabilityInterceptor(logger: Logger): grpc.ServerInterceptor {
  const meter = metrics.getMeter(METER_NAME);
  const duration = meter.createHistogram(METRIC.serverDuration, {
    description: 'Server-side duration of each RPC',
    unit: 'ms',
  });
  const calls = meter.createCounter(METRIC.serverCalls, { description: 'RPCs completed by the server' });

  return (methodDescriptor, call) => {
    const method = methodDescriptor.path;
    const started = performance.now();
    const quiet = QUIET_PREFIXES.some((prefix) => method.startsWith(prefix));
    let recorded = false;

    const record = (code: grpc.status, details: string): void => {
      if (recorded) return;
      recorded = true;
      const ms = performance.now() - started;
      const attributes: Attributes = { [ATTR.method]: method, [ATTR.statusCode]: code };
      duration.record(ms, attributes);
      calls.add(1, attributes);
      const line = {
        method,
        code: grpc.status[code],
        duration_ms: Math.round(ms * 10) / 10,
        peer: call.getPeer(),
      };
      if (quiet) logger.debug(line, 'rpc');
      else if (code === grpc.status.OK) logger.info(line, 'rpc');
      // Details are status messages we chose to send (never payloads); they say what was wrong.
      else logger.warn({ ...line, details }, 'rpc');
    };

    const listener = new grpc.ServerListenerBuilder()
      .withOnCancel(() => {
        // A status sent by the handler was recorded already; this is a client cancel or an
        // expired deadline, which grpc-js answers without going through the interceptors.
        const deadline = call.getDeadline();
        const ms = deadline instanceof Date ? deadline.getTime() : deadline;
        record(
          Date.now() >= ms ? grpc.status.DEADLINE_EXCEEDED : grpc.status.CANCELLED,
          'call ended before a status was sent',
        );
      })
      .build();
    const responder = new grpc.ResponderBuilder()
      .withStart((next) => next(listener))
      .withSendStatus((status, next) => {
        record(status.code, status.details ?? '');
        next(status);
      })
      .build();
    return new grpc.ServerInterceptingCall(call, responder);
  };
}
