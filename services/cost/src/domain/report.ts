import { TIERS } from './price-table';
import type { Aggregate, AggregateRef, ScopeRef, Totals } from './aggregate';
import {
  featureCapMicros,
  tenantIndependentSessionMicros,
  type BudgetPolicy,
  type BudgetRef,
} from './budget-policy';
import {
  DAY_BUCKET_DAYS,
  daysOfIsoWeek,
  isoWeek,
  isValidIsoWeek,
  lastDays,
  oldestKeptDayMs,
  parseDay,
  utcDay,
  WEEK_BUCKET_DAYS,
} from './periods';
import type { FieldProblem } from './usage';

// Pure parts of GetReport: which buckets and budgets a report reads, which days a period covers,
// and how breakdowns are ordered.

/** A range or a trend covers at most the days that are kept. */
export const MAX_RANGE_DAYS = DAY_BUCKET_DAYS;
export const MAX_TREND_DAYS = DAY_BUCKET_DAYS;
const DAY_MS = 86_400_000;

export type PeriodInput =
  | { readonly kind: 'day'; readonly day: string }
  | { readonly kind: 'week'; readonly week: string }
  | { readonly kind: 'range'; readonly fromDay: string; readonly toDay: string };

/** A validated period: a day, an ISO week (kept as one stored bucket) or a day range. */
export type ResolvedPeriod =
  | { readonly kind: 'day'; readonly day: string; readonly fromDay: string; readonly toDay: string }
  | { readonly kind: 'week'; readonly week: string; readonly fromDay: string; readonly toDay: string }
  | {
      readonly kind: 'range';
      readonly days: readonly string[];
      readonly fromDay: string;
      readonly toDay: string;
    };

/** Empty day or week = the current one (UTC). Problems name the `period.*` field. */
export function resolvePeriod(input: PeriodInput, nowMs: number): ResolvedPeriod | { problem: FieldProblem } {
  switch (input.kind) {
    case 'day': {
      const day = input.day === '' ? utcDay(nowMs) : input.day;
      if (parseDay(day) === undefined)
        return { problem: { field: 'period.day', why: 'must be a date YYYY-MM-DD' } };
      return { kind: 'day', day, fromDay: day, toDay: day };
    }
    case 'week': {
      const week = input.week === '' ? isoWeek(nowMs) : input.week;
      if (!isValidIsoWeek(week))
        return { problem: { field: 'period.week', why: 'must be an ISO week YYYY-Www' } };
      const days = daysOfIsoWeek(week);
      return { kind: 'week', week, fromDay: days[0] ?? '', toDay: days[6] ?? '' };
    }
    case 'range': {
      const from = parseDay(input.fromDay);
      const to = parseDay(input.toDay);
      if (from === undefined)
        return { problem: { field: 'period.from_day', why: 'must be a date YYYY-MM-DD' } };
      if (to === undefined) return { problem: { field: 'period.to_day', why: 'must be a date YYYY-MM-DD' } };
      if (to < from) return { problem: { field: 'period.to_day', why: 'must not be before from_day' } };
      const count = (to - from) / DAY_MS + 1;
      if (count > MAX_RANGE_DAYS)
        return {
          problem: { field: 'period.to_day', why: `range must cover at most ${MAX_RANGE_DAYS} days` },
        };
      return { kind: 'range', days: lastDays(to, count), fromDay: input.fromDay, toDay: input.toDay };
    }
  }
}

/**
 * For reports read from day and week buckets (TENANT, GLOBAL): a period or trend that reaches
 * before the oldest bucket still kept would report the expired days as $0, so it is a problem
 * naming its field. Kept: the last DAY_BUCKET_DAYS days (today included) and the weeks whose
 * Monday is within the last WEEK_BUCKET_DAYS days, since every write keeps its buckets that long.
 */
export function unkeptProblem(
  period: ResolvedPeriod,
  trendDays: number,
  nowMs: number,
): FieldProblem | undefined {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const oldestDay = oldestKeptDayMs(nowMs);
  const oldestMonday = today - (WEEK_BUCKET_DAYS - 1) * DAY_MS;
  const daysKept = `days are kept ${DAY_BUCKET_DAYS} days`;
  const from = parseDay(period.fromDay) ?? today;
  if (period.kind === 'week' && from < oldestMonday)
    return {
      field: 'period.week',
      why: `starts before ${utcDay(oldestMonday)}: weeks are kept ${WEEK_BUCKET_DAYS} days`,
    };
  if (period.kind !== 'week' && from < oldestDay)
    return {
      field: period.kind === 'day' ? 'period.day' : 'period.from_day',
      why: `is before ${utcDay(oldestDay)}: ${daysKept}`,
    };
  const trendFrom = (parseDay(period.toDay) ?? today) - (trendDays - 1) * DAY_MS;
  if (trendDays > 0 && trendFrom < oldestDay)
    return {
      field: 'trend_days',
      why: `reaches back to ${utcDay(trendFrom)}, before ${utcDay(oldestDay)}: ${daysKept}`,
    };
  return undefined;
}

