// Domain decision → RouteResponse.
import { common, router } from '@superagent/proto';
import type { BudgetOutcome, RouteDecision } from '../domain/decide';
import { tierToProto } from '../domain/tiers';

const BUDGET_STATUS: Readonly<Record<BudgetOutcome, common.BudgetStatus>> = {
  none: common.BudgetStatus.UNSPECIFIED,
  unknown: common.BudgetStatus.UNSPECIFIED,
  ok: common.BudgetStatus.OK,
  warn: common.BudgetStatus.WARN,
  stop: common.BudgetStatus.STOP,
};

export function toComplexity(decision: RouteDecision): router.Complexity {
  const { estimate } = decision;
  const categories = decision.policy.policy.complexity.categories.map(
    (category, i): router.ComplexityCategory => {
      const matched = estimate.matched?.[i];
      return {
        name: category.name,
        points: matched === undefined ? 0 : category.points,
        matched: matched ? [...matched] : [],
      };
    },
  );
  return {
    score: estimate.score,
    difficulty: estimate.hard ? common.Difficulty.HARD : common.Difficulty.EASY,
    categories,
    stepCount: Math.min(estimate.stepCount, 2_147_483_647),
  };
}

export function toRouteResponse(decision: RouteDecision): router.RouteResponse {
  return {
    agent: decision.agent,
    tier: decision.rank === undefined ? common.Tier.UNSPECIFIED : tierToProto(decision.rank),
    modelId: decision.modelId,
    reason: decision.reason,
    costCapMicros: decision.costCapMicros,
    complexity: toComplexity(decision),
    budgetStatus: BUDGET_STATUS[decision.budget],
    giveUpAskHuman: decision.giveUp,
    policyVersion: decision.policy.policy.version,
    cacheHit: decision.cacheHit,
    ruleId: decision.ruleId,
    downgraded: decision.downgraded,
    skippedTiers: decision.skipped.map((s) => ({ tier: tierToProto(s.rank), reason: s.reason })),
    maxAttempts: decision.maxAttempts,
  };
}
