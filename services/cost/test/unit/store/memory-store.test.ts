import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utcDay } from '../../../src/domain/periods';
import type { Usage } from '../../../src/domain/usage';
import { DEFAULT_RETENTION } from '../../../src/store/cost-store';
import { createMemoryCostStore } from '../../../src/store/memory-store';
import { loadDefaultPrices, makeUsage } from '../../support/fixtures';

// The memory store's per-day log keeps the newest COST_LOG_MAX_PER_DAY entries.

const prices = loadDefaultPrices();
const NOW = Date.UTC(2025, 10, 26, 12);

function storeWithLogCap(logMaxPerDay: number) {
  return createMemoryCostStore({ retention: { ...DEFAULT_RETENTION, logMaxPerDay }, now: () => NOW });
}

function usages(n: number, prefix: string): Usage[] {
  const base = makeUsage(prices, NOW, { costMicros: 1 });
  return Array.from({ length: n }, (_, i) => ({ ...base, idempotencyKey: `${prefix}${i}` }));
}

test('the log keeps the newest entries up to its cap, newest first, across many wraps', async () => {
  const store = storeWithLogCap(3);
  const day = utcDay(NOW);
  const keys = async (limit: number) => (await store.readLog(day, limit)).map((u) => u.idempotencyKey);
  assert.deepEqual(await keys(10), []);
  await store.record(usages(2, 'a'));
  assert.deepEqual(await keys(10), ['a1', 'a0']);
  await store.record(usages(1, 'b'));
  assert.deepEqual(await keys(10), ['b0', 'a1', 'a0']);
  for (let round = 0; round < 7; round++) {
    await store.record(usages(1, `c${round}-`));
    const newest = [`c${round}-0`, round > 0 ? `c${round - 1}-0` : 'b0'];
    assert.deepEqual((await keys(10)).slice(0, 2), newest, `round ${round}`);
    assert.equal((await keys(10)).length, 3);
  }
  assert.deepEqual(await keys(10), ['c6-0', 'c5-0', 'c4-0']);
  assert.deepEqual(await keys(2), ['c6-0', 'c5-0']);
  assert.deepEqual(await keys(0), []);
  // Counting is not capped: every record is in the totals.
  const [agg] = await store.readAggregates([{ scope: { kind: 'global' }, bucket: { period: 'day', day } }]);
  assert.equal(agg?.totals.count, 10);
});
