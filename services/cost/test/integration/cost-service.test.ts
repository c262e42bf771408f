import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { common, cost } from '@superagent/proto';
import { parseBudgetPolicy } from '../../src/domain/budget-policy';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';
import { rejects } from '../support/assertions';

// The real CostService over gRPC loopback with the generated client: every RPC, its status codes
// and the field names in INVALID_ARGUMENT.

let h: CostHarness;
before(async () => {
  h = await startCostHarness({
    budgets: parseBudgetPolicy({
      version: 'test-1',
      warn_percent: 80,
      session: '1.00',
      tenant_daily: '50.00',
      global_daily: '0',
      feature: { default: '0.50', overrides: [{ glob: '*auth*', cap: '2.00' }] },
    }),
  });
});
after(async () => {
  await h?.stop();
});

describe('Record and RecordBatch', () => {
  test('Record prices from the table, reports the version, and counts a repeated key once', async () => {
    const record = usageRecord({
      tenantId: 'rec',
      inputTokens: 1_000,
      outputTokens: 200,
      idempotencyKey: 'k-1',
    });
    const first = await h.client.unary('record', { record });
    assert.deepEqual(first.result, { recorded: true, duplicate: false, costMicros: 2_000, priced: true });
    assert.equal(first.priceTableVersion, '2025-11-26.1');
    const again = await h.client.unary('record', { record });
    assert.deepEqual(again.result, { recorded: false, duplicate: true, costMicros: 2_000, priced: true });
    const report = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'rec',
      trendDays: 0,
    });
    assert.equal(report.totalMicros, 2_000);
    assert.equal(report.count, 1);
  });

  test('an unpriced model is recorded and counted apart, never as $0', async () => {
    const r = await h.client.unary('record', {
      record: usageRecord({ tenantId: 'unpriced', model: 'gpt-9-turbo', inputTokens: 500, outputTokens: 50 }),
    });
    assert.deepEqual(r.result, { recorded: true, duplicate: false, costMicros: 0, priced: false });
    const report = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'unpriced',
      trendDays: 0,
    });
    assert.deepEqual([report.totalMicros, report.count, report.unpricedCount], [0, 1, 1]);
    assert.deepEqual(report.byModel[0], {
      key: 'gpt-9-turbo',
      costMicros: 0,
      count: 1,
      unpricedCount: 1,
      inputTokens: 500,
      outputTokens: 50,
    });
  });

  test('RecordBatch answers per record and is idempotent when retried', async () => {
    const records = Array.from({ length: 20 }, (_, i) =>
      usageRecord({
        tenantId: 'batch',
        costMicros: 1_000 + i,
        idempotencyKey: `b-${i}`,
        agent: i % 2 ? 'critic' : 'scribe',
      }),
    );
    const first = await h.client.unary('recordBatch', { records });
    assert.deepEqual([first.recorded, first.duplicates, first.totalCostMicros], [20, 0, 20 * 1_000 + 190]);
    const retry = await h.client.unary('recordBatch', {
      records: [...records.slice(10), usageRecord({ tenantId: 'batch', costMicros: 5 })],
    });
    assert.deepEqual([retry.recorded, retry.duplicates, retry.totalCostMicros], [1, 10, 5]);
    assert.equal(retry.results.length, 11);
    assert.equal(retry.results[10]?.recorded, true);
    const report = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'batch',
      trendDays: 3,
    });
    assert.equal(report.totalMicros, 20 * 1_000 + 190 + 5);
    assert.deepEqual(
      report.byAgent.map((b) => b.key),
      ['critic', 'scribe'],
    );
    assert.equal(report.trend.length, 3);
    assert.equal(report.trend[2]?.costMicros, report.totalMicros);
    assert.equal(report.trend[2]?.day, report.toDay);
  });

  test('bad input is INVALID_ARGUMENT naming the field, and nothing of the batch is stored', async () => {
    const cases: [Promise<unknown>, RegExp][] = [
      [h.client.unary('record', {}), /^3 INVALID_ARGUMENT: record: is required/],
      [h.client.unary('record', { record: usageRecord({ agent: '' }) }), /record\.agent: is required/],
      [h.client.unary('record', { record: usageRecord({ model: '' }) }), /record\.model: is required/],
      [
        h.client.unary('record', { record: usageRecord({ inputTokens: -1 }) }),
        /record\.input_tokens: must not be negative/,
      ],
      [
        h.client.unary('record', { record: usageRecord({ costMicros: -5 }) }),
        /record\.cost_micros: must not be negative/,
      ],
      [
        h.client.unary('record', { record: usageRecord({ costMicros: 10_000_000_001 }) }),
        /record\.cost_micros: .*per-record limit/,
      ],
      [
        h.client.unary('record', { record: usageRecord({ tier: 42 as common.Tier }) }),
        /record\.tier: unknown tier/,
      ],
      [h.client.unary('recordBatch', { records: [] }), /records: must hold 1 to 1000 records/],
      [
        h.client.unary('recordBatch', {
          records: [
            usageRecord({ tenantId: 'atomic', costMicros: 1 }),
            usageRecord({ tenantId: 'atomic', outputTokens: -2 }),
          ],
        }),
        /records\[1\]\.output_tokens: must not be negative/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.UNSPECIFIED,
          scopeId: '',
          trendDays: 0,
        }),
        /scope: must be/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.GLOBAL,
          scopeId: 'x',
          trendDays: 0,
        }),
        /scope_id: must be empty/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.TENANT,
          scopeId: '',
          trendDays: 0,
        }),
        /scope_id: is required/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: 'acme',
          scope: cost.ReportScope.TENANT,
          scopeId: 'acme',
          trendDays: 0,
        }),
        /tenant_id: only for SESSION reports/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: 'a\u0000b',
          scope: cost.ReportScope.SESSION,
          scopeId: 's',
          trendDays: 0,
        }),
        /tenant_id: /,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.GLOBAL,
          scopeId: '',
          trendDays: 31,
        }),
        /trend_days: must be 0 to 30/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.GLOBAL,
          scopeId: '',
          trendDays: 0,
          period: {
            kind: cost.PeriodKind.RANGE,
            day: '',
            week: '',
            fromDay: '2025-01-01',
            toDay: '2025-06-01',
          },
        }),
        /period\.to_day: range must cover at most 30 days/,
      ],
      [
        h.client.unary('getReport', {
          tenantId: '',
          scope: cost.ReportScope.GLOBAL,
          scopeId: '',
          trendDays: 0,
          period: { kind: cost.PeriodKind.WEEK, day: '', week: '2021-W53', fromDay: '', toDay: '' },
        }),
        /period\.week/,
      ],
      [
        h.client.unary('reserve', {
          tenantId: '',
          sessionId: '',
          featureId: '',
          estimateMicros: 0,
          ttlMs: 0,
          idempotencyKey: '',
          taskId: '',
          featureCapMicros: 0,
        }),
        /estimate_micros/,
      ],
      [
        h.client.unary('reserve', {
          tenantId: '',
          sessionId: '',
          featureId: '',
          estimateMicros: 1,
          ttlMs: -1,
          idempotencyKey: '',
          taskId: '',
          featureCapMicros: 0,
        }),
        /ttl_ms/,
      ],
      [h.client.unary('commit', { reservationId: '', actual: [] }), /reservation_id: is required/],
      [
        h.client.unary('getBudget', {
          tenantId: 'a\u0001',
          sessionId: '',
          featureId: '',
          featureCapMicros: 0,
        }),
        /tenant_id: must not contain control characters/,
      ],
    ];
    for (const [call, message] of cases) await rejects(call, status.INVALID_ARGUMENT, message);
    const report = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'atomic',
      trendDays: 0,
    });
    assert.equal(report.count, 0);
  });
});

