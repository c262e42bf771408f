import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addUsage, bucketsFor, emptyAggregate, type Aggregate } from '../../../src/domain/aggregate';
import { isoWeek, utcDay } from '../../../src/domain/periods';
import { DEFAULT_RETENTION } from '../../../src/store/cost-store';
import { applySection } from '../../../src/store/redis-batch';
import {
  aggregateKey,
  dec,
  enc,
  featureKey,
  holdKey,
  logKey,
  sessionKey,
  tenantDayKeys,
} from '../../../src/store/redis-keys';
import { decodeAggregate } from '../../../src/store/redis-store';
import { loadDefaultPrices, makeUsage } from '../../support/fixtures';

const prices = loadDefaultPrices();
const NOW = Date.UTC(2025, 10, 26, 23, 59);

test('the fast per-record keys are the generic aggregate keys', () => {
  const u = makeUsage(prices, NOW, { tenant: 't:1', session: 's/1', feature: 'f{x}', costMicros: 1 });
  const k = tenantDayKeys(u.tenant, utcDay(u.occurredAtMs), isoWeek(u.occurredAtMs));
  assert.deepEqual(
    [k.dayGlobal, k.dayTenant, k.weekGlobal, k.weekTenant, sessionKey(u.session), featureKey(u.feature)],
    bucketsFor(u).map(aggregateKey),
  );
  assert.throws(() => tenantDayKeys('t', '2025-11-26', 'W48'), RangeError);
});

test('encoding is reversible and never yields a separator or a hash tag', () => {
  for (const id of ['a:b', '{tag}', '../..', 'ünï cödé', '', 'x'.repeat(300)]) {
    assert.equal(dec(enc(id)), id);
    assert.doesNotMatch(enc(id), /[:{}\s/]/);
  }
  assert.notEqual(
    holdKey({ kind: 'tenant_daily', tenant: 'a', day: '2025-11-26', limitMicros: 1 }),
    holdKey({ kind: 'session', session: 'a', limitMicros: 1 }),
  );
  assert.throws(() => logKey('2025-11-26:evil'), RangeError);
  assert.throws(
    () => aggregateKey({ scope: { kind: 'global' }, bucket: { period: 'week', week: '2025-48' } }),
    RangeError,
  );
});

/** Replays the script's HINCRBYs on plain maps, then decodes them like a read would. */
function replay(args: (string | number)[]): Map<string, Aggregate> {
  let p = 0;
  const groups = Number(args[p++]);
  for (let g = 0; g < groups; g++) {
    const c = Number(args[p + 3]);
    p += 4 + c;
  }
  const hashes = new Map<string, Record<string, string>>();
  const h = Number(args[p++]);
  for (let i = 0; i < h; i++) {
    const key = String(args[p]);
    const packed = String(args[p + 2]).split(' ');
    p += 3;
    const hash = hashes.get(key) ?? {};
    for (let j = 0; j + 1 < packed.length; j += 2) {
      const field = packed[j] ?? '';
      hash[field] = String(Number(hash[field] ?? 0) + Number(packed[j + 1]));
    }
    hashes.set(key, hash);
  }
  return new Map([...hashes].map(([k, v]) => [k, decodeAggregate(v)]));
}

test('the increments sent to Redis equal the in-memory aggregation, bucket by bucket', () => {
  const models = ['claude-haiku-4-5', 'mystery', 'local', 'gemini-2.5-pro'];
  const usages = Array.from({ length: 60 }, (_, i) =>
    makeUsage(prices, NOW, {
      tenant: i % 4 === 0 ? 'acme' : 'globex',
      session: i % 3 === 0 ? '' : `s${i % 5}`,
      feature: i % 2 === 0 ? '' : `f${i % 3}`,
      agent: ['scribe', 'critic'][i % 2],
      model: models[i % models.length],
      inputTokens: 100 * i,
      outputTokens: 7 * i,
      occurredAtMs: NOW - (i % 2) * 86_400_000,
    }),
  ).map((u, i) => (i % 5 === 0 ? { ...u, filedAtMs: NOW - 3 * 86_400_000 } : u)); // a Commit's, filed earlier
  const expected = new Map<string, Aggregate>();
  for (const u of usages)
    for (const ref of bucketsFor(u)) {
      const key = aggregateKey(ref);
      const agg = expected.get(key) ?? emptyAggregate();
      addUsage(agg, u);
      expected.set(key, agg);
    }
  const { args, order } = applySection(usages, DEFAULT_RETENTION, NOW);
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    usages.map((_, i) => i),
  );
  assert.deepEqual(replay(args), expected);
});
