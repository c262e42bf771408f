import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { Redis } from 'ioredis';
import {
  assertServing,
  assertStatus,
  BEYOND_2_53,
  hostileTests,
  invalidField as invalid,
  INVALID_UTF8,
  rawClient,
  rawUnary,
  standardRows,
  startRedisServer,
  wire,
  type HostileRow,
  type RawSend,
  type RedisServer,
} from '@superagent/devkit';
import { cost } from '@superagent/proto';
import { createRedisCostStore } from '../../src/store/redis-store';
import { PREFIX } from '../../src/store/redis-keys';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';

// Bad and extreme input for every CostService RPC, sent as raw bytes over real gRPC to the real
// service on a real Redis: each row must get its status code (INVALID_ARGUMENT naming the field),
// and the server must still answer afterwards. Then: ids cannot escape or collide in Redis keys.

const SERVICE = '/superagent.cost.v1.CostService/';
let redisServer: RedisServer;
let redis: Redis;
let h: CostHarness;
let client: ReturnType<typeof rawClient>;

before(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  h = await startCostHarness({ store: (clock) => createRedisCostStore(redis, { now: clock.now }) });
  client = rawClient(h.server.address);
});
after(async () => {
  client?.close();
  await h?.stop();
  redis?.disconnect();
  await redisServer?.stop();
});

const send =
  (method: string): RawSend =>
  (body, options) =>
    rawUnary(client, SERVICE + method, body, options);

const enc = {
  record: (r: Partial<cost.UsageRecord>) =>
    Buffer.from(cost.RecordRequest.encode({ record: usageRecord({ tenantId: 'hostile', ...r }) }).finish()),
  batch: (records: Partial<cost.UsageRecord>[]) =>
    Buffer.from(
      cost.RecordBatchRequest.encode({
        records: records.map((r) => usageRecord({ tenantId: 'hostile', ...r })),
      }).finish(),
    ),
  reserve: (r: Partial<cost.ReserveRequest>) =>
    Buffer.from(
      cost.ReserveRequest.encode(cost.ReserveRequest.fromPartial({ estimateMicros: 10, ...r })).finish(),
    ),
  commit: (r: Partial<cost.CommitRequest>) =>
    Buffer.from(cost.CommitRequest.encode(cost.CommitRequest.fromPartial(r)).finish()),
  report: (r: Partial<cost.GetReportRequest>) =>
    Buffer.from(cost.GetReportRequest.encode(cost.GetReportRequest.fromPartial(r)).finish()),
  budget: (r: Partial<cost.GetBudgetRequest>) =>
    Buffer.from(cost.GetBudgetRequest.encode(cost.GetBudgetRequest.fromPartial(r)).finish()),
};

const huge = 'x'.repeat(300_000);
const tenK = <T>(item: T): T[] => Array.from({ length: 10_000 }, () => item);

// UsageRecord on the wire: agent=1 model=2 input_tokens=3 cost_micros=5 tenant_id=9 timestamp=11.
const recordWith = (...fields: Buffer[]): Buffer =>
  wire.message(1, wire.string(1, 'scribe'), wire.string(2, 'claude-haiku-4-5'), ...fields);

