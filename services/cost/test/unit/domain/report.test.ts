import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyTotals } from '../../../src/domain/aggregate';
import { parseBudgetPolicy } from '../../../src/domain/budget-policy';
import { globToRegExp } from '../../../src/domain/glob';
import {
  byCost,
  byTierOrder,
  planReport,
  resolvePeriod,
  unkeptProblem,
  type PeriodInput,
} from '../../../src/domain/report';
import { loadDefaultBudgets } from '../../support/fixtures';

const NOW = Date.UTC(2025, 10, 26, 12);

test('resolvePeriod: defaults to today / this week; validates and bounds ranges', () => {
  assert.deepEqual(resolvePeriod({ kind: 'day', day: '' }, NOW), {
    kind: 'day',
    day: '2025-11-26',
    fromDay: '2025-11-26',
    toDay: '2025-11-26',
  });
  assert.deepEqual(resolvePeriod({ kind: 'week', week: '' }, NOW), {
    kind: 'week',
    week: '2025-W48',
    fromDay: '2025-11-24',
    toDay: '2025-11-30',
  });
  const range = resolvePeriod({ kind: 'range', fromDay: '2025-02-27', toDay: '2025-03-02' }, NOW);
  assert.ok('days' in range);
  assert.deepEqual(range.days, ['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02']);
  const problem = (r: ReturnType<typeof resolvePeriod>): string | undefined =>
    'problem' in r ? r.problem.field : undefined;
  assert.equal(problem(resolvePeriod({ kind: 'day', day: '2025-13-01' }, NOW)), 'period.day');
  assert.equal(
    problem(resolvePeriod({ kind: 'range', fromDay: '2025-03-02', toDay: '2025-03-01' }, NOW)),
    'period.to_day',
  );
  assert.equal(
    problem(resolvePeriod({ kind: 'range', fromDay: '', toDay: '2025-03-01' }, NOW)),
    'period.from_day',
  );
  assert.equal(
    problem(resolvePeriod({ kind: 'range', fromDay: '2025-03-01', toDay: '2025-03-30' }, NOW)),
    undefined,
  );
  assert.equal(
    problem(resolvePeriod({ kind: 'range', fromDay: '2025-03-01', toDay: '2025-03-31' }, NOW)),
    'period.to_day',
  );
});

test('unkeptProblem: no period or trend reaches before the oldest day (30) or week (90 days) kept', () => {
  // NOW is 2025-11-26: the days kept are 2025-10-28 .. today, the weeks whose Monday is
  // 2025-08-29 or later.
  const field = (input: PeriodInput, trendDays = 0): string | undefined => {
    const period = resolvePeriod(input, NOW);
    assert.ok(!('problem' in period));
    return unkeptProblem(period, trendDays, NOW)?.field;
  };
  assert.equal(field({ kind: 'day', day: '2025-10-28' }), undefined);
  assert.equal(field({ kind: 'day', day: '2025-10-27' }), 'period.day');
  assert.equal(field({ kind: 'range', fromDay: '2025-10-28', toDay: '2025-11-26' }), undefined);
  assert.equal(field({ kind: 'range', fromDay: '2025-10-27', toDay: '2025-10-28' }), 'period.from_day');
  // A trend ends on the period's last day and reaches back trend_days days.
  assert.equal(field({ kind: 'day', day: '' }, 30), undefined);
  assert.equal(field({ kind: 'day', day: '' }, 31), 'trend_days');
  assert.equal(field({ kind: 'day', day: '2025-11-25' }, 30), 'trend_days');
  assert.equal(field({ kind: 'range', fromDay: '2025-11-01', toDay: '2025-11-03' }, 7), undefined);
  // 2025-W36 starts on Monday 2025-09-01, 2025-W35 on 2025-08-25.
  assert.equal(field({ kind: 'week', week: '2025-W36' }), undefined);
  assert.equal(field({ kind: 'week', week: '2025-W35' }), 'period.week');
  // Future days are kept (nothing there yet is the truth).
  assert.equal(field({ kind: 'range', fromDay: '2025-11-20', toDay: '2025-12-19' }), undefined);
  assert.match(
    unkeptProblem({ kind: 'day', day: '2025-01-01', fromDay: '2025-01-01', toDay: '2025-01-01' }, 0, NOW)
      ?.why ?? '',
    /is before 2025-10-28: days are kept 30 days/,
  );
});

