/**
 * Options for every service's `redis` circuit breaker (libs/grpc TargetBreaker): the usual
 * thresholds, but a 1 s reset so that writes resume about a second after a Sentinel failover
 * instead of waiting out the 5 s default.
 */
export const REDIS_BREAKER_OPTIONS = { resetTimeout: 1_000 } as const;