describe('budgets: Reserve, Commit, Release', () => {
  const reserve = (fields: Partial<cost.ReserveRequest>) =>
    h.client.unary('reserve', {
      tenantId: 'budget',
      sessionId: '',
      featureId: '',
      estimateMicros: 1,
      ttlMs: 0,
      idempotencyKey: '',
      taskId: '',
      featureCapMicros: 0,
      ...fields,
    });

  test('50 concurrent reservations against a $1 session budget never commit more than $1', async () => {
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, () => reserve({ sessionId: 'dollar', estimateMicros: 30_000 })),
    );
    const granted = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    assert.equal(granted.length, 33);
    for (const a of attempts)
      if (a.status === 'rejected') {
        assert.equal((a.reason as { code?: number }).code, status.RESOURCE_EXHAUSTED);
        assert.match(String(a.reason), /budget session:dollar: would exceed \$1\.000000/);
      }
    const commits = await Promise.all(
      granted.map((g) =>
        h.client.unary('commit', {
          reservationId: g.reservationId,
          actual: [usageRecord({ agent: 'scribe', costMicros: 29_000 })],
        }),
      ),
    );
    for (const c of commits)
      assert.deepEqual([c.committedMicros, c.releasedMicros, c.overrunMicros], [29_000, 1_000, 0]);
    const budget = await h.client.unary('getBudget', {
      tenantId: 'budget',
      sessionId: 'dollar',
      featureId: '',
      featureCapMicros: 0,
    });
    const session = budget.budgets.find((b) => b.kind === cost.BudgetKind.SESSION);
    assert.ok(session);
    assert.deepEqual([session.spentMicros, session.reservedMicros], [33 * 29_000, 0]);
    assert.ok(session.spentMicros <= 1_000_000);
    assert.equal(session.status, common.BudgetStatus.WARN);
    assert.equal(session.warnBps, 8000);
    assert.equal(session.name, 'session:dollar');
  });

  test('Reserve answers budgets after the hold, and the worst status; STOP at 100 %', async () => {
    const r = await reserve({ sessionId: 'full', estimateMicros: 1_000_000 });
    assert.match(r.reservationId, /^r_/);
    assert.equal(r.status, common.BudgetStatus.STOP);
    const session = r.budgets.find((b) => b.kind === cost.BudgetKind.SESSION);
    assert.deepEqual([session?.reservedMicros, session?.remainingMicros], [1_000_000, 0]);
    const global = r.budgets.find((b) => b.kind === cost.BudgetKind.GLOBAL_DAY);
    assert.deepEqual([global?.limitMicros, global?.status], [0, common.BudgetStatus.UNSPECIFIED]);
    await rejects(
      reserve({ sessionId: 'full', estimateMicros: 1 }),
      status.RESOURCE_EXHAUSTED,
      /session:full/,
    );
    const released = await h.client.unary('release', { reservationId: r.reservationId });
    assert.deepEqual(released, { released: true, releasedMicros: 1_000_000 });
    assert.deepEqual(await h.client.unary('release', { reservationId: r.reservationId }), {
      released: false,
      releasedMicros: 0,
    });
    await reserve({ sessionId: 'full', estimateMicros: 1 });
  });

  test('the feature cap follows the policy globs', async () => {
    await rejects(
      reserve({ featureId: 'checkout', estimateMicros: 500_001 }),
      status.RESOURCE_EXHAUSTED,
      /budget feature:checkout: would exceed \$0\.500000/,
    );
    const ok = await reserve({ featureId: 'oauth-login', estimateMicros: 1_500_000 });
    assert.equal(ok.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE)?.limitMicros, 2_000_000);
  });

  test('Reserve with an idempotency key returns the same reservation', async () => {
    const a = await reserve({ sessionId: 'idem', estimateMicros: 600_000, idempotencyKey: 'task-7' });
    const b = await reserve({ sessionId: 'idem', estimateMicros: 600_000, idempotencyKey: 'task-7' });
    assert.equal(b.reservationId, a.reservationId);
    assert.equal(b.budgets.find((x) => x.kind === cost.BudgetKind.SESSION)?.reservedMicros, 600_000);
  });

  test('Commit records the actual (tokens × price), reports overrun, and a retried Commit counts once', async () => {
    const r = await reserve({ sessionId: 'commit', featureId: 'f-commit', estimateMicros: 10_000 });
    const actual = [
      usageRecord({ agent: 'scribe', model: 'claude-sonnet-4-5', inputTokens: 2_000, outputTokens: 500 }),
      usageRecord({ agent: 'critic', model: 'local', inputTokens: 100, outputTokens: 100 }),
    ];
    const c = await h.client.unary('commit', { reservationId: r.reservationId, actual });
    assert.deepEqual([c.committedMicros, c.releasedMicros, c.overrunMicros], [13_500, 0, 3_500]);
    assert.deepEqual(
      c.results.map((x) => [x.recorded, x.costMicros, x.priced]),
      [
        [true, 13_500, true],
        [true, 0, true],
      ],
    );
    const again = await h.client.unary('commit', { reservationId: r.reservationId, actual });
    assert.deepEqual(
      again.results.map((x) => x.duplicate),
      [true, true],
    );
    assert.equal(again.committedMicros, 0);
    const report = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.SESSION,
      scopeId: 'commit',
      trendDays: 5,
    });
    assert.deepEqual([report.totalMicros, report.count], [13_500, 2]);
    assert.deepEqual(
      report.byTier.map((b) => b.key),
      ['local', 'sonnet'],
    );
    assert.deepEqual([report.fromDay, report.toDay, report.trend.length], ['', '', 0]);
    assert.equal(report.budgets[0]?.name, 'session:commit');
    await rejects(
      h.client.unary('commit', {
        reservationId: r.reservationId,
        actual: [usageRecord({ sessionId: 'other', costMicros: 1 })],
      }),
      status.INVALID_ARGUMENT,
      /actual\[0\]\.session_id: differs from the reservation/,
    );
  });

  test('Commit of an unknown or expired reservation is NOT_FOUND but the usage is recorded', async () => {
    await rejects(
      h.client.unary('commit', {
        reservationId: 'r_unknown',
        actual: [usageRecord({ tenantId: 'lost', costMicros: 77 })],
      }),
      status.NOT_FOUND,
      /reservation r_unknown.*usage recorded/,
    );
    const r = await reserve({ tenantId: 'late', sessionId: 'late', estimateMicros: 1_000, ttlMs: 1_000 });
    h.clock.advance(1_000);
    const budget = await h.client.unary('getBudget', {
      tenantId: 'late',
      sessionId: 'late',
      featureId: '',
      featureCapMicros: 0,
    });
    assert.equal(budget.budgets[0]?.reservedMicros, 0);
    await rejects(
      h.client.unary('commit', {
        reservationId: r.reservationId,
        actual: [usageRecord({ costMicros: 900 })],
      }),
      status.NOT_FOUND,
      /expired/,
    );
    for (const [tenant, micros] of [
      ['lost', 77],
      ['late', 900],
    ] as const) {
      const report = await h.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.TENANT,
        scopeId: tenant,
        trendDays: 0,
      });
      assert.equal(report.totalMicros, micros, tenant);
    }
    assert.deepEqual(await h.client.unary('release', { reservationId: r.reservationId }), {
      released: false,
      releasedMicros: 0,
    });
  });

  test('Commit after Release is FAILED_PRECONDITION (usage recorded)', async () => {
    const r = await reserve({ tenantId: 'rel', estimateMicros: 1_000 });
    await h.client.unary('release', { reservationId: r.reservationId });
    await rejects(
      h.client.unary('commit', { reservationId: r.reservationId, actual: [usageRecord({ costMicros: 10 })] }),
      status.FAILED_PRECONDITION,
      /was released; usage recorded/,
    );
  });
});

