import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { createBufferedWriter, type SendOptions } from '@superagent/cost-client';
import { startRedisServer, type RedisServer } from '@superagent/devkit';
import { cost } from '@superagent/proto';
import { createRedisCostStore } from '../../src/store/redis-store';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';

// @superagent/cost-client's buffered writer against the real cost server (gRPC loopback, Redis
// backend): what other services will do in production.

let redisServer: RedisServer;
let redis: Redis;
let h: CostHarness;

before(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  h = await startCostHarness({ store: (clock) => createRedisCostStore(redis, { now: clock.now }) });
});
after(async () => {
  await h?.stop();
  redis?.disconnect();
  await redisServer?.stop();
});

const send = (records: cost.UsageRecord[], { signal }: SendOptions) =>
  h.client.unary('recordBatch', { records }, { signal });

test('1,000 records from 20 concurrent producers through the writer total exactly $5.050000', async () => {
  const writer = createBufferedWriter<cost.UsageRecord>({
    recordBatch: send,
    maxBatchSize: 100,
    flushIntervalMs: 10,
  });
  await Promise.all(
    Array.from({ length: 20 }, async (_, worker) => {
      for (let i = 0; i < 50; i++) {
        // Gemini 2.5 Pro: 40 in + 500 out tokens = 50 + 5,000 µ$ = $0.00505 a call.
        writer.add(
          usageRecord({
            tenantId: 'writer',
            agent: `w${worker}`,
            model: 'gemini-2.5-pro',
            inputTokens: 40,
            outputTokens: 500,
          }),
        );
        if (i % 10 === 0) await new Promise((r) => setImmediate(r));
      }
    }),
  );
  const { unsent } = await writer.close();
  assert.deepEqual(unsent, []);
  assert.equal(writer.stats().sent, 1_000);
  const report = await h.client.unary('getReport', {
    tenantId: '',
    scope: cost.ReportScope.TENANT,
    scopeId: 'writer',
    trendDays: 0,
  });
  assert.deepEqual([report.totalMicros, report.count], [5_050_000, 1_000]);
  assert.equal(report.byAgent.length, 20);
});

test('a batch retried after a client timeout is not double counted', async () => {
  let attempts = 0;
  const writer = createBufferedWriter<cost.UsageRecord>({
    // The first attempt reaches the server, but the caller stops waiting before the answer: a
    // timeout after the fact. The writer must resend the same records (same keys).
    recordBatch: async (records, options) => {
      attempts++;
      const reply = send(records, options);
      if (attempts === 1) {
        await reply;
        throw Object.assign(new Error('deadline exceeded'), { code: 4 });
      }
      return reply;
    },
    maxBatchSize: 200,
    baseDelayMs: 1,
  });
  for (let i = 0; i < 200; i++) writer.add(usageRecord({ tenantId: 'retry', costMicros: 25_250 }));
  await writer.flush();
  assert.equal(attempts, 2);
  assert.equal(writer.stats().retries, 1);
  const report = await h.client.unary('getReport', {
    tenantId: '',
    scope: cost.ReportScope.TENANT,
    scopeId: 'retry',
    trendDays: 0,
  });
  assert.deepEqual([report.totalMicros, report.count], [5_050_000, 200]);
  await writer.close();
});

test('a record the server rejects (INVALID_ARGUMENT) is dropped, not retried forever', async () => {
  const dropped: cost.UsageRecord[][] = [];
  const writer = createBufferedWriter<cost.UsageRecord>({
    recordBatch: send,
    onDrop: (r) => dropped.push(r),
  });
  writer.add(usageRecord({ tenantId: 'drop', agent: '' }));
  await writer.flush();
  assert.equal(dropped.length, 1);
  assert.equal(writer.stats().dropped, 1);
  await writer.close();
});

test('one record the server rejects costs only itself: the other 99 of its batch are recorded', async () => {
  const dropped: { records: cost.UsageRecord[]; err: unknown }[] = [];
  const writer = createBufferedWriter<cost.UsageRecord>({
    recordBatch: send,
    onDrop: (records, err) => dropped.push({ records, err }),
  });
  for (let i = 0; i < 99; i++)
    writer.add(usageRecord({ tenantId: 'one-bad', agent: `a${i % 20}`, costMicros: 1_000 }));
  writer.add(usageRecord({ tenantId: 'one-bad', agent: 'x'.repeat(65), costMicros: 1_000 }));
  await writer.flush();
  assert.deepEqual(
    dropped.map((d) => [d.records.map((r) => r.agent.length), (d.err as { code?: number }).code]),
    [[[65], 3]],
  );
  assert.deepEqual([writer.stats().sent, writer.stats().dropped], [99, 1]);
  const report = await h.client.unary('getReport', {
    tenantId: '',
    scope: cost.ReportScope.TENANT,
    scopeId: 'one-bad',
    trendDays: 0,
  });
  assert.deepEqual([report.totalMicros, report.count], [99_000, 99]);
  await writer.close();
});

test('a record the server cannot even decode (tokens past 2^53) costs only itself, not its batch', async () => {
  const dropped: { records: cost.UsageRecord[]; err: unknown }[] = [];
  const writer = createBufferedWriter<cost.UsageRecord>({
    recordBatch: send,
    onDrop: (records, err) => dropped.push({ records, err }),
  });
  for (let i = 0; i < 100; i++)
    writer.add(
      usageRecord({ tenantId: 'undecodable', costMicros: 1_000, inputTokens: i === 37 ? 2 ** 60 : 10 }),
    );
  await writer.flush();
  // The server refuses the request as a whole ("request: ..."): no record is named.
  assert.deepEqual(
    dropped.map((d) => [d.records.map((r) => r.inputTokens), (d.err as { details?: string }).details]),
    [
      [
        [2 ** 60],
        'request: an integer field is outside ±2^53 (the largest integer this service accepts exactly)',
      ],
    ],
  );
  assert.deepEqual([writer.stats().sent, writer.stats().dropped], [99, 1]);
  const report = await h.client.unary('getReport', {
    tenantId: '',
    scope: cost.ReportScope.TENANT,
    scopeId: 'undecodable',
    trendDays: 0,
  });
  assert.deepEqual([report.totalMicros, report.count], [99_000, 99]);
  await writer.close();
});

test('a batch larger than the server takes (COST_MAX_BATCH) is resent in halves and counted once', async () => {
  const writer = createBufferedWriter<cost.UsageRecord>({ recordBatch: send, maxBatchSize: 1_500 });
  for (let i = 0; i < 1_500; i++) writer.add(usageRecord({ tenantId: 'too-big', costMicros: 10 }));
  await writer.flush();
  assert.deepEqual([writer.stats().sent, writer.stats().dropped], [1_500, 0]);
  const report = await h.client.unary('getReport', {
    tenantId: '',
    scope: cost.ReportScope.TENANT,
    scopeId: 'too-big',
    trendDays: 0,
  });
  assert.deepEqual([report.totalMicros, report.count], [15_000, 1_500]);
  await writer.close();
});
