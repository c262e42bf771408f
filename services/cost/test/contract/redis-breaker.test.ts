// Issue 10, breakers: the cost store's `redis` circuit breaker against a real redis-server that is
// SIGKILLed and restarted on the same port. While Redis is down the breaker opens (log line), then
// calls fail fast as StoreUnavailableError "circuit open" (→ UNAVAILABLE); once Redis is back the
// breaker half-opens after its short reset timeout and writes resume.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exerciseRedisOutage, startRedisServer, type RedisServer } from '@superagent/devkit';
import { TargetBreaker } from '@superagent/grpc';
import { captureLogger } from '@superagent/logging';
import { closeRedis, createRedis, REDIS_BREAKER_OPTIONS, type Redis } from '@superagent/redis';
import { StoreUnavailableError, type CostStore } from '../../src/store/cost-store';
import { countsAsRedisFailure, createRedisCostStore } from '../../src/store/redis-store';
import { loadDefaultPrices, makeUsage, testClock } from '../support/fixtures';

const { logger, lines } = captureLogger('cost-test', 'info');
const prices = loadDefaultPrices();

let server: RedisServer | undefined;
let redis: Redis | undefined;
const breakers: TargetBreaker[] = [];

before(async () => {
  server = await startRedisServer();
  redis = createRedis({ name: 'cost-breaker-test', url: server.url }, logger);
});

after(async () => {
  for (const b of breakers) b.shutdown();
  if (redis) await closeRedis(redis);
  await server?.stop();
});

/** A cost store behind its own `redis` breaker (opening after 3 failures), WAIT as given. */
function breakerStore(
  target: string,
  clock: ReturnType<typeof testClock>,
  wait: { waitReplicas?: number; waitTimeoutMs?: number } = {},
): { store: CostStore; breaker: TargetBreaker } {
  assert.ok(redis);
  const breaker = new TargetBreaker(
    target,
    { ...REDIS_BREAKER_OPTIONS, volumeThreshold: 3 },
    logger,
    countsAsRedisFailure,
  );
  breakers.push(breaker);
  return { store: createRedisCostStore(redis, { now: clock.now, breaker, ...wait }), breaker };
}

test('a dead Redis opens the redis breaker; calls then fail fast; writes resume after a restart', async () => {
  assert.ok(server);
  const clock = testClock();
  const { store, breaker: b } = breakerStore('redis', clock);
  await exerciseRedisOutage({
    server,
    write: () => store.record([makeUsage(prices, clock.now(), { costMicros: 1 })]),
    isUnavailable: (err) => err instanceof StoreUnavailableError,
    breakerState: () => b.state(),
  });
  const changes = lines
    .filter((l) => l.target === 'redis' && /^circuit breaker/.test(l.msg))
    .map((l) => l.state);
  assert.deepEqual(changes, ['open', 'half-open', 'closed'], 'each state change is a log line');
});

test('writes the replicas did not acknowledge fail as unavailable but leave the breaker closed, so reads still work', async () => {
  const clock = testClock();
  // A standalone server has no replica: every WAIT 1 comes back short.
  const { store, breaker: b } = breakerStore('redis-replication', clock, {
    waitReplicas: 1,
    waitTimeoutMs: 20,
  });
  const usage = makeUsage(prices, clock.now(), { costMicros: 7 });
  for (let i = 0; i < 10; i++) {
    await assert.rejects(store.record([usage]), {
      name: 'StoreUnavailableError',
      message: /acknowledged by 0 of 1/,
    });
  }
  assert.equal(b.state(), 'closed');
  assert.equal(await store.getReservation('no-such-reservation'), undefined, 'reads still work');
});

test('a full Redis (maxmemory, noeviction) refuses writes as unavailable, naming why; the breaker stays closed for reads', async () => {
  assert.ok(redis);
  const clock = testClock();
  const { store, breaker: b } = breakerStore('redis-full', clock);
  const usage = makeUsage(prices, clock.now(), { costMicros: 9 });
  await redis.config('SET', 'maxmemory-policy', 'noeviction');
  await redis.config('SET', 'maxmemory', '1');
  try {
    for (let i = 0; i < 10; i++)
      await assert.rejects(store.record([usage]), { name: 'StoreUnavailableError', message: /OOM/ });
    assert.equal(b.state(), 'closed');
    assert.equal(await store.getReservation('no-such-reservation'), undefined, 'reads still work');
  } finally {
    await redis.config('SET', 'maxmemory', '0');
  }
  assert.deepEqual(await store.record([usage]), [true], 'writes resume once Redis has room');
});
