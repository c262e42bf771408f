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

const epochs = new WeakMap<Redis, { connections: number }>();

/**
 * How many times `redis` has (re)connected. WAIT counts only the writes of its own connection, and
 * ioredis re-sends a command whose connection dropped on the next one: a WAIT that follows a write
 * across a reconnection reports the new connection (no writes, every replica "has" them), not the
 * write. Capture the epoch before writing and pass it to requireReplicated, which refuses the
 * acknowledgement when the connection changed in between. createRedis starts counting at once;
 * another client starts counting at its first call here.
 */
export function connectionEpoch(redis: Redis): number {
  let state = epochs.get(redis);
  if (state === undefined) {
    const counter = { connections: 0 };
    redis.on('ready', () => {
      counter.connections++;
    });
    epochs.set(redis, counter);
    state = counter;
  }
  return state.connections;
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
 * `replicas` replicas confirmed the preceding writes, or when the client reconnected since
 * `sinceEpoch` (connectionEpoch before the writes: the WAIT would not be about them). The write may
 * still exist on the master; it is the acknowledgement that is withheld, so callers retry
 * idempotently.
 */
export async function requireReplicated(
  redis: Redis,
  replicas: number,
  timeoutMs: number,
  sinceEpoch?: number,
): Promise<number> {
  const acknowledged = await waitReplicated(redis, replicas, timeoutMs);
  if (acknowledged < replicas) throw new ReplicationError(acknowledged, replicas, timeoutMs);
  if (sinceEpoch !== undefined && connectionEpoch(redis) !== sinceEpoch) {
    throw new ReplicationError(0, replicas, timeoutMs, 'the connection changed between the write and WAIT');
  }
  return acknowledged;
}
