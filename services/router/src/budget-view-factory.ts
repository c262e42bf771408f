// The budget view main.ts uses: the cost service's (cached) or none at all, as configured.
import { createClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { CostBudgetView } from './clients/cost-budget-view';
import type { RouterConfig } from './config';
import { StaticBudgetView, type BudgetView } from './domain/budget-view';

export function createBudgetView(config: RouterConfig, logger: Logger): { view: BudgetView; close(): void } {
  if (config.ROUTER_BUDGET_VIEW === 'off') {
    logger.warn(
      'ROUTER_BUDGET_VIEW=off: the router reads no budgets (paid tiers are not limited by spend here)',
    );
    return { view: StaticBudgetView.off(), close: () => {} };
  }
  // No retries: a failed look is answered "unknown" (local tier only) and retried later by the view.
  // Its own target name: the pipeline's cost client (Reserve/Commit/Record) has a breaker of its
  // own, and two breakers under one name would be one ambiguous gauge series and log stream.
  const client = createClient(cost.CostServiceService, config.COST_ADDR, {
    target: 'cost-budgets',
    defaultDeadlineMs: config.ROUTER_BUDGET_DEADLINE_MS,
    logger,
  });
  const view = new CostBudgetView({
    client,
    ttlMs: config.ROUTER_BUDGET_TTL_MS,
    maxStaleMs: config.ROUTER_BUDGET_MAX_STALE_MS,
    failureTtlMs: config.ROUTER_BUDGET_FAILURE_TTL_MS,
    deadlineMs: config.ROUTER_BUDGET_DEADLINE_MS,
    maxEntries: config.ROUTER_BUDGET_SCOPES,
    logger,
  });
  return {
    view,
    close: () => {
      view.close();
      client.close();
    },
  };
}