export interface BreakdownRow extends Totals {
  readonly key: string;
}

/** Highest cost first, then most records, then key: stable and useful for "where did it go". */
export function byCost(map: ReadonlyMap<string, Totals>): BreakdownRow[] {
  return [...map]
    .map(([key, t]) => ({ key, ...t }))
    .sort(
      (a, b) =>
        b.costMicros - a.costMicros || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
}

/** Tiers in escalation order (local, haiku, sonnet, opus), then any other key alphabetically. */
export function byTierOrder(map: ReadonlyMap<string, Totals>): BreakdownRow[] {
  const rank = (key: string): number => {
    const i = (TIERS as readonly string[]).indexOf(key);
    return i === -1 ? TIERS.length : i;
  };
  return [...map]
    .map(([key, t]) => ({ key, ...t }))
    .sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export interface TrendPoint {
  readonly day: string;
  readonly costMicros: number;
  readonly count: number;
  readonly unpricedCount: number;
}

export function trendOf(days: readonly string[], aggs: readonly Aggregate[]): TrendPoint[] {
  return days.map((day, i) => {
    const t = aggs[i]?.totals;
    return {
      day,
      costMicros: t?.costMicros ?? 0,
      count: t?.count ?? 0,
      unpricedCount: t?.unpricedCount ?? 0,
    };
  });
}

export type ReportScopeKind = 'global' | 'tenant' | 'session' | 'feature';

export interface ReportPlan {
  /** Buckets summed into the report's totals and breakdowns. */
  readonly main: AggregateRef[];
  /** One day bucket per trend point, oldest first. */
  readonly trend: { readonly day: string; readonly ref: AggregateRef }[];
  /**
   * The budget that applies to the scope today; none for a session whose limit depends on a
   * tenant the request does not name (a guessed limit would contradict GetBudget).
   */
  readonly budgets: BudgetRef[];
  /** '' for sessions and features, which are kept whole (no day buckets). */
  readonly fromDay: string;
  readonly toDay: string;
}

/**
 * What a report for `kind`/`id` over `period` reads. Sessions and features cover their lifetime.
 * `sessionTenant`: a session's tenant when the request names it.
 */
export function planReport(
  kind: ReportScopeKind,
  id: string,
  period: ResolvedPeriod,
  trendDays: number,
  policy: BudgetPolicy,
  nowMs: number,
  sessionTenant?: string,
): ReportPlan {
  const today = utcDay(nowMs);
  if (kind === 'session' || kind === 'feature') {
    const scope: ScopeRef = kind === 'session' ? { kind, session: id } : { kind, feature: id };
    const sessionMicros =
      sessionTenant !== undefined
        ? (policy.tenants.get(sessionTenant)?.sessionMicros ?? policy.sessionMicros)
        : tenantIndependentSessionMicros(policy);
    const budgets: BudgetRef[] =
      kind === 'feature'
        ? [{ kind, feature: id, limitMicros: featureCapMicros(policy, id) }]
        : sessionMicros !== undefined
          ? [{ kind, session: id, limitMicros: sessionMicros }]
          : [];
    return {
      main: [{ scope, bucket: { period: 'lifetime' } }],
      trend: [],
      budgets,
      fromDay: '',
      toDay: '',
    };
  }
  const scope: ScopeRef = kind === 'global' ? { kind } : { kind, tenant: id };
  const budget: BudgetRef =
    kind === 'global'
      ? { kind: 'global_daily', day: today, limitMicros: policy.globalDailyMicros }
      : {
          kind: 'tenant_daily',
          tenant: id,
          day: today,
          limitMicros: policy.tenants.get(id)?.tenantDailyMicros ?? policy.tenantDailyMicros,
        };
  const dayRef = (day: string): AggregateRef => ({ scope, bucket: { period: 'day', day } });
  const main: AggregateRef[] =
    period.kind === 'day'
      ? [dayRef(period.day)]
      : period.kind === 'week'
        ? [{ scope, bucket: { period: 'week', week: period.week } }]
        : period.days.map(dayRef);
  const trend = lastDays(parseDay(period.toDay) ?? nowMs, trendDays).map((day) => ({
    day,
    ref: dayRef(day),
  }));
  return { main, trend, budgets: [budget], fromDay: period.fromDay, toDay: period.toDay };
}
