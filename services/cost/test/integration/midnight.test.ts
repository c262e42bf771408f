import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { cost } from '@superagent/proto';
import { parseBudgetPolicy } from '../../src/domain/budget-policy';
import { utcDay } from '../../src/domain/periods';
import { bothBackends } from '../support/both-backends';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';
import { rejects } from '../support/assertions';
import { advanceToUtc } from '../support/fixtures';

// A daily budget across midnight, over gRPC on both backends: a reservation's spend is filed under
// the day it was made on (whose budget held it), so every day's spend is what its own Reserve calls
// counted. Neither a hold made at 23:59 nor a Commit's timestamp can move spend onto a day whose
// budget never held it. The clock is the harness's, moved by hand (no sleeping through a midnight).

const DAY_MS = 86_400_000;
const LIMIT = 1_000_000; // $1 per tenant and day

const backends = bothBackends();

for (const [name, store] of backends)
  describe(`a daily budget across midnight (${name})`, () => {
    let h: CostHarness;
    before(async () => {
      h = await startCostHarness({
        store,
        budgets: parseBudgetPolicy({
          version: 'midnight-1',
          session: '0',
          tenant_daily: '1.00',
          feature: { default: '0' },
        }),
      });
    });
    after(async () => {
      await h?.stop();
    });

    const advanceTo = (hh: number, mm: number): void => advanceToUtc(h.clock, hh, mm);
    const reserve = (tenantId: string, estimateMicros: number) =>
      h.client.unary('reserve', cost.ReserveRequest.fromPartial({ tenantId, estimateMicros }));
    const commit = (reservationId: string, fields: Partial<cost.UsageRecord>) =>
      h.client.unary('commit', { reservationId, actual: [usageRecord(fields)] });
    const spentOn = async (tenant: string, day: string): Promise<number> =>
      (
        await h.client.unary(
          'getReport',
          cost.GetReportRequest.fromPartial({
            scope: cost.ReportScope.TENANT,
            scopeId: tenant,
            period: { kind: cost.PeriodKind.DAY, day },
          }),
        )
      ).totalMicros;
    const daily = (r: { budgets: cost.Budget[] }) =>
      r.budgets.find((b) => b.kind === cost.BudgetKind.TENANT_DAY);

    test('a hold made at 23:59 is spent on its own day; the new day has its whole budget', async () => {
      const tenant = `evening-${name}`;
      advanceTo(23, 59);
      const evening = utcDay(h.clock.now());
      const late = await reserve(tenant, 800_000);
      await rejects(
        reserve(tenant, 200_001),
        status.RESOURCE_EXHAUSTED,
        new RegExp(`tenant:${tenant}:${evening}`),
      );
      h.clock.advance(2 * 60_000); // 00:01, the next day
      const morning = utcDay(h.clock.now());
      assert.notEqual(morning, evening);
      // The evening's hold is not the new day's: its spend will be filed under the evening.
      const before = daily(
        await h.client.unary('getBudget', {
          tenantId: tenant,
          sessionId: '',
          featureId: '',
          featureCapMicros: 0,
        }),
      );
      assert.deepEqual(
        [before?.name, before?.spentMicros, before?.reservedMicros],
        [`tenant:${tenant}:${morning}`, 0, 0],
      );
      const early = await reserve(tenant, LIMIT);
      assert.equal(daily(early)?.reservedMicros, LIMIT);

      // Committed after midnight, charged to the evening it was held on; Commit answers that budget.
      const settled = await commit(late.reservationId, { costMicros: 700_000 });
      assert.equal(settled.committedMicros, 700_000);
      const own = daily(settled);
      assert.deepEqual(
        [own?.name, own?.spentMicros, own?.reservedMicros],
        [`tenant:${tenant}:${evening}`, 700_000, 0],
      );
      await commit(early.reservationId, { costMicros: LIMIT });
      assert.deepEqual([await spentOn(tenant, evening), await spentOn(tenant, morning)], [700_000, LIMIT]);
      // Each day's spend is within its $1, and the full new day refuses more.
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, new RegExp(`tenant:${tenant}:${morning}`));
    });

    test("a Commit's timestamp cannot move its spend to a day whose budget never held it", async () => {
      const tenant = `timestamped-${name}`;
      advanceTo(23, 58);
      const t = h.clock.now();
      const [yesterday, today, tomorrow] = [utcDay(t - DAY_MS), utcDay(t), utcDay(t + DAY_MS)];
      // Backdated a day (allowed: 29 days back) or 4 minutes ahead, into tomorrow (allowed: 5).
      for (const [i, timestampUnixMs] of [t - DAY_MS, t + 4 * 60_000].entries()) {
        const r = await reserve(tenant, LIMIT / 2);
        const settled = await commit(r.reservationId, { costMicros: LIMIT / 2, timestampUnixMs });
        assert.deepEqual(
          [daily(settled)?.name, daily(settled)?.spentMicros],
          [`tenant:${tenant}:${today}`, ((i + 1) * LIMIT) / 2],
        );
      }
      assert.deepEqual(await Promise.all([yesterday, today, tomorrow].map((day) => spentOn(tenant, day))), [
        0,
        LIMIT,
        0,
      ]);
      await rejects(reserve(tenant, 1), status.RESOURCE_EXHAUSTED, new RegExp(`tenant:${tenant}:${today}`));
    });
  });
