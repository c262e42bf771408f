import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { captureLogger } from '@superagent/logging';
import { common, cost } from '@superagent/proto';
import { parseBudgetPolicy } from '../../src/domain/budget-policy';
import { parsePriceTable, type PriceTable } from '../../src/domain/price-table';
import { bothBackends } from '../support/both-backends';
import { loadDefaultPrices } from '../support/fixtures';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';
import { rejects } from '../support/assertions';

// Usage of a model missing from the price table ("unpriced") over gRPC, on both backends. Its cost
// is unknown, so budgets charge its tokens at the dearest input and output rates of the price table
// in force when it is recorded (the shipped table: claude-opus-4-1, $15 in and $75 out per million
// tokens, i.e. 15 and 75 µ$ a token): a model forgotten in the table cannot spend without limit.
// Reports keep it unpriced: a count, never dollars; only the budget lines carry the charge, and
// say how much of their spend it is (Budget.unpriced_charge_micros).

const LIMIT = 1_500_000; // $1.50 for the session, the feature and the tenant's day
const UNPRICED = 'model-the-table-forgot';
const { OK, WARN, STOP } = common.BudgetStatus;

/** A price source whose table a test replaces, as a SIGHUP reload does. */
function swappable(initial: PriceTable): {
  current(): PriceTable;
  loadedAtMs(): number;
  set(t: PriceTable): void;
} {
  let table = initial;
  return { current: () => table, loadedAtMs: () => 0, set: (t) => (table = t) };
}

const budgets = parseBudgetPolicy({
  version: 'unpriced-1',
  session: '1.50',
  tenant_daily: '1.50',
  feature: { default: '1.50' },
});

const backends = bothBackends();

