// The router's decision service: policy in force + decision cache + budget view + counters. Pure of
// network itself (the budget view is an interface), so the pipeline can call it in-process and the
// handlers only translate protos.
import type { BudgetSnapshot } from './budget';
import type { BudgetView } from './budget-view';
import { applyBudget, planRoute, type RouteInput, type RouteOutcome, type RoutePlan } from './decide';
import { planKey, type DecisionCache } from './decision-cache';
import type { PolicyHolder } from './policy-holder';
import type { RouterStats } from './router-stats';

export interface RoutingEngineDeps {
  readonly policies: PolicyHolder;
  readonly budgets: BudgetView;
  readonly cache: DecisionCache;
  readonly stats: RouterStats;
}

export class RoutingEngine {
  readonly policies: PolicyHolder;
  readonly cache: DecisionCache;
  readonly stats: RouterStats;
  private readonly budgets: BudgetView;

  constructor(deps: RoutingEngineDeps) {
    this.policies = deps.policies;
    this.budgets = deps.budgets;
    this.cache = deps.cache;
    this.stats = deps.stats;
    deps.policies.onReplace(() => deps.cache.clear());
  }

  /**
   * Decides one task: synchronously when the budget view has the scope in memory (the common
   * case, no promise and no microtask), as a promise when the view must fetch it first.
   */
  decide(input: RouteInput): RouteOutcome | Promise<RouteOutcome> {
    const { plan, cacheHit } = this.plan(input);
    // The feature budget is judged under the cap this task's Reserve will give, not the cost
    // service's own (which knows the feature id, not the test path the cap comes from).
    const pending = this.budgets.status(input.scope, plan.cap.capMicros);
    if (pending instanceof Promise)
      return pending.then((snapshot) => this.finish(plan, input, snapshot, cacheHit));
    return this.finish(plan, input, pending, cacheHit);
  }

  private finish(
    plan: RoutePlan,
    input: RouteInput,
    snapshot: BudgetSnapshot,
    cacheHit: boolean,
  ): RouteOutcome {
    const outcome = applyBudget(plan, input, snapshot, cacheHit);
    this.stats.record(outcome);
    return outcome;
  }

  /** The budget-independent plan, from the cache or computed (timing one estimate in N). */
  plan(input: RouteInput): { plan: RoutePlan; cacheHit: boolean } {
    const policy = this.policies.current();
    const key = this.cache.enabled ? planKey(policy.generation, input) : undefined;
    const cached = this.cache.get(key);
    if (cached !== undefined) return { plan: cached, cacheHit: true };
    let plan: RoutePlan;
    if (this.stats.shouldTime()) {
      const started = process.hrtime.bigint();
      const estimate = policy.estimator.estimate(input.description, input.testPath);
      this.stats.recordEstimate(Number(process.hrtime.bigint() - started));
      plan = planRoute(policy, input, estimate);
    } else {
      plan = planRoute(policy, input);
    }
    this.cache.set(key, plan);
    return { plan, cacheHit: false };
  }
}
