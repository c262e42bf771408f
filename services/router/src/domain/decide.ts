// One routing decision, in two pure steps. `planRoute` does everything that depends only on the
// request and the policy (estimate, rule, tier on the ladder, cost cap): that is what the decision
// cache stores. `applyBudget` then applies the budget view, which changes from call to call: a paid
// tier at a stopped budget is lowered to local ("downgrade") or refused ("refuse"), and no paid tier
// is chosen while budgets are unknown (cost service unreachable).
import {
  describeBudget,
  evaluateBudgets,
  type BudgetScope,
  type BudgetSnapshot,
  type BudgetState,
  type BudgetVerdict,
} from './budget';
import type { CompiledPolicy } from './compiled-policy';
import { formatDollars } from './money';
import type { ComplexityEstimate } from './complexity';
import type { CapMatch } from './cost-caps';
import type { FailureKindName } from './task-types';
import type { SkippedTier, TierChoice } from './tier-choice';
import { LOCAL_RANK, TOP_RANK, tierName, type TierRank } from './tiers';

export interface PreviousAttempt {
  readonly rank: TierRank;
  readonly failure: FailureKindName;
  /** Error category name of a failed run ("selector", …), "" if none; only for the reason text. */
  readonly errorCategory: string;
}

export interface RouteInput {
  /** Index into TASK_TYPE_NAMES. */
  readonly taskIndex: number;
  readonly description: string;
  readonly testPath: string;
  readonly scope: BudgetScope;
  readonly previous: PreviousAttempt | undefined;
  readonly attemptsMade: number;
  /** Highest tier the caller allows; undefined = no limit (the ladder's top). */
  readonly maxRank: TierRank | undefined;
}

/** The budget-independent part of a decision (what the decision cache keeps). */
export interface RoutePlan {
  readonly policy: CompiledPolicy;
  readonly estimate: ComplexityEstimate;
  readonly ruleIndex: number;
  readonly choice: TierChoice;
  readonly cap: CapMatch;
  readonly maxAttempts: number;
  /** The plan's part of the decision's reason (rule, tier notes). */
  readonly reason: string;
}

/** Budget view as the decision reports it: a verdict, or unknown/off. */
export type BudgetOutcome = BudgetState | 'unknown';

export interface RouteDecision {
  readonly kind: 'route';
  readonly policy: CompiledPolicy;
  readonly agent: string;
  /** undefined when giving up. */
  readonly rank: TierRank | undefined;
  readonly modelId: string;
  readonly reason: string;
  readonly costCapMicros: number;
  readonly estimate: ComplexityEstimate;
  readonly budget: BudgetOutcome;
  readonly giveUp: boolean;
  readonly ruleId: string;
  readonly downgraded: boolean;
  readonly skipped: readonly SkippedTier[];
  readonly maxAttempts: number;
  readonly cacheHit: boolean;
}

export interface RouteRefusal {
  readonly kind: 'refused';
  /** The budget at its limit, e.g. "session:abc". */
  readonly budget: string;
  /** Why, without the budget's name: "at 100% ($5.00 of $5.00, policy limit); …". */
  readonly why: string;
}

export type RouteOutcome = RouteDecision | RouteRefusal;

