import { invalidArgument, unary } from '@superagent/grpc';
import { cost } from '@superagent/proto';
import type { PeriodInput } from '../domain/report';
import type { Ledger, ReportScopeKind } from '../ledger';
import { breakdown, budgetMessage, budgetStatus, tierEnum } from './mapping';

const SCOPES: Partial<Record<cost.ReportScope, ReportScopeKind>> = {
  [cost.ReportScope.GLOBAL]: 'global',
  [cost.ReportScope.TENANT]: 'tenant',
  [cost.ReportScope.SESSION]: 'session',
  [cost.ReportScope.FEATURE]: 'feature',
};

function periodInput(p: cost.Period | undefined): PeriodInput {
  if (!p) return { kind: 'day', day: '' };
  switch (p.kind) {
    case cost.PeriodKind.UNSPECIFIED:
    case cost.PeriodKind.DAY:
      return { kind: 'day', day: p.day };
    case cost.PeriodKind.WEEK:
      return { kind: 'week', week: p.week };
    case cost.PeriodKind.RANGE:
      return { kind: 'range', fromDay: p.fromDay, toDay: p.toDay };
    default:
      throw invalidArgument('period.kind', `unknown period kind ${p.kind}`);
  }
}

export function reportHandlers(ledger: Ledger) {
  return {
    getReport: unary<cost.GetReportRequest, cost.GetReportResponse>(async (req) => {
      const scope = SCOPES[req.scope];
      if (!scope) throw invalidArgument('scope', 'must be TENANT, SESSION, FEATURE or GLOBAL');
      const r = await ledger.report({
        scope,
        scopeId: req.scopeId,
        period: periodInput(req.period),
        trendDays: req.trendDays,
        tenant: req.tenantId,
      });
      return {
        totalMicros: r.totals.costMicros,
        count: r.totals.count,
        unpricedCount: r.totals.unpricedCount,
        byAgent: r.byAgent.map(breakdown),
        byModel: r.byModel.map(breakdown),
        byFeature: r.byFeature.map(breakdown),
        byTier: r.byTier.map(breakdown),
        budgetStatus: budgetStatus(r.state),
        budgets: r.budgets.map((b) => budgetMessage(b, r.warnBps)),
        trend: r.trend,
        fromDay: r.fromDay,
        toDay: r.toDay,
        priceTableVersion: r.priceVersion,
      };
    }),

    getBudget: unary<cost.GetBudgetRequest, cost.GetBudgetResponse>(async (req) => {
      const r = await ledger.budget({
        tenant: req.tenantId,
        session: req.sessionId,
        feature: req.featureId,
        featureCapMicros: req.featureCapMicros,
      });
      return { budgets: r.budgets.map((b) => budgetMessage(b, r.warnBps)), status: budgetStatus(r.state) };
    }),

    getPrices: unary<cost.GetPricesRequest, cost.GetPricesResponse>(async () => {
      const { table, loadedAtMs } = ledger.prices();
      return {
        version: table.version,
        loadedUnixMs: loadedAtMs,
        prices: table.models.map((m) => ({
          model: m.model,
          inputMicrosPerMillion: m.inputMicrosPerMillion,
          outputMicrosPerMillion: m.outputMicrosPerMillion,
          tier: tierEnum(m.tier),
          aliases: [...m.aliases],
          provider: m.provider,
        })),
      };
    }),
  };
}