for (const [name, store] of backends)
  describe(`unpriced usage counts against budgets at the dearest rates (${name})`, () => {
    let h: CostHarness;
    const prices = swappable(loadDefaultPrices());
    const log = captureLogger('cost', 'warn');
    before(async () => {
      h = await startCostHarness({ store, budgets, priceSource: prices, logger: log.logger });
    });
    after(async () => {
      await h?.stop();
    });

    const scope = (id: string) => ({
      tenantId: `t-${id}-${name}`,
      sessionId: `s-${id}-${name}`,
      featureId: `f-${id}-${name}`,
    });
    const record = (id: string, inputTokens: number, outputTokens: number) =>
      h.client.unary('record', {
        record: usageRecord({ ...scope(id), model: UNPRICED, inputTokens, outputTokens }),
      });
    const getBudget = (id: string) =>
      h.client.unary('getBudget', cost.GetBudgetRequest.fromPartial(scope(id)));
    const K = cost.BudgetKind;
    /**
     * [kind, spent, of which the charge, remaining, status] of every budget answered but the global
     * day's (no limit here; the tests of a backend share it).
     */
    const lines = (r: { budgets: cost.Budget[] }) =>
      r.budgets
        .filter((b) => b.kind !== K.GLOBAL_DAY)
        .map((b) => [b.kind, b.spentMicros, b.unpricedChargeMicros, b.remainingMicros, b.status]);
    const all = (spent: number, s: common.BudgetStatus) => [
      [K.SESSION, spent, spent, Math.max(0, LIMIT - spent), s],
      [K.FEATURE, spent, spent, Math.max(0, LIMIT - spent), s],
      [K.TENANT_DAY, spent, spent, Math.max(0, LIMIT - spent), s],
    ];

    test('unpriced Records alone take the session, feature and day budgets to WARN and STOP', async () => {
      // 29,999 × 15 + 10,000 × 75 = 1,199,985 µ$: 1 µ$… 15 µ$ below 80 % of $1.50.
      const first = await record('rec', 29_999, 10_000);
      assert.deepEqual(
        [first.result?.recorded, first.result?.priced, first.result?.costMicros],
        [true, false, 0],
      );
      const budget = await getBudget('rec');
      assert.deepEqual(lines(budget), all(1_199_985, OK));
      // The global day counts it too (it has no limit here, so no status).
      const global = budget.budgets.find((b) => b.kind === K.GLOBAL_DAY);
      assert.ok(global && global.unpricedChargeMicros >= 1_199_985 && global.spentMicros >= 1_199_985);
      await record('rec', 1, 0); // + 15 µ$: exactly 80 %
      assert.deepEqual(lines(await getBudget('rec')), all(1_200_000, WARN));
      await record('rec', 0, 4_000); // + $0.30: exactly 100 %
      const stopped = await getBudget('rec');
      assert.deepEqual(lines(stopped), all(LIMIT, STOP));
      assert.equal(stopped.status, STOP);
      // No new paid work in that session, feature or tenant: the Reserve names the charge.
      await rejects(
        h.client.unary('reserve', cost.ReserveRequest.fromPartial({ ...scope('rec'), estimateMicros: 1 })),
        status.RESOURCE_EXHAUSTED,
        /would exceed \$1\.500000 \(spent \$1\.500000 \+ reserved \$0\.000000 \+ estimate \$0\.000001\), of which \$1\.500000 charged for unpriced usage at the dearest rates/,
      );

      // Reports stay honest: no dollars for the unpriced model, three unpriced records, and the
      // budget lines with the charge they count.
      for (const [reportScope, scopeId, tenantId] of [
        [cost.ReportScope.SESSION, scope('rec').sessionId, scope('rec').tenantId],
        [cost.ReportScope.FEATURE, scope('rec').featureId, ''],
        [cost.ReportScope.TENANT, scope('rec').tenantId, ''],
      ] as const) {
        const report = await h.client.unary(
          'getReport',
          cost.GetReportRequest.fromPartial({ scope: reportScope, scopeId, tenantId }),
        );
        assert.deepEqual([report.totalMicros, report.count, report.unpricedCount], [0, 3, 3]);
        assert.deepEqual(
          report.byModel.map((b) => [b.key, b.costMicros, b.unpricedCount]),
          [[UNPRICED, 0, 3]],
        );
        assert.equal(report.budgetStatus, STOP);
        assert.ok(report.budgets.length > 0);
        for (const b of report.budgets.filter((x) => x.kind !== K.GLOBAL_DAY))
          assert.deepEqual([b.spentMicros, b.unpricedChargeMicros, b.status], [LIMIT, LIMIT, STOP]);
      }
    });

    test('an unpriced Commit moves the budgets it was held against by the dearest rates', async () => {
      const r = await h.client.unary(
        'reserve',
        cost.ReserveRequest.fromPartial({ ...scope('commit'), estimateMicros: 500_000 }),
      );
      const c = await h.client.unary('commit', {
        reservationId: r.reservationId,
        actual: [usageRecord({ model: UNPRICED, inputTokens: 0, outputTokens: 4_000 })],
      });
      // committed / released / overrun are priced dollars (none here); the budgets count $0.30.
      assert.deepEqual([c.committedMicros, c.releasedMicros, c.overrunMicros], [0, 500_000, 0]);
      assert.deepEqual(
        c.results.map((x) => [x.recorded, x.priced, x.costMicros]),
        [[true, false, 0]],
      );
      assert.deepEqual(lines(c), all(300_000, OK));
      assert.deepEqual(lines(await getBudget('commit')), all(300_000, OK));
      // A retried Commit charges nothing twice.
      const again = await h.client.unary('commit', {
        reservationId: r.reservationId,
        actual: [usageRecord({ model: UNPRICED, inputTokens: 0, outputTokens: 4_000 })],
      });
      assert.deepEqual(lines(again), all(300_000, OK));
      // $1.20 more fits; a µ$ beyond is refused.
      await rejects(
        h.client.unary(
          'reserve',
          cost.ReserveRequest.fromPartial({ ...scope('commit'), estimateMicros: 1_200_001 }),
        ),
        status.RESOURCE_EXHAUSTED,
        /spent \$0\.300000/,
      );
    });

    test('a price table reload changes the rate of later records only', async () => {
      const shipped = prices.current();
      try {
        await record('reload', 0, 1_000); // 1,000 × 75 = 75,000 µ$ at the shipped table
        // The reload adds a model dearer than any before ($100 per million output tokens).
        prices.set(
          parsePriceTable({
            version: 'dearer',
            models: { 'claude-dearer': { tier: 'opus', provider: 'anthropic', input: '20', output: '100' } },
          }),
        );
        await record('reload', 0, 1_000); // + 100,000 µ$; the first record keeps its 75,000
        const [session] = (await getBudget('reload')).budgets;
        assert.deepEqual([session?.spentMicros, session?.unpricedChargeMicros], [175_000, 175_000]);
      } finally {
        prices.set(shipped);
      }
    });

    test('with no paid rate in the table, unpriced usage is recorded, counts nothing, and is logged as an error', async () => {
      const shipped = prices.current();
      try {
        prices.set(
          parsePriceTable({
            version: `free-only-${name}`,
            models: { local: { tier: 'local', provider: 'local', input: 0, output: 0 } },
          }),
        );
        const r = await record('free', 1_000, 1_000);
        await record('free', 5, 5);
        assert.deepEqual([r.result?.recorded, r.result?.priced], [true, false]);
        assert.deepEqual(lines(await getBudget('free')), all(0, OK));
        const report = await h.client.unary(
          'getReport',
          cost.GetReportRequest.fromPartial({
            scope: cost.ReportScope.FEATURE,
            scopeId: scope('free').featureId,
          }),
        );
        assert.deepEqual([report.count, report.unpricedCount], [2, 2]);
        const errors = log.lines.filter((l) => l.level === 'error' && l.priceVersion === `free-only-${name}`);
        assert.equal(errors.length, 1, 'once per price table version');
        assert.match(errors[0]?.msg ?? '', /no budget can count/);
      } finally {
        prices.set(shipped);
      }
    });
  });
