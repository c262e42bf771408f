import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { common, cost } from '@superagent/proto';
import { parseBudgetPolicy } from '../../src/domain/budget-policy';
import { bothBackends } from '../support/both-backends';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';
import { rejects } from '../support/assertions';

// A budget's WARN and STOP over gRPC on both backends, at exactly 80 %, exactly 100 % and past it.
// STOP is the promise that no new paid work is allowed past the limit: Reserve refuses once
// spent + reserved + estimate would pass it. Spend already made is never refused: a Commit over
// its estimate, a late Commit of an expired hold and a plain Record are recorded in full, and the
// budget then reads what it is (spent past the limit, remaining 0, STOP) and refuses every Reserve.

const LIMIT = 1_000_000; // $1 per tenant and day

const backends = bothBackends();

for (const [name, store] of backends)
  describe(`a budget at 80 %, 100 % and past it (${name})`, () => {
    let h: CostHarness;
    before(async () => {
      h = await startCostHarness({
        store,
        budgets: parseBudgetPolicy({
          version: 'limits-1',
          session: '0',
          tenant_daily: '1.00',
          feature: { default: '0' },
        }),
      });
    });
    after(async () => {
      await h?.stop();
    });

    const reserve = (tenantId: string, estimateMicros: number, ttlMs = 0) =>
      h.client.unary('reserve', cost.ReserveRequest.fromPartial({ tenantId, estimateMicros, ttlMs }));
    const commit = (reservationId: string, costMicros: number) =>
      h.client.unary('commit', { reservationId, actual: [usageRecord({ costMicros })] });
    const record = (tenantId: string, costMicros: number) =>
      h.client.unary('record', { record: usageRecord({ tenantId, costMicros }) });
    const daily = (r: { budgets: cost.Budget[] }): cost.Budget => {
      const b = r.budgets.find((x) => x.kind === cost.BudgetKind.TENANT_DAY);
      assert.ok(b, 'the tenant-daily budget is answered');
      return b;
    };
    /** [spent, reserved, remaining, status] of the tenant's daily budget, as GetBudget answers. */
    const budgetOf = async (tenantId: string): Promise<[number, number, number, common.BudgetStatus]> => {
      const r = await h.client.unary('getBudget', {
        tenantId,
        sessionId: '',
        featureId: '',
        featureCapMicros: 0,
      });
      const b = daily(r);
      assert.equal(r.status, b.status);
      return [b.spentMicros, b.reservedMicros, b.remainingMicros, b.status];
    };
    const { OK, WARN, STOP } = common.BudgetStatus;

    test('OK up to 1 µ$ below 80 %, WARN from exactly 80 % of spent + reserved', async () => {
      const tenant = `warn-${name}`;
      await record(tenant, 799_999);
      assert.deepEqual(await budgetOf(tenant), [799_999, 0, 200_001, OK]);
      await record(tenant, 1);
      assert.deepEqual(await budgetOf(tenant), [800_000, 0, 200_000, WARN]);

      // Holds count: $0.50 spent and $0.30 held is 80 %.
      const held = `warn-held-${name}`;
      await record(held, 500_000);
      const r = await reserve(held, 299_999);
      assert.equal(daily(r).status, OK);
      await h.client.unary('release', { reservationId: r.reservationId });
      const full = await reserve(held, 300_000);
      assert.deepEqual([daily(full).reservedMicros, daily(full).status], [300_000, WARN]);
      assert.deepEqual(await budgetOf(held), [500_000, 300_000, 200_000, WARN]);
    });

    test('STOP at exactly 100 %: a Reserve that fills the budget is granted, the next µ$ refused', async () => {
      const tenant = `full-${name}`;
      await record(tenant, 800_000);
      const last = await reserve(tenant, 200_000);
      assert.deepEqual(
        [daily(last).reservedMicros, daily(last).remainingMicros, daily(last).status, last.status],
        [200_000, 0, STOP, STOP],
      );
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, new RegExp(`budget tenant:${tenant}:`));
      const settled = await commit(last.reservationId, 200_000);
      assert.deepEqual(
        [settled.committedMicros, settled.releasedMicros, settled.overrunMicros],
        [200_000, 0, 0],
      );
      assert.deepEqual(await budgetOf(tenant), [LIMIT, 0, 0, STOP]);
      await rejects(
        reserve(tenant, 1),
        status.RESOURCE_EXHAUSTED,
        /would exceed \$1\.000000 \(spent \$1\.000000 \+ reserved \$0\.000000 \+ estimate \$0\.000001\)/,
      );
    });

    test('a Commit over its estimate is recorded in full; the budget then reads STOP, remaining 0, and refuses', async () => {
      const tenant = `overrun-${name}`;
      const r = await reserve(tenant, 500_000);
      const settled = await commit(r.reservationId, 1_500_000);
      // Nothing of the spend is dropped, and the overrun is reported.
      assert.deepEqual(
        [settled.committedMicros, settled.releasedMicros, settled.overrunMicros],
        [1_500_000, 0, 1_000_000],
      );
      assert.deepEqual(
        settled.results.map((x) => [x.recorded, x.costMicros]),
        [[true, 1_500_000]],
      );
      // Honest figures: spent is what was spent ($0.50 past the limit), remaining never negative,
      // STOP (never WARN) in the Commit's answer, GetBudget and GetReport alike.
      const after = daily(settled);
      assert.deepEqual(
        [after.limitMicros, after.spentMicros, after.reservedMicros, after.remainingMicros, after.status],
        [LIMIT, 1_500_000, 0, 0, STOP],
      );
      assert.deepEqual(await budgetOf(tenant), [1_500_000, 0, 0, STOP]);
      const report = await h.client.unary(
        'getReport',
        cost.GetReportRequest.fromPartial({ scope: cost.ReportScope.TENANT, scopeId: tenant }),
      );
      assert.deepEqual(
        [report.totalMicros, report.budgetStatus, daily(report).remainingMicros],
        [1_500_000, STOP, 0],
      );
      await rejects(
        reserve(tenant, 1),
        status.RESOURCE_EXHAUSTED,
        /would exceed \$1\.000000 \(spent \$1\.500000 \+ reserved \$0\.000000/,
      );
      // Spend reported without a reservation is recorded past STOP too (it has happened).
      const late = await record(tenant, 7);
      assert.deepEqual([late.result?.recorded, late.result?.costMicros], [true, 7]);
      assert.deepEqual(await budgetOf(tenant), [1_500_007, 0, 0, STOP]);
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, /spent \$1\.500007/);
    });

    test('holds granted before an overrun still settle; the status follows spent + reserved', async () => {
      const tenant = `overlap-${name}`;
      const [a, b] = [await reserve(tenant, 500_000), await reserve(tenant, 500_000)];
      assert.equal(daily(b).status, STOP);
      // a spends $0.90 of its $0.50: $0.90 spent + $0.50 still held is 140 % of the limit.
      const settled = await commit(a.reservationId, 900_000);
      assert.deepEqual(
        [daily(settled).spentMicros, daily(settled).reservedMicros, daily(settled).remainingMicros],
        [900_000, 500_000, 0],
      );
      assert.equal(daily(settled).status, STOP);
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, /reserved \$0\.500000/);
      // b gives its hold back: $0.90 spent is 90 %, WARN, and the last $0.10 can be reserved.
      await h.client.unary('release', { reservationId: b.reservationId });
      assert.deepEqual(await budgetOf(tenant), [900_000, 0, 100_000, WARN]);
      const last = await reserve(tenant, 100_000);
      assert.equal(daily(last).status, STOP);
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, new RegExp(`tenant:${tenant}:`));
    });

    test('a late Commit of an expired hold is recorded in full, even past the limit', async () => {
      const tenant = `expired-${name}`;
      const first = await reserve(tenant, LIMIT, 1_000);
      h.clock.advance(1_000);
      // Expired: it no longer holds the budget, so the whole $1 can be reserved again.
      const second = await reserve(tenant, LIMIT);
      await rejects(commit(first.reservationId, LIMIT), status.NOT_FOUND, /expired at .*usage recorded/);
      const settled = await commit(second.reservationId, LIMIT);
      assert.deepEqual(
        [daily(settled).spentMicros, daily(settled).remainingMicros, daily(settled).status],
        [2 * LIMIT, 0, STOP],
      );
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, /spent \$2\.000000/);
    });
  });
