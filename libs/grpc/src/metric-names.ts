/**
 * Every metric and attribute name this library emits, in one place (STYLE rule 2), so dashboards
 * and alerts have a single list to follow. Names follow the OpenTelemetry RPC conventions where
 * one exists.
 */
export const METER_NAME = '@superagent/grpc';

export const METRIC = {
  /** Histogram, milliseconds: server-side duration of each RPC. */
  serverDuration: 'rpc.server.duration',
  /** Counter: RPCs completed by the server, by method and status code. */
  serverCalls: 'rpc.server.calls',
  /** Gauge: circuit breaker state per client target (0 closed, 1 half-open, 2 open). */
  clientBreakerState: 'rpc.client.breaker.state',
  /** Counter: client retry attempts made after an UNAVAILABLE answer. */
  clientRetries: 'rpc.client.retries',
} as const;

export const ATTR = {
  /** Full method path, e.g. `/superagent.router.v1.RouterService/Route`. */
  method: 'rpc.method',
  /** Numeric gRPC status code. */
  statusCode: 'rpc.grpc.status_code',
  /** Logical name of the downstream a client talks to, e.g. `embedding`. */
  target: 'rpc.target',
} as const;

/** Value of the breaker gauge for each state. */
export const BREAKER_STATE_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
