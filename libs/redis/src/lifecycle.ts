import type { Redis } from 'ioredis';

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Readiness: true when the connection is up and PING answers within `timeoutMs`.
 * A lazy client that never connected starts connecting here. While disconnected it answers
 * false at once instead of queueing a PING, so a readiness probe never piles up work.
 */
export async function redisReady(redis: Redis, timeoutMs = 500): Promise<boolean> {
  if (redis.status === 'wait') redis.connect().catch(() => undefined);
  if (redis.status !== 'ready') return false;
  try {
    return (await withTimeout(redis.ping(), timeoutMs, 'PING')) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * QUIT (lets in-flight replies arrive) raced against `timeoutMs`, then a hard disconnect in every
 * case, so shutdown never hangs on a dead server. Safe to call twice or on a never-connected client.
 * A client caught between reconnection attempts stays in status "reconnecting" (ioredis emits no
 * "end" then), but its reconnection timer is cancelled, so nothing runs afterwards.
 */
export async function closeRedis(redis: Redis, timeoutMs = 1000): Promise<void> {
  if (redis.status === 'end') return;
  const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
  if (redis.status === 'ready') {
    try {
      await withTimeout(redis.quit(), timeoutMs, 'QUIT');
    } catch {
      // Timed out or the connection broke: the disconnect below ends it regardless.
    }
  }
  const reconnecting = redis.status === 'reconnecting';
  redis.disconnect(false);
  // Read through a function: TypeScript would otherwise keep the narrowing from above.
  const status = (): string => redis.status;
  if (reconnecting || status() === 'end') return;
  await withTimeout(ended, timeoutMs, 'close').catch(() => undefined);
}
