import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utcDay } from '../../../src/domain/periods';
import type { Usage } from '../../../src/domain/usage';
import { DEFAULT_RETENTION } from '../../../src/store/cost-store';
import { createMemoryCostStore } from '../../../src/store/memory-store';
import { loadDefaultPrices, makeUsage } from '../../support/fixtures';

// The memory store's per-day log keeps the newest COST_LOG_MAX_PER_DAY entries, and a bucket's
// retention never starts before its day (week) does.

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

test('a record filed ahead of its day (future skew) keeps that day 30 days from its start, the week 90', async () => {
  const DAY_MS = 86_400_000;
  const monday = Date.UTC(2025, 11, 1); // 2025-12-01, the first day of ISO week 2025-W49
  let now = monday - 2 * 60_000; // Sunday 23:58
  const store = createMemoryCostStore({ now: () => now });
  // 4 minutes ahead of this clock (allowed: 5): filed under the Monday, which has not begun.
  await store.record([
    makeUsage(prices, now, { tenant: 'early', costMicros: 7, occurredAtMs: monday + 2 * 60_000 }),
  ]);
  const tenant = { kind: 'tenant', tenant: 'early' } as const;
  const spent = async (): Promise<(number | undefined)[]> =>
    (
      await store.readAggregates([
        { scope: tenant, bucket: { period: 'day', day: '2025-12-01' } },
        { scope: tenant, bucket: { period: 'week', week: '2025-W49' } },
      ])
    ).map((a) => a.totals.costMicros);
  assert.deepEqual(await spent(), [7, 7]);
  // Reports read a day while it is at most 29 days old, to the end of its 30th day: kept until then.
  now = monday + 30 * DAY_MS - 1;
  assert.deepEqual(await spent(), [7, 7]);
  now = monday + 30 * DAY_MS;
  assert.deepEqual(await spent(), [0, 7]);
  // A week while its Monday is at most 89 days old.
  now = monday + 90 * DAY_MS - 1;
  assert.deepEqual(await spent(), [0, 7]);
  now = monday + 90 * DAY_MS;
  assert.deepEqual(await spent(), [0, 0]);
});