const rows: HostileRow[] = [
  ...standardRows('Record', send('Record'), {
    empty: invalid('record'),
    valid: enc.record({}),
    invalidUtf8: recordWith(wire.bytes(9, INVALID_UTF8)),
    beyond2to53: recordWith(wire.varint(3, BEYOND_2_53)),
  }),
  {
    name: 'Record: huge tenant_id',
    send: () => send('Record')(enc.record({ tenantId: huge })),
    ...invalid('record.tenant_id'),
  },
  {
    name: 'Record: negative tokens',
    send: () => send('Record')(enc.record({ inputTokens: -1 })),
    ...invalid('record.input_tokens'),
  },
  {
    name: 'Record: negative cost',
    send: () => send('Record')(enc.record({ costMicros: -5 })),
    ...invalid('record.cost_micros'),
  },
  {
    name: 'Record: int64 -2^63 timestamp',
    send: () => send('Record')(recordWith(wire.varint(11, -(2n ** 63n)))),
    ...invalid('request'),
  },
  {
    name: 'Record: newline in session_id',
    send: () => send('Record')(enc.record({ sessionId: 'a\nb' })),
    ...invalid('record.session_id'),
  },
  {
    name: 'Record: message over the 4 MiB limit',
    send: () => send('Record')(enc.record({ tenantId: 'x'.repeat(5 * 1024 * 1024) })),
    code: status.RESOURCE_EXHAUSTED,
  },

  ...standardRows('RecordBatch', send('RecordBatch'), {
    empty: invalid('records'),
    valid: enc.batch([{}]),
    invalidUtf8: recordWith(wire.bytes(2, INVALID_UTF8)),
    beyond2to53: recordWith(wire.varint(5, BEYOND_2_53)),
  }),
  {
    name: 'RecordBatch: 10k records',
    send: () => send('RecordBatch')(enc.batch(tenK({}))),
    ...invalid('records'),
  },
  {
    name: 'RecordBatch: a bad record is named by index',
    send: () => send('RecordBatch')(enc.batch([{}, { outputTokens: -1 }])),
    ...invalid('records[1].output_tokens'),
  },

  ...standardRows('Reserve', send('Reserve'), {
    empty: invalid('estimate_micros'),
    valid: enc.reserve({}),
    invalidUtf8: Buffer.concat([wire.bytes(1, INVALID_UTF8), wire.varint(4, 10)]),
    beyond2to53: wire.varint(4, BEYOND_2_53),
  }),
  {
    name: 'Reserve: negative estimate',
    send: () => send('Reserve')(enc.reserve({ estimateMicros: -1 })),
    ...invalid('estimate_micros'),
  },
  {
    name: 'Reserve: negative ttl',
    send: () => send('Reserve')(enc.reserve({ ttlMs: -1 })),
    ...invalid('ttl_ms'),
  },
  {
    name: 'Reserve: huge session_id',
    send: () => send('Reserve')(enc.reserve({ sessionId: huge })),
    ...invalid('session_id'),
  },

  ...standardRows('Commit', send('Commit'), {
    empty: invalid('reservation_id'),
    valid: enc.commit({ reservationId: 'missing' }),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
    beyond2to53: Buffer.concat([wire.string(1, 'r'), wire.message(2, wire.varint(4, BEYOND_2_53))]),
  }),
  {
    name: 'Commit: huge reservation_id',
    send: () => send('Commit')(enc.commit({ reservationId: huge })),
    ...invalid('reservation_id'),
  },
  {
    name: 'Commit: 10k actual records',
    send: () => send('Commit')(enc.commit({ reservationId: 'r', actual: tenK(usageRecord({})) })),
    ...invalid('actual'),
  },

  ...standardRows('Release', send('Release'), {
    empty: invalid('reservation_id'),
    valid: Buffer.from(cost.ReleaseRequest.encode({ reservationId: 'missing' }).finish()),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
  }),
  {
    name: 'Release: reservation_id with a newline',
    send: () => send('Release')(wire.string(1, 'a\nb')),
    ...invalid('reservation_id'),
  },

  ...standardRows('GetReport', send('GetReport'), {
    empty: invalid('scope'),
    valid: enc.report({ scope: cost.ReportScope.GLOBAL }),
    invalidUtf8: Buffer.concat([wire.varint(1, 1), wire.bytes(2, INVALID_UTF8)]),
  }),
  {
    name: 'GetReport: negative trend_days',
    send: () => send('GetReport')(enc.report({ scope: cost.ReportScope.GLOBAL, trendDays: -1 })),
    ...invalid('trend_days'),
  },
  {
    name: 'GetReport: negative enum',
    send: () => send('GetReport')(wire.varint(1, -1)),
    ...invalid('scope'),
  },
  {
    name: 'GetReport: huge scope_id',
    send: () => send('GetReport')(enc.report({ scope: cost.ReportScope.TENANT, scopeId: huge })),
    ...invalid('scope_id'),
  },

  ...standardRows('GetBudget', send('GetBudget'), {
    empty: { code: status.OK },
    valid: enc.budget({ tenantId: 't' }),
    invalidUtf8: wire.bytes(3, INVALID_UTF8),
  }),
  {
    name: 'GetBudget: huge feature_id',
    send: () => send('GetBudget')(enc.budget({ featureId: huge })),
    ...invalid('feature_id'),
  },

  ...standardRows('GetPrices', send('GetPrices'), { empty: { code: status.OK }, valid: Buffer.alloc(0) }),
  {
    name: 'GetPrices: unknown fields are ignored',
    send: () => send('GetPrices')(Buffer.concat([wire.string(7, 'x'), wire.varint(8, BEYOND_2_53)])),
    code: status.OK,
  },
];

