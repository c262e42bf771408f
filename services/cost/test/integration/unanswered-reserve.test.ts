import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import { startRedisServer, waitFor, type RedisServer } from '@superagent/devkit';
import { captureLogger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { createRedisCostStore } from '../../src/store/redis-store';
import { startCostHarness, type CostHarness } from '../support/service-harness';

// A Reserve whose caller is gone before the answer (its deadline passed while Redis was slow, as
// in a failover) never told anyone its reservation id: nobody can commit or release it. It must not
// keep its hold for the whole TTL, or the feature's next attempt is refused for 15 minutes.

let redisServer: RedisServer;
let redis: Redis;
let admin: Redis;
let h: CostHarness;
const log = captureLogger('cost');

before(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  admin = new Redis(redisServer.url);
  // The store keeps real time: the server's deadline timer and the holds share one clock.
  h = await startCostHarness({ store: () => createRedisCostStore(redis), logger: log.logger });
});
after(async () => {
  await h?.stop();
  redis?.disconnect();
  admin?.disconnect();
  await redisServer?.stop();
});

const reserveRequest = (idempotencyKey: string): cost.ReserveRequest =>
  cost.ReserveRequest.fromPartial({
    tenantId: 'acme',
    featureId: 'checkout',
    estimateMicros: 500_000, // the default feature cap: one hold fills it
    idempotencyKey,
  });

async function feature(): Promise<cost.Budget | undefined> {
  const r = await h.client.unary('getBudget', {
    tenantId: 'acme',
    sessionId: '',
    featureId: 'checkout',
    featureCapMicros: 0,
  });
  return r.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
}

/**
 * Waits until the service has undone `count` unanswered reservations in all. Its log says so: the
 * budget alone cannot, since it also shows no hold while a slow service has not yet sent the Reserve
 * to Redis at all.
 */
async function undone(count: number): Promise<void> {
  await waitFor(() => log.lines.filter((l) => l.msg === 'reservation undone').length >= count, {
    timeoutMs: 10_000,
    what: `${count} unanswered reservation(s) undone`,
  });
}

/** Waits until Redis takes writes again: a write queued now runs after every one queued before. */
async function pauseOver(): Promise<void> {
  await admin.set('unanswered-reserve:pause-probe', '1');
}

test('a reservation whose caller timed out before the answer is undone, so the next attempt can reserve', async () => {
  // Writes wait 400 ms; the caller gives up after 100 ms.
  await admin.client('PAUSE', 400, 'WRITE');
  await assert.rejects(
    h.client.unary('reserve', reserveRequest('task-1:attempt-1'), { deadlineMs: 100 }),
    (err: Error & { code?: number }) => err.code === status.DEADLINE_EXCEEDED,
  );
  // The hold was placed once Redis took writes again, then undone.
  await undone(1);
  assert.equal((await feature())?.reservedMicros, 0);
  const next = await h.client.unary('reserve', reserveRequest('task-1:attempt-2'));
  assert.notEqual(next.reservationId, '');
  assert.equal((await feature())?.reservedMicros, 500_000);
  await h.client.unary('release', { reservationId: next.reservationId });
});

test('a Reserve repeated with the key of an undone one holds afresh', async () => {
  await admin.client('PAUSE', 400, 'WRITE');
  await assert.rejects(
    h.client.unary('reserve', reserveRequest('task-2:attempt-1'), { deadlineMs: 100 }),
    (err: Error & { code?: number }) => err.code === status.DEADLINE_EXCEEDED,
  );
  await undone(2);
  assert.equal((await feature())?.reservedMicros, 0);
  const retried = await h.client.unary('reserve', reserveRequest('task-2:attempt-1'));
  assert.equal((await feature())?.reservedMicros, 500_000, 'the retry holds');
  const committed = await h.client.unary('commit', { reservationId: retried.reservationId, actual: [] });
  assert.equal(committed.releasedMicros, 500_000, 'and its reservation is a live one');
});

test('a caller that retried with the same key keeps the reservation its retry was answered with', async () => {
  // The first attempt's deadline passes while Redis takes no writes; the caller retries at once
  // with the same key. Both scripts run once Redis takes writes: the retry is answered with the
  // reservation the first attempt made, so the first attempt must not undo it.
  await admin.client('PAUSE', 1_500, 'WRITE');
  await assert.rejects(
    h.client.unary('reserve', reserveRequest('task-3:attempt-1'), { deadlineMs: 100 }),
    (err: Error & { code?: number }) => err.code === status.DEADLINE_EXCEEDED,
  );
  const retried = await h.client.unary('reserve', reserveRequest('task-3:attempt-1'));
  await pauseOver();
  const committed = await h.client.unary('commit', { reservationId: retried.reservationId, actual: [] });
  assert.equal(committed.releasedMicros, 500_000, 'the reservation the retry holds is a live one');
  assert.equal((await feature())?.reservedMicros, 0);
});
