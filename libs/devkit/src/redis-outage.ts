import assert from 'node:assert/strict';
import type { RedisServer } from './redis-server';
import { waitFor } from './wait';

export interface RedisOutageProbe {
  /** The Redis the store talks to; it is SIGKILLed and restarted on the same port. */
  readonly server: RedisServer;
  /** One store call that writes to Redis. */
  readonly write: () => Promise<unknown>;
  /** The store's "Redis is away" error (the one its service turns into UNAVAILABLE). */
  readonly isUnavailable: (err: unknown) => boolean;
  /** The store's circuit-breaker state. */
  readonly breakerState: () => string;
}

export interface RedisOutageReport {
  /** Failed calls it took the breaker to open. */
  readonly failuresToOpen: number;
  /** How long one call took while the breaker was open. */
  readonly openCallMs: number;
  /** From the restart to the first successful write. */
  readonly resumeMs: number;
}

/**
 * Drives a store through a Redis outage behind its `redis` breaker and asserts the behaviour the
 * services promise: failures are "unavailable" (never a crash or a bug error), the breaker opens
 * within 10 calls, calls then fail fast without touching Redis, and writes resume after a restart.
 */
export async function exerciseRedisOutage(probe: RedisOutageProbe): Promise<RedisOutageReport> {
  await probe.write();
  probe.server.kill('SIGKILL');
  await probe.server.exited();
  let failuresToOpen = 0;
  while (probe.breakerState() !== 'open') {
    await assert.rejects(probe.write(), (err) => probe.isUnavailable(err));
    failuresToOpen++;
    assert.ok(failuresToOpen <= 10, 'the breaker opens within 10 failed calls');
  }

  const t0 = performance.now();
  await assert.rejects(probe.write(), (err) => {
    assert.ok(probe.isUnavailable(err), `unavailable while open, got ${String(err)}`);
    assert.match((err as Error).message, /circuit open/);
    return true;
  });
  const openCallMs = performance.now() - t0;
  assert.ok(openCallMs < 50, `fails fast while open (${openCallMs.toFixed(1)} ms)`);

  await probe.server.restart();
  const restarted = performance.now();
  await waitFor(
    async () =>
      probe.write().then(
        () => true,
        () => false,
      ),
    { timeoutMs: 10_000, intervalMs: 100, what: 'a write after the restart' },
  );
  const resumeMs = performance.now() - restarted;
  assert.equal(probe.breakerState(), 'closed');
  assert.ok(resumeMs < 5_000, `writes resume promptly after Redis is back (${resumeMs.toFixed(0)} ms)`);
  return { failuresToOpen, openCallMs, resumeMs };
}
