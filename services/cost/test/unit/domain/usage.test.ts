import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePriceTable } from '../../../src/domain/price-table';
import { priceUsage, unpricedChargeMissing, type UsageInput } from '../../../src/domain/usage';

const prices = parsePriceTable({
  version: 'v-test',
  models: {
    haiku: { tier: 'haiku', provider: 'anthropic', input: '0.80', output: '4' },
    opus: { tier: 'opus', provider: 'anthropic', input: '15', output: '75' },
    local: { tier: 'local', provider: 'local', input: 0, output: 0 },
    opus2: { tier: 'opus', provider: 'anthropic', input: '30', output: '75' },
  },
});
const NOW = Date.UTC(2025, 10, 26, 12);
const ctx = { prices, nowMs: NOW, newKey: () => 'generated-key' };
const base: UsageInput = {
  tenant: 'acme',
  session: 's1',
  feature: 'login',
  taskId: 't1',
  agent: 'scribe',
  model: 'haiku',
  tier: '',
  inputTokens: 1000,
  outputTokens: 500,
  idempotencyKey: 'k1',
  occurredAtMs: 0,
};

function problemOf(input: Partial<UsageInput>): { field: string; why: string } | undefined {
  const r = priceUsage({ ...base, ...input }, ctx);
  return 'problem' in r ? r.problem : undefined;
}

test('a priced record carries cost, tier, price version and defaults', () => {
  const r = priceUsage({ ...base, tenant: '' }, ctx);
  assert.ok('usage' in r);
  assert.equal(r.usage.costMicros, 800 + 2000);
  assert.equal(r.usage.priced, true);
  assert.equal(r.usage.costSource, 'table');
  assert.equal(r.usage.tier, 'haiku');
  assert.equal(r.usage.priceVersion, 'v-test');
  assert.equal(r.usage.tenant, 'default');
  assert.equal(r.usage.occurredAtMs, NOW);
});

test('an unknown model is unpriced, not $0 spend', () => {
  const r = priceUsage({ ...base, model: 'mystery-model' }, ctx);
  assert.ok('usage' in r);
  assert.equal(r.usage.priced, false);
  assert.equal(r.usage.costSource, 'unpriced');
  assert.equal(r.usage.tier, 'unknown');
  assert.equal(r.usage.priceVersion, '');
});

test('an unpriced record carries its budget charge: its tokens at the dearest rates, rounded up', () => {
  // The table's dearest: input $30 (opus2), output $75 (opus and opus2) per million tokens.
  const r = priceUsage({ ...base, model: 'mystery-model', inputTokens: 1_001, outputTokens: 3 }, ctx);
  assert.ok('usage' in r);
  // 1,001 × 30 + 3 × 75 = 30,255 µ$ (computed as a cost is: exact, rounded up once).
  assert.deepEqual([r.usage.costMicros, r.usage.unpricedChargeMicros], [0, 30_255]);
  const tiny = priceUsage({ ...base, model: 'mystery-model', inputTokens: 1, outputTokens: 0 }, ctx);
  assert.ok('usage' in tiny);
  assert.equal(tiny.usage.unpricedChargeMicros, 30);
  assert.equal(unpricedChargeMissing(r.usage), false);
  // Priced and explicit records carry no charge: their cost is what budgets count.
  const priced = priceUsage(base, ctx);
  const explicit = priceUsage({ ...base, model: 'mystery-model', costMicros: 5 }, ctx);
  assert.ok('usage' in priced && 'usage' in explicit);
  assert.deepEqual([priced.usage.unpricedChargeMicros, explicit.usage.unpricedChargeMicros], [0, 0]);
});

test('the charge is at most $10,000 per record, the most any accepted record may cost', () => {
  const dear = parsePriceTable({
    version: 'dear',
    models: { gold: { tier: 'opus', provider: 'x', input: '1000', output: '1000' } },
  });
  // Priced, 100M tokens at $1,000 per M would be $100,000: refused. Unpriced it is recorded (the
  // usage happened), charging budgets the $10,000 limit.
  const r = priceUsage(
    { ...base, model: 'mystery-model', inputTokens: 100_000_000, outputTokens: 0 },
    {
      ...ctx,
      prices: dear,
    },
  );
  assert.ok('usage' in r);
  assert.equal(r.usage.unpricedChargeMicros, 10_000_000_000);
});