test('breakdowns: by cost (then count, then key); tiers in escalation order', () => {
  const t = (costMicros: number, count: number) => ({ ...emptyTotals(), costMicros, count });
  const map = new Map([
    ['b', t(5, 1)],
    ['a', t(5, 1)],
    ['c', t(5, 9)],
    ['d', t(50, 1)],
  ]);
  assert.deepEqual(
    byCost(map).map((r) => r.key),
    ['d', 'c', 'a', 'b'],
  );
  const tiers = new Map([
    ['unknown', t(1, 1)],
    ['opus', t(9, 1)],
    ['local', t(0, 1)],
    ['haiku', t(2, 1)],
  ]);
  assert.deepEqual(
    byTierOrder(tiers).map((r) => r.key),
    ['local', 'haiku', 'opus', 'unknown'],
  );
});

test('globToRegExp: * and ? only, case-insensitive, no regex injection', () => {
  assert.ok(globToRegExp('*auth*').test('User-AUTH-flow'));
  assert.ok(globToRegExp('pay?').test('pays'));
  assert.ok(!globToRegExp('pay?').test('payment'));
  assert.ok(!globToRegExp('a.c').test('abc'));
  assert.ok(globToRegExp('(x|y)+').test('(x|y)+'));
});

test('planReport: sessions and features are whole; tenants and global read day/week buckets and a trend', () => {
  const policy = loadDefaultBudgets();
  const day = resolvePeriod({ kind: 'day', day: '' }, NOW);
  assert.ok(!('problem' in day));
  const session = planReport('session', 's1', day, 7, policy, NOW);
  assert.deepEqual(session.main, [
    { scope: { kind: 'session', session: 's1' }, bucket: { period: 'lifetime' } },
  ]);
  assert.deepEqual([session.trend, session.fromDay, session.toDay], [[], '', '']);
  assert.deepEqual(session.budgets, [{ kind: 'session', session: 's1', limitMicros: 5_000_000 }]);
  assert.equal(planReport('feature', 'oauth', day, 0, policy, NOW).budgets[0]?.limitMicros, 2_000_000);

  const week = resolvePeriod({ kind: 'week', week: '2025-W47' }, NOW);
  assert.ok(!('problem' in week));
  const tenant = planReport('tenant', 'acme', week, 3, policy, NOW);
  assert.deepEqual(tenant.main, [
    { scope: { kind: 'tenant', tenant: 'acme' }, bucket: { period: 'week', week: '2025-W47' } },
  ]);
  assert.deepEqual(
    tenant.trend.map((p) => p.day),
    ['2025-11-21', '2025-11-22', '2025-11-23'],
  );
  assert.deepEqual(tenant.budgets, [
    { kind: 'tenant_daily', tenant: 'acme', day: '2025-11-26', limitMicros: 50_000_000 },
  ]);
  assert.deepEqual(planReport('global', '', day, 0, policy, NOW).budgets, [
    { kind: 'global_daily', day: '2025-11-26', limitMicros: 0 },
  ]);
});

test('planReport: a session budget only when its limit does not depend on the tenant', () => {
  const day = resolvePeriod({ kind: 'day', day: '' }, NOW);
  assert.ok(!('problem' in day));
  const withTenants = (tenants: Record<string, unknown>) =>
    parseBudgetPolicy({ version: 't', session: '5', tenant_daily: '50', feature: { default: '0' }, tenants });
  assert.deepEqual(
    planReport('session', 's', day, 0, withTenants({ acme: { session: '10' } }), NOW).budgets,
    [],
  );
  assert.deepEqual(
    planReport('session', 's', day, 0, withTenants({ acme: { session: '5.00', tenant_daily: '9' } }), NOW)
      .budgets,
    [{ kind: 'session', session: 's', limitMicros: 5_000_000 }],
  );
  // Named, the tenant's own limit applies (or the default, for a tenant without an override).
  const overridden = withTenants({ acme: { session: '10' } });
  assert.deepEqual(planReport('session', 's', day, 0, overridden, NOW, 'acme').budgets, [
    { kind: 'session', session: 's', limitMicros: 10_000_000 },
  ]);
  assert.deepEqual(planReport('session', 's', day, 0, overridden, NOW, 'other').budgets, [
    { kind: 'session', session: 's', limitMicros: 5_000_000 },
  ]);
});
