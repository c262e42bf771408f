// The routing side of the router assembled from its parts: the policy in force, the decision cache,
// the counters, the budget view and the engine over them. Used by main.ts, by tests that start the
// real server, by the pipeline (in-process routing) and by the benchmark.
import type { BudgetView } from './domain/budget-view';
import { DecisionCache } from './domain/decision-cache';
import type { RoutingPolicy } from './domain/policy';
import { PolicyHolder } from './domain/policy-holder';
import { RouterStats } from './domain/router-stats';
import { RoutingEngine } from './domain/routing-engine';
import { observeDecisionCache } from './routing-metrics';

export interface RoutingStackOptions {
  readonly policy: RoutingPolicy;
  /** Providers with credentials; `local` is added. */
  readonly providers: Iterable<string>;
  readonly budgets: BudgetView;
  /** Decision cache entries; 0 disables it. */
  readonly cacheSize: number;
  /** Time one estimate in this many (default 64). */
  readonly sampleEvery?: number;
}

export function createRoutingEngine(options: RoutingStackOptions): RoutingEngine {
  const providers = new Set(['local', ...options.providers]);
  const cache = new DecisionCache(options.cacheSize);
  observeDecisionCache(() => cache.counters());
  return new RoutingEngine({
    policies: new PolicyHolder(options.policy, providers),
    budgets: options.budgets,
    cache,
    stats: new RouterStats(options.sampleEvery === undefined ? {} : { sampleEvery: options.sampleEvery }),
  });
}