/** `estimate` may be passed in when the caller timed it. */
export function planRoute(
  policy: CompiledPolicy,
  input: RouteInput,
  estimate: ComplexityEstimate = policy.estimator.estimate(input.description, input.testPath),
): RoutePlan {
  const ruleIndex = policy.ruleIndex(input.taskIndex, estimate.hard);
  const rule = policy.rule(ruleIndex);
  const maxAttempts = rule.maxAttempts ?? policy.policy.escalation.maxAttempts;
  const maxRank = input.maxRank ?? TOP_RANK;
  const cap = policy.caps.capFor(input.testPath);
  if (input.attemptsMade >= maxAttempts) {
    const choice: TierChoice = {
      rank: undefined,
      skipped: [],
      note: `max attempts (${maxAttempts}) reached`,
    };
    return {
      policy,
      estimate,
      ruleIndex,
      choice,
      cap,
      maxAttempts,
      reason: `rule ${rule.id}: ${rule.reason}; ${choice.note}`,
    };
  }
  if (input.previous === undefined) {
    // Precompiled per rule and max tier: no string is built on the common path.
    const first = policy.first(ruleIndex, maxRank);
    return { policy, estimate, ruleIndex, choice: first.choice, cap, maxAttempts, reason: first.reason };
  }
  const choice = policy.escalation(input.previous.rank, input.previous.failure, maxRank);
  const note = choice.note === '' ? '' : `; ${choice.note}`;
  return {
    policy,
    estimate,
    ruleIndex,
    choice,
    cap,
    maxAttempts,
    reason: `rule ${rule.id}: ${rule.reason}${note}`,
  };
}

function budgetFor(
  policy: CompiledPolicy,
  scope: BudgetScope,
  snapshot: BudgetSnapshot,
): BudgetVerdict | undefined {
  return snapshot.kind === 'known'
    ? evaluateBudgets(policy.policy.budgets, scope, snapshot.budgets)
    : undefined;
}

export function applyBudget(
  plan: RoutePlan,
  input: RouteInput,
  snapshot: BudgetSnapshot,
  cacheHit: boolean,
): RouteOutcome {
  const { policy, choice } = plan;
  const rule = policy.rule(plan.ruleIndex);
  const verdict = budgetFor(policy, input.scope, snapshot);
  const budget: BudgetOutcome = snapshot.kind === 'unknown' ? 'unknown' : (verdict?.state ?? 'none');
  let reason = plan.reason;
  if (input.previous !== undefined) {
    const category = input.previous.errorCategory === '' ? '' : ` (${input.previous.errorCategory})`;
    reason = `attempt on ${tierName(input.previous.rank)} failed: ${input.previous.failure}${category}; ${reason}`;
  }

  let rank = choice.rank;
  let skipped = choice.skipped;
  let downgraded = false;
  let giveUp = rank === undefined;

  if (rank !== undefined && rank > LOCAL_RANK) {
    let blocked: string | undefined;
    if (snapshot.kind === 'unknown')
      blocked = `budgets unknown (${snapshot.reason}): paid tiers are not used`;
    else if (verdict?.state === 'stop') {
      if (policy.policy.budgets.atLimit === 'refuse' && verdict.worst) {
        const w = verdict.worst;
        return {
          kind: 'refused',
          budget: w.name,
          why: `at ${w.percent}% (${formatDollars(w.usedMicros)} of ${formatDollars(w.limitMicros)}, ${w.source} limit); the policy refuses paid tier ${tierName(rank)} at the limit`,
        };
      }
      blocked = describeBudget(verdict);
    }
    if (blocked !== undefined) {
      skipped = [...skipped, { rank, reason: blocked }];
      if (input.previous === undefined) {
        reason = `${reason}; ${tierName(rank)} skipped: ${blocked}; using local`;
        downgraded = snapshot.kind === 'known';
        rank = LOCAL_RANK;
      } else {
        reason = `${reason}; cannot escalate to ${tierName(rank)}: ${blocked}`;
        rank = undefined;
        giveUp = true;
      }
    }
  }
  if (verdict?.state === 'warn') reason = `${reason}; warning: ${describeBudget(verdict)}`;
  if (giveUp) reason = `give up, ask a human; ${reason}`;

  const modelId = rank === undefined ? '' : policy.modelOf(rank);
  return {
    kind: 'route',
    policy,
    agent: giveUp ? '' : rule.agent,
    rank,
    modelId,
    reason,
    costCapMicros: plan.cap.capMicros,
    estimate: plan.estimate,
    budget,
    giveUp,
    ruleId: rule.id,
    downgraded,
    skipped,
    maxAttempts: plan.maxAttempts,
    cacheHit,
  };
}
