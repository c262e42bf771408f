import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '@superagent/devkit';
import { utcDay } from '../../src/domain/periods';
import { createRedisCostStore } from '../../src/store/redis-store';
import { enc, PREFIX, reservationKey } from '../../src/store/redis-keys';
import { loadDefaultPrices, makeUsage, testClock } from '../support/fixtures';
import { costStoreContract } from './cost-store-contract';

let server: RedisServer | undefined;
const contractClients: Redis[] = [];

async function connect(url: string, clients: Redis[] = []): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  // Connection errors surface through the commands that fail; the event must still be handled.
  redis.on('error', () => undefined);
  clients.push(redis);
  await redis.connect();
  return redis;
}

costStoreContract('redis', async () => {
  server = await startRedisServer();
  const admin = await connect(server.url, contractClients);
  return {
    open: async (clock) =>
      createRedisCostStore(await connect(server?.url ?? '', contractClients), { now: clock.now }),
    reset: async () => {
      await admin.flushall();
    },
    close: async () => {
      for (const c of contractClients.splice(0)) c.disconnect();
      await server?.stop();
    },
  };
});

// Redis-only properties: the key namespace, TTLs, and WAIT.
let redisOnly: RedisServer | undefined;
let redis: Redis;
before(async () => {
  redisOnly = await startRedisServer();
  redis = await connect(redisOnly.url);
});
after(async () => {
  redis?.disconnect();
  await redisOnly?.stop();
});

const prices = loadDefaultPrices();

