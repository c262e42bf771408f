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

test('redis: a record this router cannot read (a newer schema mid-deploy) does not hold up the queue, and stays for a router that can', async () => {
  const redis = connect(server?.url ?? '');
  await redis.flushall();
  const store = await createRedisTaskStore(redis, {
    ttlMs: 3_600_000,
    leaseMs: 200,
    waitReplicas: 0,
    waitTimeoutMs: 500,
    logger: silentLogger(),
  });
  try {
    const unreadable = newRecord();
    await store.create({ record: unreadable, event: event(unreadable, 1) });
    const v2 = JSON.stringify({ v: 2, task: { taskId: unreadable.task.taskId }, state: {} });
    await redis.hset(`${PREFIX}task:${unreadable.task.taskId}`, 'r', v2);
    const good = newRecord();
    await store.create({ record: good, event: event(good, 1) });

    const first = await store.claim('w1', 10, 0);
    assert.deepEqual(
      first.map((c) => c.claim.taskId),
      [good.task.taskId],
    );
    // Its lease runs out: it is offered again (to whichever router takes it), never dropped.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = newRecord();
    await store.create({ record: later, event: event(later, 1) });
    const second = await store.claim('w2', 10, 0);
    assert.deepEqual(
      second.map((c) => c.claim.taskId).sort(),
      [good.task.taskId, later.task.taskId].sort(),
      'the stale good task and the new one, not the unreadable one',
    );
    const pending = (await redis.xpending(`${PREFIX}queue`, 'workers')) as [number, ...unknown[]];
    assert.equal(pending[0], 3, 'the unreadable task is still queued');
    assert.equal(await redis.hget(`${PREFIX}task:${unreadable.task.taskId}`, 'r'), v2, 'and untouched');
  } finally {
    await store.close();
  }
});
