import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startRedisServer, type RedisServer } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { closeRedis, createRedis, type Redis } from '@superagent/redis';
import { PREFIX } from '../../../src/store/redis-keys';
import { createRedisTaskStore } from '../../../src/store/redis-task-store';
import { advance, event, newRecord } from '../support/records';
import { taskStoreContract } from './task-store-contract';

const clients: Redis[] = [];

function connect(url: string): Redis {
  const redis = createRedis({ url, name: 'router-test' }, silentLogger());
  clients.push(redis);
  return redis;
}

taskStoreContract('redis', async () => {
  const server = await startRedisServer();
  const admin = connect(server.url);
  return {
    open: async (options) =>
      createRedisTaskStore(connect(server.url), {
        ...options,
        waitReplicas: 0,
        waitTimeoutMs: 500,
        logger: silentLogger(),
      }),
    reset: async () => {
      await admin.flushall();
    },
    close: async () => {
      for (const c of clients.splice(0)) await closeRedis(c);
      await server.stop();
    },
  };
});

// Redis-only properties: the key namespace and TTLs, WAIT, an unreachable server.
let server: RedisServer | undefined;
let replica: RedisServer | undefined;
before(async () => {
  server = await startRedisServer();
});
after(async () => {
  for (const c of clients.splice(0)) await closeRedis(c);
  await replica?.stop();
  await server?.stop();
});

test('redis: every task key lives under sa:router:, user input stays inside its key, every key but the queue has a TTL', async () => {
  const redis = connect(server?.url ?? '');
  const store = await createRedisTaskStore(redis, {
    ttlMs: 3_600_000,
    leaseMs: 10_000,
    waitReplicas: 0,
    waitTimeoutMs: 500,
    logger: silentLogger(),
  });
  try {
    const rec = newRecord({ tenantId: '../../etc:{slot}', idempotencyKey: 'sa:router:queue\n*' });
    await store.create({
      record: rec,
      event: event(rec, 1),
      idempotency: { tenantId: '../../etc:{slot}', key: 'sa:router:queue\n*' },
    });
    const [mine] = await store.claim('w1', 1, 0);
    assert.ok(mine);
    const step = advance(mine.record, 1);
    await store.commit(rec.task.taskId, 'w1', step.record, step.events);
    const keys = await redis.keys('*');
    assert.equal(keys.length, 4, keys.join(' '));
    for (const key of keys) {
      assert.ok(key.startsWith(PREFIX), key);
      assert.doesNotMatch(key.slice(PREFIX.length), /[{}\n*]|\.\.\//, key);
      const ttl = await redis.pttl(key);
      if (key === `${PREFIX}queue`) assert.equal(ttl, -1);
      else assert.ok(ttl > 3_500_000 && ttl <= 3_600_000, `${key} ttl ${ttl}`);
    }
    await assert.rejects(store.get('../../etc'), RangeError);
  } finally {
    await store.close();
  }
});

test('redis: with waitReplicas and no replica, a write is not acknowledged; with a replica it is', async () => {
  const redis = connect(server?.url ?? '');
  const options = { ttlMs: 60_000, leaseMs: 10_000, waitTimeoutMs: 200, logger: silentLogger() };
  const strict = await createRedisTaskStore(redis, { ...options, waitReplicas: 1 });
  try {
    const rec = newRecord();
    await assert.rejects(strict.create({ record: rec, event: event(rec, 1) }), {
      name: 'TaskStoreUnavailableError',
      message: /0 of 1 required replica/,
    });
    replica = await startRedisServer({ replicaOf: { host: server?.host ?? '', port: server?.port ?? 0 } });
    const other = newRecord();
    // The replica needs a moment for its first sync: retry until acknowledged, as a client would.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await strict.create({
          record: other,
          event: event(other, 1),
          idempotency: { tenantId: 't', key: 'k' },
        });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
    assert.ok(await strict.get(other.task.taskId));
  } finally {
    await strict.close();
  }
});

test('redis: a stopped server makes the store unready and calls fail as unavailable', async () => {
  const own = await startRedisServer();
  const redis = connect(own.url);
  const store = await createRedisTaskStore(redis, {
    ttlMs: 60_000,
    leaseMs: 10_000,
    waitReplicas: 0,
    waitTimeoutMs: 200,
    logger: silentLogger(),
  });
  try {
    assert.equal(store.isReady(), true);
    own.kill('SIGKILL');
    await own.exited();
    const rec = newRecord();
    await assert.rejects(store.create({ record: rec, event: event(rec, 1) }), {
      name: 'TaskStoreUnavailableError',
    });
    await assert.rejects(store.claim('w1', 1, 0), { name: 'TaskStoreUnavailableError' });
    assert.equal(store.isReady(), false);
  } finally {
    await store.close();
    await own.stop();
  }
});

test('redis: consumers of processes long gone that hold nothing are dropped from the queue group', async () => {
  const redis = connect(server?.url ?? '');
  const store = await createRedisTaskStore(redis, {
    ttlMs: 60_000,
    leaseMs: 50,
    waitReplicas: 0,
    waitTimeoutMs: 20,
    logger: silentLogger(),
  });
  try {
    await store.claim('ghost', 1, 0);
    const names = async (): Promise<string> =>
      JSON.stringify(await redis.call('XINFO', 'CONSUMERS', `${PREFIX}queue`, 'workers'));
    assert.match(await names(), /ghost/);
    // Idle for more than ten leases, holding nothing: the next claim by anyone forgets it.
    const deadline = Date.now() + 5_000;
    while (/ghost/.test(await names()) && Date.now() < deadline) await store.claim('live', 1, 100);
    assert.doesNotMatch(await names(), /ghost/);
    assert.match(await names(), /live/);
  } finally {
    await store.close();
  }
});