test('redis: every key lives under sa:cost: and has a TTL', async () => {
  const clock = testClock();
  const store = createRedisCostStore(redis, { now: clock.now });
  await store.record([
    makeUsage(prices, clock.now(), {
      tenant: '../../etc',
      session: 'sa:cost:agg',
      feature: '{slot}',
      costMicros: 5,
    }),
  ]);
  const reserved = await store.reserve({
    id: 'r\n1',
    tenant: 't:1',
    session: 's',
    feature: 'f',
    amountMicros: 1,
    budgets: [{ kind: 'session', session: 's', limitMicros: 10 }],
    ttlMs: 10_000,
  });
  assert.equal(reserved.ok, true);
  const keys = await redis.keys('*');
  assert.ok(keys.length >= 9, keys.join(' '));
  for (const key of keys) {
    assert.ok(key.startsWith(PREFIX), key);
    assert.doesNotMatch(key.slice(PREFIX.length), /[{}\n]|\.\.\//, key);
    const ttl = await redis.pttl(key);
    assert.ok(ttl > 0, `${key} has no TTL`);
  }
  const ttlOf = async (pattern: string): Promise<number> => {
    const [key] = await redis.keys(`${PREFIX}${pattern}`);
    assert.ok(key, pattern);
    return redis.ttl(key);
  };
  const DAY = 86_400;
  assert.ok((await ttlOf('agg:day:*:g')) > 29 * DAY);
  assert.ok((await ttlOf('agg:week:*:g')) > 89 * DAY);
  assert.ok((await ttlOf('agg:session:*')) <= 3_600);
  assert.ok((await ttlOf('log:*')) > 29 * DAY);
  assert.ok((await ttlOf('idem:*')) > 29 * DAY);
});

test('redis: a record filed ahead of its day (future skew) keeps that day 30 days from its start, the week 90', async () => {
  const monday = Date.UTC(2025, 11, 1); // 2025-12-01, the first day of ISO week 2025-W49
  const clock = testClock(monday - 2 * 60_000); // Sunday 23:58 on the store's clock
  const store = createRedisCostStore(redis, { now: clock.now });
  // 4 minutes ahead (allowed: 5): filed under the Monday, which has not begun on this clock.
  await store.record([
    makeUsage(prices, clock.now(), { tenant: 'early', costMicros: 7, occurredAtMs: monday + 2 * 60_000 }),
  ]);
  const tenant = enc('early');
  const ahead = 2 * 60; // seconds from the write to the Monday
  for (const [key, days] of [
    [`agg:day:2025-12-01:t:${tenant}`, 30],
    ['agg:day:2025-12-01:g', 30],
    [`agg:week:2025-W49:t:${tenant}`, 90],
    ['agg:week:2025-W49:g', 90],
    ['log:2025-12-01', 30],
  ] as const) {
    const ttl = await redis.ttl(`${PREFIX}${key}`);
    // Kept `days` from the Monday's start, not from the write 2 minutes before it (1 s of slack).
    assert.ok(ttl > days * 86_400 + ahead - 2 && ttl <= days * 86_400 + ahead, `${key}: ${ttl} s`);
  }
});

test('redis: a reservation stored before its day was (no day field) takes the day it was created on', async () => {
  const clock = testClock(Date.UTC(2025, 10, 26, 23, 59));
  const store = createRedisCostStore(redis, { now: clock.now });
  const budgets = [{ kind: 'tenant_daily' as const, tenant: 'old', day: '2025-11-26', limitMicros: 10 }];
  const request = { id: 'r_before_day', tenant: 'old', session: '', feature: '', amountMicros: 1, budgets };
  assert.ok((await store.reserve({ ...request, ttlMs: 600_000 })).ok);
  assert.equal(await redis.hdel(reservationKey('r_before_day'), 'day'), 1);
  clock.advance(2 * 60_000); // into 2025-11-27
  assert.equal((await store.getReservation('r_before_day'))?.day, '2025-11-26');
});

test('redis: with waitReplicas and no replica, a write is not acknowledged (UNAVAILABLE) but a retry is counted once', async () => {
  const clock = testClock();
  const store = createRedisCostStore(redis, { now: clock.now, waitReplicas: 1, waitTimeoutMs: 50 });
  const u = makeUsage(prices, clock.now(), { tenant: 'wait-test', costMicros: 42 });
  await assert.rejects(store.record([u]), {
    name: 'StoreUnavailableError',
    message: /acknowledged by 0 of 1 required replica/,
  });
  const plain = createRedisCostStore(redis, { now: clock.now });
  assert.deepEqual(await plain.record([u]), [false]);
  const [agg] = await plain.readAggregates([
    { scope: { kind: 'tenant', tenant: 'wait-test' }, bucket: { period: 'day', day: utcDay(clock.now()) } },
  ]);
  assert.equal(agg?.totals.costMicros, 42);
});

test('redis: with waitReplicas and no replica, neither a Reserve nor its retry acknowledges the unreplicated reservation', async () => {
  const clock = testClock();
  const store = createRedisCostStore(redis, { now: clock.now, waitReplicas: 1, waitTimeoutMs: 50 });
  const request = {
    id: 'r_wait_retry',
    tenant: 'wait-test',
    session: 's-wait',
    feature: '',
    amountMicros: 1_000,
    budgets: [{ kind: 'session' as const, session: 's-wait', limitMicros: 5_000 }],
    ttlMs: 60_000,
  };
  for (let attempt = 1; attempt <= 2; attempt++)
    await assert.rejects(store.reserve(request), {
      name: 'StoreUnavailableError',
      message: /acknowledged by 0 of 1 required replica/,
    });
  // It exists on this (the only) server, held once: a retry once replicas answer finds it.
  const plain = createRedisCostStore(redis, { now: clock.now });
  const found = await plain.reserve(request);
  assert.ok(found.ok && found.existing);
  assert.equal((await plain.budgetUsage(request.budgets))[0]?.heldMicros, 1_000);
});

test('redis: a stopped server makes the store unready and calls fail as unavailable', async () => {
  const own = await startRedisServer();
  const conn = await connect(own.url);
  try {
    const clock = testClock();
    const store = createRedisCostStore(conn, { now: clock.now });
    assert.equal(store.isReady(), true);
    own.kill('SIGKILL');
    await own.exited();
    await assert.rejects(store.record([makeUsage(prices, clock.now(), { costMicros: 1 })]), {
      name: 'StoreUnavailableError',
    });
    assert.equal(store.isReady(), false);
  } finally {
    conn.disconnect();
    await own.stop();
  }
});
