import { invalidArgument } from '@superagent/grpc';
import { mergeAggregates, type Aggregate } from '../domain/aggregate';
import type { PriceTable } from '../domain/price-table';
import {
  byCost,
  byTierOrder,
  MAX_TREND_DAYS,
  planReport,
  resolvePeriod,
  trendOf,
  unkeptProblem,
  type BreakdownRow,
  type PeriodInput,
  type ReportScopeKind,
  type TrendPoint,
} from '../domain/report';
import { checkId, namesNoTenant, noneIfBlank, tenantOrDefault } from '../domain/usage';
import type { BudgetReport, LedgerContext } from './context';

export interface ReportQuery {
  readonly scope: ReportScopeKind;
  readonly scopeId: string;
  readonly period: PeriodInput;
  readonly trendDays: number;
  /** SESSION only: the session's tenant ('' = not named). */
  readonly tenant: string;
}

export interface Report extends BudgetReport {
  readonly totals: Aggregate['totals'];
  readonly byAgent: BreakdownRow[];
  readonly byModel: BreakdownRow[];
  readonly byFeature: BreakdownRow[];
  readonly byTier: BreakdownRow[];
  readonly trend: TrendPoint[];
  readonly fromDay: string;
  readonly toDay: string;
  readonly priceVersion: string;
}

/** GetReport, GetBudget and GetPrices. */
export function reportUseCases(ctx: LedgerContext) {
  const { options } = ctx;
  return {
    async report(query: ReportQuery): Promise<Report> {
      const t = ctx.now();
      if (query.scope === 'global') {
        if (query.scopeId !== '') throw invalidArgument('scope_id', 'must be empty for GLOBAL');
      } else ctx.check(checkId('scope_id', query.scopeId, true));
      if (query.tenant !== '') {
        if (query.scope !== 'session')
          throw invalidArgument(
            'tenant_id',
            'only for SESSION reports (a TENANT report names its tenant in scope_id)',
          );
        ctx.check(checkId('tenant_id', query.tenant, false));
      }
      if (!Number.isInteger(query.trendDays) || query.trendDays < 0 || query.trendDays > MAX_TREND_DAYS)
        throw invalidArgument('trend_days', `must be 0 to ${MAX_TREND_DAYS}`);
      const period = resolvePeriod(query.period, t);
      if ('problem' in period) throw invalidArgument(period.problem.field, period.problem.why);
      // Sessions and features are kept whole (no day buckets): their period and trend read nothing.
      if (query.scope === 'tenant' || query.scope === 'global')
        ctx.check(unkeptProblem(period, query.trendDays, t));

      const plan = planReport(
        query.scope,
        query.scopeId,
        period,
        query.trendDays,
        options.budgets.current(),
        t,
        namesNoTenant(query.tenant) ? undefined : query.tenant,
      );
      const aggs = await ctx.stored(() =>
        ctx.store.readAggregates([...plan.main, ...plan.trend.map((p) => p.ref)]),
      );
      const merged = mergeAggregates(aggs.slice(0, plan.main.length));
      return {
        totals: merged.totals,
        byAgent: byCost(merged.by.agent),
        byModel: byCost(merged.by.model),
        byFeature: byCost(merged.by.feature),
        byTier: byTierOrder(merged.by.tier),
        trend: trendOf(
          plan.trend.map((p) => p.day),
          aggs.slice(plan.main.length),
        ),
        fromDay: plan.fromDay,
        toDay: plan.toDay,
        priceVersion: options.prices.current().version,
        ...(await ctx.views(plan.budgets)),
      };
    },

    /**
     * `featureCapMicros` > 0: the feature budget is judged against the caller's cap, as its Reserve
     * with that cap is (and its Commit reports), not against this service's own feature cap.
     */
    async budget(input: {
      tenant: string;
      session: string;
      feature: string;
      featureCapMicros: number;
    }): Promise<BudgetReport> {
      ctx.check(
        checkId('tenant_id', input.tenant, false) ??
          checkId('session_id', input.session, false) ??
          checkId('feature_id', input.feature, false),
      );
      const feature = noneIfBlank(input.feature);
      ctx.checkFeatureCap(input.featureCapMicros, feature);
      return ctx.views(
        ctx.budgetsToday(
          { tenant: tenantOrDefault(input.tenant), session: noneIfBlank(input.session), feature },
          input.featureCapMicros,
        ),
      );
    },

    prices(): { table: PriceTable; loadedAtMs: number } {
      return { table: options.prices.current(), loadedAtMs: options.prices.loadedAtMs() };
    },
  };
}
