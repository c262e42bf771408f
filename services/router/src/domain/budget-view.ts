// Where the router learns budget status. Routing must never wait for one RPC per decision, so a
// view answers from memory when it can (a value, not a promise) and only the first look at a scope
// (or one long stale) waits. Implementations: the cost service's view (clients/cost-budget-view.ts)
// and a static one for tests and embedded use.
import type { BudgetScope, BudgetSnapshot, BudgetUsage } from './budget';

export interface BudgetView {
  /**
   * The snapshot for a scope: synchronously when known, as a promise when it must be fetched.
   * `featureCapMicros` is the feature budget's limit for this decision (the router's cap by test
   * path), the one its Reserve will give; 0 leaves the cost service's own.
   */
  status(scope: BudgetScope, featureCapMicros: number): BudgetSnapshot | Promise<BudgetSnapshot>;
  close(): void;
}

/** A fixed answer, or one computed from the scope (tests, embedded use, `ROUTER_BUDGET_VIEW=off`). */
export class StaticBudgetView implements BudgetView {
  constructor(private readonly answer: BudgetSnapshot | ((scope: BudgetScope) => BudgetSnapshot)) {}

  status(scope: BudgetScope): BudgetSnapshot {
    return typeof this.answer === 'function' ? this.answer(scope) : this.answer;
  }

  close(): void {}

  /** Budgets not read: nothing enforced by the router. */
  static off(): StaticBudgetView {
    return new StaticBudgetView({ kind: 'off' });
  }

  /** Known spend per budget (the same for every scope). */
  static known(budgets: readonly BudgetUsage[]): StaticBudgetView {
    return new StaticBudgetView({ kind: 'known', budgets });
  }
}
