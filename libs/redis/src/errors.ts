/**
 * Redis could not give the guarantee a caller needs (e.g. a write was not replicated in time).
 * Carries the gRPC UNAVAILABLE code so the server's error mapping can return a retryable status
 * without this library depending on grpc-js: the client may retry, the write may or may not exist.
 */
export class RedisUnavailableError extends Error {
  /** grpc.status.UNAVAILABLE */
  readonly grpcCode = 14;
  override readonly name: string = 'RedisUnavailableError';
}

/** WAIT returned fewer replica acknowledgements than required, or could not vouch for the write. */
export class ReplicationError extends RedisUnavailableError {
  override readonly name = 'ReplicationError';

  constructor(
    readonly acknowledged: number,
    readonly required: number,
    readonly timeoutMs: number,
    reason?: string,
  ) {
    super(
      reason === undefined
        ? `write acknowledged by ${acknowledged} of ${required} required replica(s) within ${timeoutMs} ms`
        : `write not acknowledged: ${reason}`,
    );
  }
}