describe('GetReport, GetBudget, GetPrices', () => {
  test('a week report and a range report sum the days; breakdowns are sorted', async () => {
    const day = 86_400_000;
    const now = h.clock.now();
    await h.client.unary('recordBatch', {
      records: [
        usageRecord({ tenantId: 'wk', agent: 'a', costMicros: 100, timestampUnixMs: now - 2 * day }),
        usageRecord({ tenantId: 'wk', agent: 'b', costMicros: 300, timestampUnixMs: now - day }),
        usageRecord({ tenantId: 'wk', agent: 'b', costMicros: 50, timestampUnixMs: now }),
      ],
    });
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    const range = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'wk',
      trendDays: 4,
      period: {
        kind: cost.PeriodKind.RANGE,
        day: '',
        week: '',
        fromDay: iso(now - 2 * day),
        toDay: iso(now),
      },
    });
    assert.equal(range.totalMicros, 450);
    assert.deepEqual(
      range.byAgent.map((b) => [b.key, b.costMicros]),
      [
        ['b', 350],
        ['a', 100],
      ],
    );
    assert.deepEqual(
      range.trend.map((p) => p.costMicros),
      [0, 100, 300, 50],
    );
    const today = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'wk',
      trendDays: 0,
    });
    assert.equal(today.totalMicros, 50);
    const week = await h.client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'wk',
      trendDays: 0,
      period: { kind: cost.PeriodKind.WEEK, day: '', week: '', fromDay: '', toDay: '' },
    });
    assert.ok(week.fromDay <= iso(now) && iso(now) <= week.toDay);
    assert.ok(week.totalMicros >= 50 && week.totalMicros <= 450);
  });

  test('a report never reaches back past the days kept (30), where expired days would read as $0', async () => {
    const own = await startCostHarness();
    const day = 86_400_000;
    const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
    const report = (period: Partial<cost.Period>, trendDays = 0, scope = cost.ReportScope.TENANT) =>
      own.client.unary(
        'getReport',
        cost.GetReportRequest.fromPartial({
          scope,
          scopeId: scope === cost.ReportScope.GLOBAL ? '' : 'kept',
          period,
          trendDays,
        }),
      );
    const range = cost.Period.fromPartial({
      kind: cost.PeriodKind.RANGE,
      fromDay: iso(own.clock.now()),
      toDay: iso(own.clock.now()),
    });
    try {
      await own.client.unary('record', { record: usageRecord({ tenantId: 'kept', costMicros: 700 }) });
      assert.equal((await report(range)).totalMicros, 700);
      // 30 days on, that day is past what the stores keep: its bucket may be gone.
      own.clock.advance(30 * day);
      const now = own.clock.now();
      const oldest = iso(now - 29 * day);
      for (const scope of [cost.ReportScope.TENANT, cost.ReportScope.GLOBAL])
        await rejects(
          report(range, 0, scope),
          status.INVALID_ARGUMENT,
          new RegExp(`period\\.from_day: is before ${oldest}: days are kept 30 days`),
        );
      await rejects(
        report({ kind: cost.PeriodKind.DAY, day: range.fromDay }),
        status.INVALID_ARGUMENT,
        /period\.day: is before/,
      );
      await rejects(report({}, 31), status.INVALID_ARGUMENT, /trend_days: must be 0 to 30/);
      await rejects(
        report({ kind: cost.PeriodKind.DAY, day: iso(now - day) }, 30),
        status.INVALID_ARGUMENT,
        new RegExp(`trend_days: reaches back to ${iso(now - 30 * day)}, before ${oldest}`),
      );
      const kept = await report({ kind: cost.PeriodKind.RANGE, fromDay: oldest, toDay: iso(now) }, 30);
      assert.deepEqual([kept.fromDay, kept.trend.length, kept.trend[0]?.day], [oldest, 30, oldest]);
      // Sessions and features are kept whole: the period is not theirs to bound.
      await own.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.SESSION,
        scopeId: 's',
        period: range,
        trendDays: 0,
      });
    } finally {
      await own.stop();
    }
  });

  test('GetPrices lists the table with tiers, providers and aliases', async () => {
    const p = await h.client.unary('getPrices', {});
    assert.equal(p.version, '2025-11-26.1');
    assert.ok(p.loadedUnixMs > 0);
    const haiku = p.prices.find((m) => m.model === 'claude-3-5-haiku-20241022');
    assert.deepEqual(
      haiku && [haiku.inputMicrosPerMillion, haiku.outputMicrosPerMillion, haiku.tier, haiku.provider],
      [800_000, 4_000_000, common.Tier.HAIKU, 'anthropic'],
    );
    assert.ok(p.prices.some((m) => m.model === 'local' && m.tier === common.Tier.LOCAL));
  });
});

