import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AggregateRef } from '../../src/domain/aggregate';
import type { BudgetRef } from '../../src/domain/budget-policy';
import { parsePriceTable } from '../../src/domain/price-table';
import { isoWeek, parseDay, utcDay } from '../../src/domain/periods';
import type { CostStore } from '../../src/store/cost-store';
import { loadDefaultPrices, makeUsage, onWorkers, testClock, type TestClock } from '../support/fixtures';

// The one suite every CostStore backend must pass (memory and Redis), including the original's
// accuracy scenario and the concurrency guarantees of budgets.

export interface ContractHarness {
  /** A store over empty state, using `clock`. */
  open(clock: TestClock): Promise<CostStore>;
  /** Called before each test: wipe state. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const prices = loadDefaultPrices();
const FIVE_OH_FIVE = 5_050_000;

export function costStoreContract(name: string, harness: () => Promise<ContractHarness>): void {
  describe(`CostStore contract: ${name}`, () => {
    let h: ContractHarness;
    let clock: TestClock;
    let store: CostStore;

    before(async () => {
      h = await harness();
    });
    after(async () => {
      await store?.close();
      await h?.close();
    });
    beforeEach(async () => {
      await h.reset();
      clock = testClock();
      store = await h.open(clock);
    });

    const day = (): string => utcDay(clock.now());
    const refs = (tenant: string, session: string, feature: string): AggregateRef[] => [
      { scope: { kind: 'global' }, bucket: { period: 'day', day: day() } },
      { scope: { kind: 'tenant', tenant }, bucket: { period: 'day', day: day() } },
      { scope: { kind: 'global' }, bucket: { period: 'week', week: isoWeek(clock.now()) } },
      { scope: { kind: 'tenant', tenant }, bucket: { period: 'week', week: isoWeek(clock.now()) } },
      { scope: { kind: 'session', session }, bucket: { period: 'lifetime' } },
      { scope: { kind: 'feature', feature }, bucket: { period: 'lifetime' } },
    ];

    async function accuracy(records: number): Promise<void> {
      // $5.05 split evenly; half priced from tokens (Gemini 2.5 Pro: $1.25 / $10 per M), half explicit.
      const each = FIVE_OH_FIVE / records;
      const tokensFor =
        records === 100 ? { inputTokens: 400, outputTokens: 5_000 } : { inputTokens: 4, outputTokens: 50 };
      await onWorkers(20, records, async (i) => {
        const u = makeUsage(prices, clock.now(), {
          session: 'sess-1',
          feature: 'checkout',
          agent: i % 2 === 0 ? 'scribe' : 'critic',
          ...(i % 2 === 0 ? tokensFor : { model: 'claude-sonnet-4-5', costMicros: each }),
        });
        assert.equal(u.costMicros, each);
        assert.deepEqual(await store.record([u]), [true]);
      });
      const aggs = await store.readAggregates(refs('acme', 'sess-1', 'checkout'));
      for (const agg of aggs) {
        assert.equal(agg.totals.costMicros, FIVE_OH_FIVE);
        assert.equal(agg.totals.count, records);
        assert.equal(agg.totals.unpricedCount, 0);
        assert.equal(agg.by.agent.get('scribe')?.costMicros, FIVE_OH_FIVE / 2);
        assert.equal(agg.by.agent.get('critic')?.costMicros, FIVE_OH_FIVE / 2);
        assert.equal(agg.by.model.get('gemini-2.5-pro')?.count, records / 2);
        // Gemini 2.5 Pro and Sonnet 4.5 are both Sonnet-class.
        assert.equal(agg.by.tier.get('sonnet')?.costMicros, FIVE_OH_FIVE);
        assert.equal(agg.by.feature.get('checkout')?.costMicros, FIVE_OH_FIVE);
      }
    }

    test('accuracy: 100 concurrent records from 20 workers sum to exactly $5.050000', () => accuracy(100));

    test('accuracy: 10,000 concurrent records from 20 workers sum to exactly $5.050000', () =>
      accuracy(10_000));

    test('a batch retried after a timeout is counted once', async () => {
      const batch = Array.from({ length: 50 }, (_, i) =>
        makeUsage(prices, clock.now(), { costMicros: 1_000 + i, session: 's', agent: 'runner' }),
      );
      const expected = batch.reduce((s, u) => s + u.costMicros, 0);
      // The caller gives up before the reply arrives (a client deadline), then retries the same batch.
      const first = store.record(batch);
      const timedOut = await Promise.race([first.then(() => false), Promise.resolve(true)]);
      assert.equal(timedOut, true);
      const retry = await store.record(batch);
      const original = await first;
      // Each record was recorded by exactly one of the two attempts.
      batch.forEach((_, i) => assert.notEqual(original[i], retry[i]));
      // A third attempt, half overlapping with new records, records only the new half.
      const extra = Array.from({ length: 10 }, (_, i) =>
        makeUsage(prices, clock.now(), { costMicros: 7 + i, session: 's' }),
      );
      const third = await store.record([...batch.slice(0, 10), ...extra]);
      assert.deepEqual(third, [...Array<boolean>(10).fill(false), ...Array<boolean>(10).fill(true)]);
      const [, dayTenant, , , session] = await store.readAggregates(refs('acme', 's', ''));
      const extraSum = extra.reduce((s, u) => s + u.costMicros, 0);
      assert.equal(dayTenant?.totals.costMicros, expected + extraSum);
      assert.equal(dayTenant?.totals.count, 60);
      assert.equal(session?.totals.count, 60);
      assert.equal((await store.readLog(day(), 1000)).length, 60);
    });

    test('duplicates inside one batch count once; idempotency keys are per tenant', async () => {
      const u = makeUsage(prices, clock.now(), { costMicros: 5, idempotencyKey: 'same' });
      const other = makeUsage(prices, clock.now(), {
        costMicros: 5,
        idempotencyKey: 'same',
        tenant: 'globex',
      });
      assert.deepEqual(await store.record([u, u, other]), [true, false, true]);
      const [global] = await store.readAggregates(refs('acme', '', ''));
      assert.equal(global?.totals.costMicros, 10);
    });

    test('unpriced models are counted separately, never as $0 spend', async () => {
      // Budgets charge them at the dearest rates (claude-opus-4-1: $15 in, $75 out per M), apart.
      await store.record([
        makeUsage(prices, clock.now(), { model: 'mystery-llm', inputTokens: 100, outputTokens: 10 }),
        makeUsage(prices, clock.now(), { model: 'mystery-llm', inputTokens: 5, outputTokens: 5 }),
        makeUsage(prices, clock.now(), { model: 'local', inputTokens: 100, outputTokens: 100 }),
        makeUsage(prices, clock.now(), { model: 'claude-haiku-4-5', inputTokens: 1_000, outputTokens: 100 }),
      ]);
      const [agg] = await store.readAggregates(refs('acme', '', ''));
      assert.ok(agg);
      assert.equal(agg.totals.count, 4);
      assert.equal(agg.totals.unpricedCount, 2);
      assert.equal(agg.totals.costMicros, 1_000 + 500);
      // 100 × 15 + 10 × 75 = 2,250 µ$ and 5 × 15 + 5 × 75 = 450 µ$: what budgets count, not spend.
      assert.equal(agg.totals.unpricedChargeMicros, 2_700);
      assert.equal(agg.totals.inputTokens, 1_205);
      assert.deepEqual(agg.by.model.get('mystery-llm'), {
        costMicros: 0,
        count: 2,
        unpricedCount: 2,
        unpricedChargeMicros: 2_700,
        inputTokens: 105,
        outputTokens: 15,
      });
      assert.deepEqual(agg.by.model.get('local'), {
        costMicros: 0,
        count: 1,
        unpricedCount: 0,
        unpricedChargeMicros: 0,
        inputTokens: 100,
        outputTokens: 100,
      });
      assert.deepEqual(agg.by.tier.get('unknown'), {
        costMicros: 0,
        count: 2,
        unpricedCount: 2,
        unpricedChargeMicros: 2_700,
        inputTokens: 105,
        outputTokens: 15,
      });
    });

    test('ids that look alike stay apart (separators, braces, unicode)', async () => {
      const tricky: [string, string][] = [
        ['a:b', 'c'],
        ['a', 'b:c'],
        ['{x}', 's'],
        ['x', '}s{'],
        ['ünï', 'cödé'],
        ['a:b:c', 'a:b:c'],
      ];
      for (const [i, [tenant, session]] of tricky.entries())
        await store.record([
          makeUsage(prices, clock.now(), {
            tenant,
            session,
            feature: session,
            costMicros: 10 ** i,
            agent: `agent:${i}`,
          }),
        ]);
      for (const [i, [tenant, session]] of tricky.entries()) {
        const [, dayTenant, , , sess, feature] = await store.readAggregates(refs(tenant, session, session));
        assert.equal(dayTenant?.totals.costMicros, 10 ** i, `tenant ${tenant}`);
        assert.equal(sess?.totals.costMicros, 10 ** i, `session ${session}`);
        assert.equal(feature?.totals.costMicros, 10 ** i, `feature ${session}`);
        assert.deepEqual([...(dayTenant?.by.agent.keys() ?? [])], [`agent:${i}`]);
      }
    });

    test('the entry log keeps every field, newest first', async () => {
      const a = makeUsage(prices, clock.now(), {
        taskId: 'task-1',
        session: 's',
        feature: 'f',
        inputTokens: 10,
        outputTokens: 20,
      });
      const b = makeUsage(prices, clock.now(), { model: 'nope', inputTokens: 1, outputTokens: 2 });
      await store.record([a]);
      await store.record([b]);
      assert.deepEqual(await store.readLog(day(), 10), [b, a]);
      assert.deepEqual(await store.readLog(day(), 1), [b]);
      assert.deepEqual(await store.readLog(day(), 0), []);
      assert.deepEqual(await store.readLog('2000-01-01', 10), []);
    });

    const sessionBudget = (limitMicros: number, session = 's'): BudgetRef => ({
      kind: 'session',
      session,
      limitMicros,
    });
    const dailyBudget = (limitMicros: number): BudgetRef => ({
      kind: 'tenant_daily',
      tenant: 'acme',
      day: day(),
      limitMicros,
    });
    const reserve = (id: string, amountMicros: number, budgets: BudgetRef[], ttlMs = 60_000) =>
      store.reserve({ id, tenant: 'acme', session: 's', feature: '', amountMicros, budgets, ttlMs });

    test('50 concurrent reservations against a $1 budget never commit more than $1', async () => {
      const budget = sessionBudget(1_000_000);
      const estimate = 30_000; // 33 fit in $1, not 34
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => reserve(`r-${i}`, estimate, [budget, dailyBudget(50_000_000)])),
      );
      const granted = results.flatMap((r) => (r.ok ? [r.reservation] : []));
      assert.equal(granted.length, 33);
      for (const r of results) if (!r.ok) assert.equal(r.exceeded.ref.kind, 'session');
      // Commit every granted reservation concurrently, each spending up to its estimate.
      await Promise.all(
        granted.map((res, i) =>
          store.commit(res.id, [
            makeUsage(prices, clock.now(), {
              session: 's',
              costMicros: estimate - (i % 3),
              idempotencyKey: `commit-${res.id}`,
            }),
          ]),
        ),
      );
      const [usage] = await store.budgetUsage([budget]);
      assert.ok(usage);
      assert.ok(usage.spentMicros <= 1_000_000, `spent ${usage.spentMicros}`);
      assert.equal(usage.heldMicros, 0);
      // With $1 - spent left, an estimate above it is refused and names the session budget.
      const refused = await reserve('late', 1_000_000 - usage.spentMicros + 1, [budget]);
      assert.equal(refused.ok, false);
      if (!refused.ok) {
        assert.equal(refused.exceeded.ref.kind, 'session');
        assert.equal(refused.exceeded.spentMicros, usage.spentMicros);
      }
    });

    test('a day counts only its own holds; a record is filed under the day of filedAtMs', async () => {
      const DAY_MS = 86_400_000;
      clock.advance(DAY_MS - (clock.now() % DAY_MS) - 60_000); // 23:59:00 UTC
      const limit = 1_000_000;
      const evening = day();
      const eveningBudget = dailyBudget(limit);
      const held = await reserve('late-evening', 800_000, [eveningBudget], 600_000);
      assert.equal(held.ok && held.reservation.day, evening);
      clock.advance(120_000); // 00:01:00, the next day
      const today = dailyBudget(limit);
      assert.notEqual(day(), evening);
      // The hold is the evening's until it is settled; the new day's budget is whole.
      assert.deepEqual(
        (await store.budgetUsage([eveningBudget, today])).map((u) => [u.spentMicros, u.heldMicros]),
        [
          [0, 800_000],
          [0, 0],
        ],
      );
      assert.equal((await reserve('morning', limit, [today])).ok, true);
      assert.equal((await store.getReservation('late-evening'))?.day, evening);
      // Committed after midnight, filed (as the ledger files a Commit's records) under its day.
      const spent = makeUsage(prices, clock.now(), { session: 's', costMicros: 700_000 });
      const committed = await store.commit('late-evening', [{ ...spent, filedAtMs: parseDay(evening) }]);
      assert.equal(committed.kind, 'committed');
      assert.deepEqual(
        (await store.budgetUsage([eveningBudget, today])).map((u) => [u.spentMicros, u.heldMicros]),
        [
          [700_000, 0],
          [0, limit],
        ],
      );
      const tenant = { kind: 'tenant', tenant: 'acme' } as const;
      const [eveningTenant, eveningWeek] = await store.readAggregates([
        { scope: tenant, bucket: { period: 'day', day: evening } },
        { scope: tenant, bucket: { period: 'week', week: isoWeek(clock.now() - 120_000) } },
      ]);
      assert.equal(eveningTenant?.totals.costMicros, 700_000);
      assert.equal(eveningWeek?.totals.costMicros, 700_000);
      // The log is the evening's too, and keeps the record's own time.
      assert.deepEqual(
        (await store.readLog(evening, 10)).map((u) => [u.costMicros, u.occurredAtMs]),
        [[700_000, spent.occurredAtMs]],
      );
      assert.deepEqual(await store.readLog(day(), 10), []);
    });

    test('a reservation is checked against every budget and holds in all or none', async () => {
      const tight = dailyBudget(100);
      const loose = sessionBudget(1_000_000);
      const refused = await reserve('r1', 101, [loose, tight]);
      assert.equal(refused.ok, false);
      if (!refused.ok) assert.equal(refused.exceeded.ref.kind, 'tenant_daily');
      const [looseUsage] = await store.budgetUsage([loose]);
      assert.equal(looseUsage?.heldMicros, 0);
      const ok = await reserve('r2', 100, [loose, tight]);
      assert.equal(ok.ok, true);
      assert.deepEqual(
        (await store.budgetUsage([loose, tight])).map((u) => u.heldMicros),
        [100, 100],
      );
    });

    test('commit records the actual, drops the hold and is idempotent', async () => {
      const budget = sessionBudget(1_000_000);
      assert.equal((await reserve('r1', 400_000, [budget])).ok, true);
      const actual = makeUsage(prices, clock.now(), {
        session: 's',
        costMicros: 250_000,
        idempotencyKey: 'c1',
      });
      const first = await store.commit('r1', [actual]);
      assert.equal(first.kind, 'committed');
      if (first.kind === 'committed') {
        assert.deepEqual(first.recorded, [true]);
        assert.equal(first.reservation.state, 'committed');
      }
      assert.equal((await store.commit('r1', [actual])).kind, 'already_committed');
      const [u] = await store.budgetUsage([budget]);
      assert.deepEqual([u?.spentMicros, u?.heldMicros], [250_000, 0]);
      assert.equal((await store.release('r1')).kind, 'committed');
      assert.equal((await store.getReservation('r1'))?.state, 'committed');
    });

    test('release drops the hold; a released reservation cannot be committed', async () => {
      const budget = sessionBudget(500_000);
      assert.equal((await reserve('r1', 500_000, [budget])).ok, true);
      assert.equal((await reserve('r2', 1, [budget])).ok, false);
      assert.equal((await store.release('r1')).kind, 'released');
      assert.equal((await store.release('r1')).kind, 'already_released');
      assert.equal((await reserve('r2', 500_000, [budget])).ok, true);
      const late = await store.commit('r1', [
        makeUsage(prices, clock.now(), { session: 's', costMicros: 1 }),
      ]);
      assert.equal(late.kind, 'released');
      assert.equal((await store.budgetUsage([budget]))[0]?.spentMicros, 0);
    });

    test('unknown reservations are not found', async () => {
      assert.equal(await store.getReservation('nope'), undefined);
      assert.equal(
        (await store.commit('nope', [makeUsage(prices, clock.now(), { costMicros: 1 })])).kind,
        'not_found',
      );
      assert.equal((await store.release('nope')).kind, 'not_found');
    });

    test('holds expire after their TTL; an expired reservation can still be committed', async () => {
      const budget = sessionBudget(1_000);
      const r = await reserve('r1', 1_000, [budget], 5_000);
      assert.ok(r.ok);
      assert.equal(r.reservation.expiresAtMs, clock.now() + 5_000);
      assert.equal((await reserve('r2', 1, [budget])).ok, false);
      clock.advance(5_000);
      assert.equal((await store.budgetUsage([budget]))[0]?.heldMicros, 0);
      assert.equal((await reserve('r2', 400, [budget])).ok, true);
      // The call behind r1 did happen: its spend is recorded even though the hold lapsed.
      const c = await store.commit('r1', [makeUsage(prices, clock.now(), { session: 's', costMicros: 600 })]);
      assert.equal(c.kind, 'committed');
      assert.deepEqual(
        (await store.budgetUsage([budget])).map((u) => [u.spentMicros, u.heldMicros]),
        [[600, 400]],
      );
    });

    test('a repeated reservation id returns the existing reservation without holding twice', async () => {
      const budget = sessionBudget(1_000);
      const a = await reserve('same', 600, [budget]);
      clock.advance(10);
      const b = await reserve('same', 600, [budget]);
      assert.ok(a.ok && b.ok);
      assert.deepEqual([a.existing, b.existing], [false, true]);
      assert.deepEqual(b.reservation, a.reservation);
      assert.equal((await store.budgetUsage([budget]))[0]?.heldMicros, 600);
    });

    test("a reservation keeps the caller's feature cap it was made under (0 = none given)", async () => {
      const feature: BudgetRef = { kind: 'feature', feature: 'login', limitMicros: 2_000_000 };
      const capped = await store.reserve({
        id: 'capped',
        tenant: 'acme',
        session: '',
        feature: 'login',
        amountMicros: 1_000,
        featureCapMicros: 2_000_000,
        budgets: [feature],
        ttlMs: 60_000,
      });
      assert.ok(capped.ok);
      assert.equal(capped.reservation.featureCapMicros, 2_000_000);
      assert.equal((await store.getReservation('capped'))?.featureCapMicros, 2_000_000);
      const c = await store.commit('capped', []);
      assert.equal(c.kind === 'committed' ? c.reservation.featureCapMicros : undefined, 2_000_000);
      assert.ok((await reserve('uncapped', 1, [])).ok);
      assert.equal((await store.getReservation('uncapped'))?.featureCapMicros, 0);
    });

    test('an abandoned reservation holds nothing and its id can be reserved afresh; others are left alone', async () => {
      const budget = sessionBudget(1_000);
      assert.equal((await reserve('lost', 1_000, [budget])).ok, true);
      await store.abandon('lost');
      assert.equal((await store.budgetUsage([budget]))[0]?.heldMicros, 0);
      assert.equal(await store.getReservation('lost'), undefined);
      const again = await reserve('lost', 700, [budget]);
      assert.ok(again.ok);
      assert.equal(again.existing, false, 'a repeated Reserve holds afresh');
      // Committed and released reservations are not touched, nor are unknown ids.
      assert.equal((await store.commit('lost', [])).kind, 'committed');
      await store.abandon('lost');
      assert.equal((await store.getReservation('lost'))?.state, 'committed');
      assert.equal((await reserve('gone', 100, [budget])).ok, true);
      await store.release('gone');
      await store.abandon('gone');
      assert.equal((await store.getReservation('gone'))?.state, 'released');
      await store.abandon('never-made');
    });

    test('a reservation a repeated Reserve was answered with is never abandoned', async () => {
      // The first call's caller gave up (deadline) and retried with the same key; the retry was
      // answered with this reservation. The first call, finding its caller gone, must not undo it.
      const budget = sessionBudget(1_000);
      const first = await reserve('retried', 600, [budget]);
      const retry = await reserve('retried', 600, [budget]);
      assert.ok(first.ok && retry.ok);
      assert.deepEqual([first.existing, retry.existing], [false, true]);
      await store.abandon('retried');
      assert.equal((await store.getReservation('retried'))?.state, 'held');
      assert.equal((await store.budgetUsage([budget]))[0]?.heldMicros, 600);
      assert.equal((await reserve('other', 401, [budget])).ok, false, 'the hold still counts');
      const c = await store.commit('retried', [
        makeUsage(prices, clock.now(), { session: 's', costMicros: 500 }),
      ]);
      assert.equal(c.kind, 'committed');
    });

    // Unpriced usage (a model missing from the price table) has no known cost. Budgets charge it
    // at the dearest input and output rates of the table it was priced with, so a forgotten model
    // cannot spend without limit; reports keep it unpriced (a count, never $).
    const DEAREST = { input: 15, output: 75 }; // claude-opus-4-1, µ$ per token
    const featureBudget = (limitMicros: number, feature = 'f'): BudgetRef => ({
      kind: 'feature',
      feature,
      limitMicros,
    });
    const globalBudget = (limitMicros: number): BudgetRef => ({
      kind: 'global_daily',
      day: day(),
      limitMicros,
    });
    const unpriced = (fields: Parameters<typeof makeUsage>[2] = {}) =>
      makeUsage(prices, clock.now(), {
        model: 'not-in-the-table',
        session: 's',
        feature: 'f',
        inputTokens: 2_000,
        outputTokens: 1_000,
        ...fields,
      });
    const CHARGE = 2_000 * DEAREST.input + 1_000 * DEAREST.output; // 105,000 µ$

    test('an unpriced Record moves the session, feature, tenant and global budgets by the dearest rates', async () => {
      const u = unpriced();
      assert.deepEqual([u.priced, u.costMicros, u.unpricedChargeMicros], [false, 0, CHARGE]);
      assert.deepEqual(await store.record([u, u]), [true, false]);
      const budgets = [
        sessionBudget(1_000_000),
        featureBudget(1_000_000),
        dailyBudget(1_000_000),
        globalBudget(1),
      ];
      assert.deepEqual(
        (await store.budgetUsage(budgets)).map((b) => [b.spentMicros, b.unpricedChargeMicros, b.heldMicros]),
        budgets.map(() => [CHARGE, CHARGE, 0]),
      );
      // A priced record adds its cost; the charge stays apart.
      await store.record([makeUsage(prices, clock.now(), { session: 's', feature: 'f', costMicros: 7 })]);
      assert.deepEqual(
        (await store.budgetUsage(budgets)).map((b) => [b.spentMicros, b.unpricedChargeMicros]),
        budgets.map(() => [CHARGE + 7, CHARGE]),
      );
      // Reports: $7 of spend, one unpriced record, never the charge as spend.
      for (const agg of await store.readAggregates(refs('acme', 's', 'f'))) {
        assert.deepEqual(
          [
            agg.totals.costMicros,
            agg.totals.count,
            agg.totals.unpricedCount,
            agg.totals.unpricedChargeMicros,
          ],
          [7, 2, 1, CHARGE],
        );
        assert.equal(agg.by.model.get('not-in-the-table')?.costMicros, 0);
      }
      // The log keeps the record as unpriced, with its charge.
      const [logged] = await store.readLog(day(), 1);
      assert.equal(logged?.costMicros, 7);
      const [, first] = await store.readLog(day(), 2);
      assert.deepEqual([first?.priced, first?.costMicros, first?.unpricedChargeMicros], [false, 0, CHARGE]);
    });

    test('an unpriced Commit moves the budgets by the dearest rates, and a Reserve counts it', async () => {
      const budgets = [sessionBudget(200_000), dailyBudget(1_000_000)];
      assert.ok((await reserve('r-unpriced', 50_000, budgets)).ok);
      const c = await store.commit('r-unpriced', [unpriced({ feature: '' })]);
      assert.ok(c.kind === 'committed');
      assert.deepEqual(c.recorded, [true]);
      assert.deepEqual(
        (await store.budgetUsage(budgets)).map((b) => [b.spentMicros, b.unpricedChargeMicros, b.heldMicros]),
        [
          [CHARGE, CHARGE, 0],
          [CHARGE, CHARGE, 0],
        ],
      );
      // $0.105 charged of the session's $0.20: $0.095 fits, a µ$ more is refused, naming the charge.
      const refused = await reserve('r-over', 200_000 - CHARGE + 1, budgets);
      assert.equal(refused.ok, false);
      if (!refused.ok)
        assert.deepEqual(
          [refused.exceeded.ref.kind, refused.exceeded.spentMicros, refused.exceeded.unpricedChargeMicros],
          ['session', CHARGE, CHARGE],
        );
      assert.ok((await reserve('r-fits', 200_000 - CHARGE, budgets)).ok);
    });

    test('the charge is fixed when a record is priced: a new price table changes later records only', async () => {
      await store.record([unpriced({ idempotencyKey: 'before' })]);
      // A reload adds a dearer model ($20 in, $100 out): only records priced after it use its rates.
      const dearer = parsePriceTable({
        version: 'dearer-1',
        models: {
          ...Object.fromEntries(
            prices.models.map((m) => [
              m.model,
              {
                tier: m.tier,
                provider: m.provider,
                input: String(m.inputMicrosPerMillion / 1e6),
                output: String(m.outputMicrosPerMillion / 1e6),
              },
            ]),
          ),
          'claude-dearest': { tier: 'opus', provider: 'anthropic', input: '20', output: '100' },
        },
      });
      assert.deepEqual(dearer.dearest, {
        inputMicrosPerMillion: 20_000_000,
        outputMicrosPerMillion: 100_000_000,
      });
      const after = makeUsage(dearer, clock.now(), {
        model: 'not-in-the-table',
        session: 's',
        feature: 'f',
        inputTokens: 2_000,
        outputTokens: 1_000,
        idempotencyKey: 'after',
      });
      const AFTER = 2_000 * 20 + 1_000 * 100;
      assert.equal(after.unpricedChargeMicros, AFTER);
      await store.record([after]);
      const [s] = await store.budgetUsage([sessionBudget(1_000_000)]);
      assert.deepEqual([s?.spentMicros, s?.unpricedChargeMicros], [CHARGE + AFTER, CHARGE + AFTER]);
    });

    test('a commit of several records is atomic with the release of the hold', async () => {
      const budget = sessionBudget(1_000_000);
      const global: BudgetRef = { kind: 'global_daily', day: day(), limitMicros: 10_000_000 };
      assert.equal((await reserve('r1', 500_000, [budget, global])).ok, true);
      const usages = [
        makeUsage(prices, clock.now(), {
          session: 's',
          agent: 'scribe',
          model: 'claude-haiku-4-5',
          inputTokens: 10_000,
          outputTokens: 2_000,
          idempotencyKey: 'a',
        }),
        makeUsage(prices, clock.now(), {
          session: 's',
          agent: 'critic',
          model: 'mystery',
          inputTokens: 10,
          outputTokens: 1,
          idempotencyKey: 'b',
        }),
        makeUsage(prices, clock.now(), { session: 's', agent: 'scribe', costMicros: 5, idempotencyKey: 'a' }),
      ];
      const c = await store.commit('r1', usages);
      assert.ok(c.kind === 'committed');
      assert.deepEqual(c.recorded, [true, true, false]);
      const used = await store.budgetUsage([budget, global]);
      // Haiku's $0.02, and the unpriced record at the dearest rates: 10 × $15 + 1 × $75 per M.
      assert.deepEqual(
        used.map((u) => [u.spentMicros, u.unpricedChargeMicros, u.heldMicros]),
        [
          [20_225, 225, 0],
          [20_225, 225, 0],
        ],
      );
      const [, , , , session] = await store.readAggregates(refs('acme', 's', ''));
      assert.deepEqual(session?.by.agent.get('scribe'), {
        costMicros: 20_000,
        count: 1,
        unpricedCount: 0,
        unpricedChargeMicros: 0,
        inputTokens: 10_000,
        outputTokens: 2_000,
      });
      assert.deepEqual(session?.by.model.get('mystery'), {
        costMicros: 0,
        count: 1,
        unpricedCount: 1,
        unpricedChargeMicros: 225,
        inputTokens: 10,
        outputTokens: 1,
      });
      assert.deepEqual(session?.by.feature.get('unknown')?.count, 2);
    });

    test('is ready', () => {
      assert.equal(store.isReady(), true);
    });
  });
}