describe('CostService: hostile input', () => {
  hostileTests(rows, async () => {
    await assertServing(client);
    assertStatus(await send('GetPrices')(Buffer.alloc(0)), status.OK);
  });
});

describe('CostService: ids cannot collide or escape the Redis namespace', () => {
  const tricky = [
    'a:b',
    'a',
    'b:c',
    'c',
    '*',
    'sa:cost:*',
    '{slot}',
    '}{',
    ' a',
    'é/ü',
    '\u{1F600}',
    'z'.repeat(256),
  ];

  test('records under tricky tenant, session and feature ids stay apart and inside sa:cost:', async () => {
    await redis.flushall();
    const ok = async (r: Partial<cost.UsageRecord>): Promise<void> =>
      assertStatus(await send('Record')(enc.record({ inputTokens: 1_000, ...r })), status.OK);
    for (const id of tricky)
      await ok({ tenantId: id, sessionId: id, featureId: id, agent: id.slice(0, 64), idempotencyKey: 'k' });
    // "a:b" + "c" against "a" + "b:c": naive joining would make both `a:b:c`.
    await ok({ tenantId: 'a:b', sessionId: 'c', idempotencyKey: 'k2' });
    await ok({ tenantId: 'a', sessionId: 'b:c', idempotencyKey: 'k2' });

    const keys = await redis.keys('*');
    assert.ok(keys.length > 0);
    for (const key of keys) {
      assert.ok(key.startsWith(PREFIX), key);
      // Only base64url ids, ':' separators, dates and window numbers: no '*', '{', spaces or raw ids.
      assert.match(key.slice(PREFIX.length), /^[A-Za-z0-9_:-]+$/, key);
    }
    // The same idempotency key under each tenant was a new record each time.
    for (const id of tricky) {
      const report = await h.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.TENANT,
        scopeId: id,
        trendDays: 0,
      });
      assert.equal(report.count, id === 'a:b' || id === 'a' ? 2 : 1, `tenant ${JSON.stringify(id)}`);
      const session = await h.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.SESSION,
        scopeId: id,
        trendDays: 0,
      });
      assert.equal(session.count, id === 'c' || id === 'b:c' ? 2 : 1, `session ${JSON.stringify(id)}`);
    }
    const global = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.GLOBAL,
      scopeId: '',
      trendDays: 0,
    });
    assert.equal(global.count, tricky.length + 2);
  });

  test('a reservation id that is a pattern or another key matches nothing', async () => {
    for (const id of ['*', 'sa:cost:res:*', '{x}', '..']) {
      assertStatus(await send('Release')(wire.string(1, id)), status.OK);
      assertStatus(await send('Commit')(enc.commit({ reservationId: id })), status.NOT_FOUND);
    }
  });
});