describe('tenant ids and budgets', () => {
  const policy = (tenants: Record<string, unknown>) =>
    parseBudgetPolicy({
      version: 'tenants-1',
      session: '5.00',
      tenant_daily: '50.00',
      feature: { default: '0' },
      tenants,
    });
  const tenantBudget = (r: cost.GetBudgetResponse) =>
    r.budgets.find((b) => b.kind === cost.BudgetKind.TENANT_DAY);

  test('a blank tenant id is the default tenant in every RPC, so its daily budget holds', async () => {
    const own = await startCostHarness({ budgets: policy({}) });
    try {
      const reserve = (tenantId: string) =>
        own.client.unary('reserve', {
          tenantId,
          sessionId: '',
          featureId: '',
          estimateMicros: 20_000_000,
          ttlMs: 0,
          idempotencyKey: '',
          taskId: '',
          featureCapMicros: 0,
        });
      for (const tenantId of [' ', '\u3000']) {
        const r = await reserve(tenantId);
        // Commit's own blank tenant means "the reservation's", as an empty one does.
        await own.client.unary('commit', {
          reservationId: r.reservationId,
          actual: [usageRecord({ tenantId: '  ', costMicros: 20_000_000 })],
        });
      }
      await own.client.unary('record', { record: usageRecord({ tenantId: ' ', costMicros: 1 }) });
      await rejects(reserve('   '), status.RESOURCE_EXHAUSTED, /budget tenant:default:.*spent \$40\.000001/);
      const blank = await own.client.unary('getBudget', {
        tenantId: ' ',
        sessionId: '',
        featureId: '',
        featureCapMicros: 0,
      });
      const empty = await own.client.unary('getBudget', {
        tenantId: '',
        sessionId: '',
        featureId: '',
        featureCapMicros: 0,
      });
      assert.deepEqual(blank, empty);
      assert.match(tenantBudget(blank)?.name ?? '', /^tenant:default:/);
      assert.deepEqual(
        [tenantBudget(blank)?.spentMicros, tenantBudget(blank)?.status],
        [40_000_001, common.BudgetStatus.WARN],
      );
    } finally {
      await own.stop();
    }
  });

  test('a blank session, feature, task id or idempotency key is an empty one, in every RPC', async () => {
    const own = await startCostHarness({
      budgets: parseBudgetPolicy({
        version: 'blank-1',
        session: '1.00',
        tenant_daily: '50.00',
        feature: { default: '0.50' },
      }),
    });
    try {
      const blanks = [' ', '\t', '\u00a0', ' '.repeat(300_000)];
      // A blank idempotency key is none: each record counts (a shared "key" dropped all but one).
      const records = [...blanks, ' '];
      const batch = await own.client.unary('recordBatch', {
        records: records.map((blank, i) =>
          usageRecord({
            tenantId: 'blank',
            sessionId: blank,
            featureId: blank,
            taskId: blank,
            idempotencyKey: blank,
            costMicros: 1_000 + i,
          }),
        ),
      });
      assert.equal(batch.recorded, records.length);
      const report = await own.client.unary('getReport', {
        scope: cost.ReportScope.TENANT,
        scopeId: 'blank',
        period: undefined,
        trendDays: 0,
        tenantId: '',
      });
      assert.equal(report.totalMicros, 5_010);
      // No session or feature was named: spend went to no session or feature, and none is budgeted.
      assert.deepEqual(
        report.byFeature.map((b) => [b.key, b.count]),
        [['unknown', records.length]],
      );
      for (const blank of blanks) {
        const budgets = await own.client.unary('getBudget', {
          tenantId: 'blank',
          sessionId: blank,
          featureId: blank,
          featureCapMicros: 0,
        });
        assert.deepEqual(
          budgets.budgets.map((b) => b.kind),
          [cost.BudgetKind.TENANT_DAY, cost.BudgetKind.GLOBAL_DAY],
        );
        const reserved = await own.client.unary('reserve', {
          tenantId: 'blank',
          sessionId: blank,
          featureId: blank,
          estimateMicros: 2_000_000, // above the session and feature limits, were they to apply
          ttlMs: 0,
          idempotencyKey: blank,
          taskId: blank,
          featureCapMicros: 0,
        });
        assert.deepEqual(
          reserved.budgets.map((b) => b.kind),
          [cost.BudgetKind.TENANT_DAY, cost.BudgetKind.GLOBAL_DAY],
        );
        const committed = await own.client.unary('commit', {
          reservationId: reserved.reservationId,
          actual: [usageRecord({ sessionId: blank, featureId: blank, costMicros: 1 })],
        });
        assert.equal(committed.committedMicros, 1);
      }
    } finally {
      await own.stop();
    }
  });

  test('GetReport(SESSION) never contradicts GetBudget when a tenant overrides the session limit', async () => {
    const own = await startCostHarness({ budgets: policy({ acme: { session: '10.00' } }) });
    try {
      const r = await own.client.unary('reserve', {
        tenantId: 'acme',
        sessionId: 's1',
        featureId: '',
        estimateMicros: 7_000_000,
        ttlMs: 0,
        idempotencyKey: '',
        taskId: '',
        featureCapMicros: 0,
      });
      await own.client.unary('commit', {
        reservationId: r.reservationId,
        actual: [usageRecord({ costMicros: 7_000_000 })],
      });
      const budget = await own.client.unary('getBudget', {
        tenantId: 'acme',
        sessionId: 's1',
        featureId: '',
        featureCapMicros: 0,
      });
      const session = budget.budgets.find((b) => b.kind === cost.BudgetKind.SESSION);
      assert.deepEqual(
        [session?.limitMicros, session?.spentMicros, session?.status],
        [10_000_000, 7_000_000, common.BudgetStatus.OK],
      );
      // The limit depends on the session's tenant, which GetReport does not name: no budget, rather
      // than the default $5 and a STOP that GetBudget denies.
      const report = await own.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.SESSION,
        scopeId: 's1',
        trendDays: 0,
      });
      assert.equal(report.totalMicros, 7_000_000);
      assert.deepEqual([report.budgets, report.budgetStatus], [[], common.BudgetStatus.UNSPECIFIED]);
      // Named, the tenant's limit applies: the report's session budget is GetBudget's.
      const named = await own.client.unary('getReport', {
        tenantId: 'acme',
        scope: cost.ReportScope.SESSION,
        scopeId: 's1',
        trendDays: 0,
      });
      assert.deepEqual(named.budgets, [session]);
      assert.equal(named.budgetStatus, common.BudgetStatus.OK);
    } finally {
      await own.stop();
    }
  });

  test('GetReport(SESSION) carries the session budget when no tenant changes its limit', async () => {
    const own = await startCostHarness({
      budgets: policy({ acme: { tenant_daily: '200.00', session: '5' } }),
    });
    try {
      await own.client.unary('record', {
        record: usageRecord({ tenantId: 'acme', sessionId: 's2', costMicros: 4_500_000 }),
      });
      const report = await own.client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.SESSION,
        scopeId: 's2',
        trendDays: 0,
      });
      const budget = await own.client.unary('getBudget', {
        tenantId: 'acme',
        sessionId: 's2',
        featureId: '',
        featureCapMicros: 0,
      });
      assert.deepEqual(report.budgets, [budget.budgets.find((b) => b.kind === cost.BudgetKind.SESSION)]);
      assert.equal(report.budgetStatus, common.BudgetStatus.WARN);
    } finally {
      await own.stop();
    }
  });
});

