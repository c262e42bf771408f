import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { cost } from '@superagent/proto';
import { utcDay } from '../../src/domain/periods';
import { bothBackends } from '../support/both-backends';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';
import { rejects } from '../support/assertions';
import { advanceToUtc } from '../support/fixtures';

// How long a past day's total can still change, over gRPC on both backends (README, Days and
// reservations). A Record is charged to the UTC day of its timestamp for as long as that day is
// kept and reported: today and the 29 days before it, from the oldest day's 00:00. A record for an
// older day is INVALID_ARGUMENT naming timestamp_unix_ms, as a report of that day names period.day.
// A reservation's Commit is charged to the day the reservation was made on, until ttl + 24 h after
// it was made (so at most 48 h after that day's end). The clock is the harness's, moved by hand.

const DAY_MS = 86_400_000;

const backends = bothBackends();

for (const [name, store] of backends)
  describe(`late records and a past day's total (${name})`, () => {
    let h: CostHarness;
    before(async () => {
      h = await startCostHarness({ store });
    });
    after(async () => {
      await h?.stop();
    });

    const advanceTo = (hh: number, mm: number): void => advanceToUtc(h.clock, hh, mm);
    const record = (tenantId: string, costMicros: number, timestampUnixMs: number) =>
      h.client.unary('record', { record: usageRecord({ tenantId, costMicros, timestampUnixMs }) });
    const report = (tenant: string, day: string) =>
      h.client.unary(
        'getReport',
        cost.GetReportRequest.fromPartial({
          scope: cost.ReportScope.TENANT,
          scopeId: tenant,
          period: { kind: cost.PeriodKind.DAY, day },
        }),
      );
    const spentOn = async (tenant: string, day: string): Promise<number> =>
      (await report(tenant, day)).totalMicros;

    test('a Record is charged to its own day while reports read that day, from its 00:00', async () => {
      const tenant = `late-${name}`;
      advanceTo(12, 0);
      const today = h.clock.now() - (h.clock.now() % DAY_MS);
      const oldest = today - 29 * DAY_MS;
      const [oldestDay, dayBefore] = [utcDay(oldest), utcDay(oldest - 1)];
      // 29 days and 12 hours ago, on a day every report still reads: charged to it.
      const first = await record(tenant, 100, oldest);
      assert.equal(first.result?.recorded, true);
      await record(tenant, 20, h.clock.now() - 29 * DAY_MS);
      await record(tenant, 3, oldest + DAY_MS - 1);
      assert.equal(await spentOn(tenant, oldestDay), 123);

      // One millisecond earlier is a day no report reads: refused, naming the field and the days.
      await rejects(
        record(tenant, 1, oldest - 1),
        status.INVALID_ARGUMENT,
        new RegExp(
          `record\\.timestamp_unix_ms: is on ${dayBefore}, before ${oldestDay} \\(29 days before today`,
        ),
      );
      await rejects(report(tenant, dayBefore), status.INVALID_ARGUMENT, /period\.day: is before/);
      // In a batch, nothing is stored.
      await rejects(
        h.client.unary('recordBatch', {
          records: [
            usageRecord({ tenantId: tenant, costMicros: 5, timestampUnixMs: oldest }),
            usageRecord({ tenantId: tenant, costMicros: 5, timestampUnixMs: oldest - 1 }),
          ],
        }),
        status.INVALID_ARGUMENT,
        /records\[1\]\.timestamp_unix_ms: is on/,
      );
      assert.equal(await spentOn(tenant, oldestDay), 123);

      // At midnight that day leaves the reports, and from then on it takes no record either.
      advanceTo(0, 0);
      await rejects(report(tenant, oldestDay), status.INVALID_ARGUMENT, /period\.day/);
      await rejects(
        record(tenant, 1, oldest + DAY_MS - 1),
        status.INVALID_ARGUMENT,
        new RegExp(`timestamp_unix_ms: is on ${oldestDay}, before ${utcDay(oldest + DAY_MS)}`),
      );
      // The next day, now the oldest, still takes records from its 00:00.
      await record(tenant, 4, oldest + DAY_MS);
      assert.equal(await spentOn(tenant, utcDay(oldest + DAY_MS)), 4);
    });

    test("a reservation's Commit is charged to its day until ttl + 24 h after it was made", async () => {
      const tenant = `settle-${name}`;
      advanceTo(23, 59);
      const day = utcDay(h.clock.now());
      const r = await h.client.unary(
        'reserve',
        cost.ReserveRequest.fromPartial({ tenantId: tenant, estimateMicros: 500, ttlMs: DAY_MS }),
      );
      // 47 h 59 min later (23:58 two days on): expired, still committed to the day it was held on.
      h.clock.advance(2 * DAY_MS - 60_000);
      await rejects(
        h.client.unary('commit', {
          reservationId: r.reservationId,
          actual: [usageRecord({ costMicros: 400 })],
        }),
        status.NOT_FOUND,
        /expired at .*usage recorded/,
      );
      assert.equal(await spentOn(tenant, day), 400);
      assert.equal(await spentOn(tenant, utcDay(h.clock.now())), 0);
    });
  });