test('a table of free models has no rate to charge unpriced usage with: charge 0, flagged', () => {
  const free = parsePriceTable({
    version: 'free',
    models: { local: { tier: 'local', provider: 'local', input: 0, output: 0 } },
  });
  const r = priceUsage({ ...base, model: 'mystery-model' }, { ...ctx, prices: free });
  assert.ok('usage' in r);
  assert.deepEqual([r.usage.priced, r.usage.unpricedChargeMicros], [false, 0]);
  assert.equal(unpricedChargeMissing(r.usage), true);
  // No tokens: nothing to charge, nothing missing.
  const none = priceUsage(
    { ...base, model: 'mystery-model', inputTokens: 0, outputTokens: 0 },
    { ...ctx, prices: free },
  );
  assert.ok('usage' in none);
  assert.equal(unpricedChargeMissing(none.usage), false);
});

test('an explicit cost wins over the table and prices an unknown model', () => {
  const r = priceUsage({ ...base, model: 'mystery-model', costMicros: 1234, tier: 'sonnet' }, ctx);
  assert.ok('usage' in r);
  assert.deepEqual(
    [r.usage.costMicros, r.usage.priced, r.usage.costSource, r.usage.tier],
    [1234, true, 'explicit', 'sonnet'],
  );
});

test('the local model is priced at exactly $0 (it is free, not unpriced)', () => {
  const r = priceUsage({ ...base, model: 'local' }, ctx);
  assert.ok('usage' in r);
  assert.deepEqual([r.usage.costMicros, r.usage.priced], [0, true]);
});

test('a missing idempotency key is generated', () => {
  const r = priceUsage({ ...base, idempotencyKey: '' }, ctx);
  assert.ok('usage' in r);
  assert.equal(r.usage.idempotencyKey, 'generated-key');
});

test('bad input names the field', () => {
  const cases: [Partial<UsageInput>, string, RegExp][] = [
    [{ agent: '' }, 'agent', /required/],
    [{ agent: '   ' }, 'agent', /required/],
    [{ model: '' }, 'model', /required/],
    [{ inputTokens: -1 }, 'input_tokens', /negative/],
    [{ outputTokens: -5 }, 'output_tokens', /negative/],
    [{ outputTokens: 1.5 }, 'output_tokens', /integer/],
    [{ inputTokens: 100_000_001 }, 'input_tokens', /at most/],
    [{ costMicros: -1 }, 'cost_micros', /negative/],
    [{ costMicros: 10_000_000_001 }, 'cost_micros', /\$10000\.000000/],
    [{ agent: 'a'.repeat(65) }, 'agent', /64 bytes/],
    [{ agent: 'é'.repeat(33) }, 'agent', /64 bytes/],
    [{ model: 'm'.repeat(129) }, 'model', /128 bytes/],
    [{ idempotencyKey: 'k'.repeat(257) }, 'idempotency_key', /256 bytes/],
    [{ tenant: 'x'.repeat(257) }, 'tenant_id', /256/],
    [{ session: 'a\u0000b' }, 'session_id', /control/],
    [{ feature: 'bad\uD800' }, 'feature_id', /UTF-8/],
    [{ occurredAtMs: NOW + 3_600_000 }, 'timestamp_unix_ms', /future/],
    [{ occurredAtMs: NOW - 40 * 86_400_000 }, 'timestamp_unix_ms', /29 days/],
    // $75/M × 100M output tokens + $15/M × 100M input = $9,000; raise the price to pass $10,000.
    [
      { model: 'opus2', inputTokens: 100_000_000, outputTokens: 100_000_000 },
      'input_tokens',
      /per-record limit/,
    ],
  ];
  for (const [input, field, why] of cases) {
    const p = problemOf(input);
    assert.equal(p?.field, field, JSON.stringify(input));
    assert.match(p.why, why);
  }
});

test('exactly $10,000 is allowed', () => {
  assert.equal(problemOf({ costMicros: 10_000_000_000 }), undefined);
});

test('a timestamp is accepted from 00:00 UTC of the day 29 days before today, the oldest day reported', () => {
  // NOW is 2025-11-26 12:00: the oldest day reports read is 2025-10-28, all of it (29 d 12 h back).
  const oldest = Date.UTC(2025, 9, 28);
  assert.equal(problemOf({ occurredAtMs: oldest }), undefined);
  assert.equal(problemOf({ occurredAtMs: NOW - 29 * 86_400_000 }), undefined);
  assert.deepEqual(problemOf({ occurredAtMs: oldest - 1 }), {
    field: 'timestamp_unix_ms',
    why: 'is on 2025-10-27, before 2025-10-28 (29 days before today, UTC): days are kept 30 days, so it could no longer be reported',
  });
  // And up to 5 minutes ahead.
  assert.equal(problemOf({ occurredAtMs: NOW + 5 * 60_000 }), undefined);
  assert.equal(problemOf({ occurredAtMs: NOW + 5 * 60_000 + 1 })?.field, 'timestamp_unix_ms');
});
