import type { Redis } from 'ioredis';
import { ReplicationError } from './errors';

function checkArgs(redis: Redis, replicas: number, timeoutMs: number): void {
  if (!Number.isInteger(replicas) || replicas < 0)
    throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
  // WAIT with timeout 0 blocks forever: never allow it.
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new RangeError(`timeoutMs must be a positive integer, got ${timeoutMs}`);
  const commandTimeout = redis.options.commandTimeout;
  if (commandTimeout !== undefined && timeoutMs >= commandTimeout) {
    throw new RangeError(
      `timeoutMs (${timeoutMs}) must be below the client's commandTimeout (${commandTimeout})`,
    );
  }
}

/**
 * WAIT: blocks until the writes sent so far on this connection reached `replicas` replicas or
 * `timeoutMs` passed, and returns how many acknowledged. Call it on the connection that wrote.
 */
export async function waitReplicated(redis: Redis, replicas: number, timeoutMs: number): Promise<number> {
  checkArgs(redis, replicas, timeoutMs);
  return redis.wait(replicas, timeoutMs);
}

/**
 * Acknowledge only after replication: throws ReplicationError (gRPC UNAVAILABLE) when fewer than
 * `replicas` replicas confirmed the preceding writes. The write may still exist on the master; it
 * is the acknowledgement that is withheld, so callers retry idempotently.
 */
export async function requireReplicated(redis: Redis, replicas: number, timeoutMs: number): Promise<number> {
  const acknowledged = await waitReplicated(redis, replicas, timeoutMs);
  if (acknowledged < replicas) throw new ReplicationError(acknowledged, replicas, timeoutMs);
  return acknowledged;
}
