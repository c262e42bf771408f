// Issue 10, breakers: the task store's `redis` circuit breaker against a real redis-server that is
// SIGKILLed and restarted on the same port. While Redis is down the breaker opens (log line), then
// store calls fail fast as TaskStoreUnavailableError "circuit open" (the router turns it into
// UNAVAILABLE and stays unready); once Redis is back writes resume within about a second.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exerciseRedisOutage, startRedisServer, type RedisServer } from '@superagent/devkit';
import { TargetBreaker } from '@superagent/grpc';
import { captureLogger } from '@superagent/logging';
import { closeRedis, createRedis, REDIS_BREAKER_OPTIONS, type Redis } from '@superagent/redis';
import { countsAsStoreFailure, createRedisTaskStore } from '../../../src/store/redis-task-store';
import { TaskStoreUnavailableError, type TaskStore } from '../../../src/store/task-store';
import { event, newRecord } from '../support/records';

const { logger, lines } = captureLogger('router-test', 'info');

let server: RedisServer | undefined;
let redis: Redis | undefined;
const breakers: TargetBreaker[] = [];

before(async () => {
  server = await startRedisServer();
  redis = createRedis({ name: 'router-breaker-test', url: server.url }, logger);
});

after(async () => {
  for (const b of breakers) b.shutdown();
  if (redis) await closeRedis(redis);
  await server?.stop();
});

/** A task store behind its own `redis` breaker (opening after 3 failures), WAIT as given. */
async function breakerStore(
  target: string,
  wait: { waitReplicas: number; waitTimeoutMs: number },
): Promise<{ store: TaskStore; breaker: TargetBreaker }> {
  assert.ok(redis);
  const breaker = new TargetBreaker(
    target,
    { ...REDIS_BREAKER_OPTIONS, volumeThreshold: 3 },
    logger,
    countsAsStoreFailure,
  );
  breakers.push(breaker);
  const store = await createRedisTaskStore(redis, {
    ttlMs: 60_000,
    leaseMs: 1_000,
    ...wait,
    logger,
    breaker,
  });
  return { store, breaker };
}

test('a dead Redis opens the task store breaker; calls then fail fast; writes resume after a restart', async () => {
  assert.ok(server);
  const { store, breaker: b } = await breakerStore('redis', { waitReplicas: 0, waitTimeoutMs: 500 });
  try {
    const created: string[] = [];
    await exerciseRedisOutage({
      server,
      write: async () => {
        const rec = newRecord();
        await store.create({ record: rec, event: event(rec, 1) });
        created.push(rec.task.taskId);
      },
      isUnavailable: (err) => err instanceof TaskStoreUnavailableError,
      breakerState: () => b.state(),
    });
    const changes = lines
      .filter((l) => l.target === 'redis' && /^circuit breaker/.test(l.msg))
      .map((l) => l.state);
    assert.deepEqual(changes, ['open', 'half-open', 'closed'], 'each state change is a log line');
    // The restarted server has no persistence: only the write after the restart is there.
    const last = created.at(-1);
    assert.ok(last);
    assert.equal((await store.get(last))?.task.taskId, last);
  } finally {
    await store.close();
  }
});

test('writes the replicas did not acknowledge fail as unavailable but leave the breaker closed, so reads still work', async () => {
  // A standalone server has no replica: every WAIT 1 comes back short.
  const { store, breaker: b } = await breakerStore('redis-replication', {
    waitReplicas: 1,
    waitTimeoutMs: 20,
  });
  try {
    const rec = newRecord();
    for (let i = 0; i < 10; i++) {
      await assert.rejects(store.create({ record: rec, event: event(rec, 1) }), {
        name: 'TaskStoreUnavailableError',
        message: /acknowledged by 0 of 1/,
      });
    }
    assert.equal(b.state(), 'closed');
    assert.equal((await store.get(rec.task.taskId))?.task.taskId, rec.task.taskId);
  } finally {
    await store.close();
  }
});
