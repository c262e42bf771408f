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

test('a write to a full log costs the same whatever its cap (no shifting of the kept entries)', async () => {
  // Per-write time with the log full, at a small and a large cap. Dropping the oldest entry from
  // the front of an array moved all the others: 250 µs a write at a cap of 100,000 against 15 at
  // 2,000 (and about 0.4 ms at the default cap, 1,000,000).
  async function microsPerWriteWhenFull(cap: number): Promise<number> {
    const store = storeWithLogCap(cap);
    await store.record(usages(cap, 'fill'));
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const more = usages(2_000, `more${run}-`);
      const started = process.hrtime.bigint();
      await store.record(more);
      best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e3 / more.length);
    }
    return best;
  }
  const small = await microsPerWriteWhenFull(2_000);
  const large = await microsPerWriteWhenFull(100_000);
  assert.ok(
    large < small * 5 + 5,
    `${large.toFixed(1)} µs per write at a cap of 100,000, ${small.toFixed(1)} at 2,000`,
  );
});