describe("the caller's feature cap", () => {
  test('replaces this service’s own feature cap, holds across tasks of the feature, and GetBudget judges by it', async () => {
    // This service caps every feature at $0.50; the router's policy gives "tests/auth/…" $2.
    const own = await startCostHarness({
      budgets: parseBudgetPolicy({
        version: 'feature-cap-1',
        session: '0',
        tenant_daily: '0',
        feature: { default: '0.50' },
      }),
    });
    const reserve = (fields: Partial<cost.ReserveRequest>) =>
      own.client.unary('reserve', cost.ReserveRequest.fromPartial({ featureId: 'login-flow', ...fields }));
    const featureBudget = (r: { budgets: cost.Budget[] }) =>
      r.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
    try {
      await rejects(
        reserve({ estimateMicros: 2_000_000 }),
        status.RESOURCE_EXHAUSTED,
        /feature:login-flow: would exceed \$0\.50/,
      );
      const first = await reserve({ estimateMicros: 2_000_000, featureCapMicros: 2_000_000 });
      assert.equal(featureBudget(first)?.limitMicros, 2_000_000);
      const commit = { reservationId: first.reservationId, actual: [usageRecord({ costMicros: 1_500_000 })] };
      // Commit reports the feature budget the reservation was held against: $1.50 of $2 (75 %), not
      // of this service's $0.50 (STOP). A retried Commit answers the same.
      for (const c of [await own.client.unary('commit', commit), await own.client.unary('commit', commit)])
        assert.deepEqual(
          [featureBudget(c)?.limitMicros, featureBudget(c)?.remainingMicros, featureBudget(c)?.status],
          [2_000_000, 500_000, common.BudgetStatus.OK],
        );
      // Another task of the same feature: what is left under the caller's cap, and no more.
      const second = await reserve({ estimateMicros: 500_000, featureCapMicros: 2_000_000 });
      assert.equal(featureBudget(second)?.spentMicros, 1_500_000);
      await own.client.unary('release', { reservationId: second.reservationId });
      await rejects(
        reserve({ estimateMicros: 500_001, featureCapMicros: 2_000_000 }),
        status.RESOURCE_EXHAUSTED,
        /budget feature:login-flow: would exceed \$2\.00/,
      );
      await rejects(
        reserve({ estimateMicros: 1, featureCapMicros: -1 }),
        status.INVALID_ARGUMENT,
        /feature_cap_micros: must be 0 to/,
      );
      await rejects(
        reserve({ featureId: '', estimateMicros: 1, featureCapMicros: 1 }),
        status.INVALID_ARGUMENT,
        /feature_cap_micros: needs feature_id/,
      );

      // GetBudget judges the feature as Reserve and Commit do when given the same cap: $1.50 of
      // $2 is OK (the router's view), where this service's own $0.50 says STOP.
      const getBudget = (featureCapMicros: number, featureId = 'login-flow') =>
        own.client.unary('getBudget', cost.GetBudgetRequest.fromPartial({ featureId, featureCapMicros }));
      const under = featureBudget(await getBudget(2_000_000));
      assert.deepEqual(
        [under?.limitMicros, under?.spentMicros, under?.remainingMicros, under?.status],
        [2_000_000, 1_500_000, 500_000, common.BudgetStatus.OK],
      );
      const ours = featureBudget(await getBudget(0));
      assert.deepEqual(
        [ours?.limitMicros, ours?.remainingMicros, ours?.status],
        [500_000, 0, common.BudgetStatus.STOP],
      );
      await rejects(getBudget(-1), status.INVALID_ARGUMENT, /feature_cap_micros: must be 0 to/);
      await rejects(getBudget(1, ' '), status.INVALID_ARGUMENT, /feature_cap_micros: needs feature_id/);
    } finally {
      await own.stop();
    }
  });
});
