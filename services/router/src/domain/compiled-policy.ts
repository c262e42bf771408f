// A validated policy compiled for the hot path: the estimator's single regex, the cost-cap globs,
// and lookup tables for everything that depends only on the policy and the configured providers
// (first rule per task type and difficulty, the tier each rule lands on under each max tier, the
// escalation step from each tier for each failure kind). A decision is then a few array reads.
import { ComplexityEstimator } from './complexity';
import { CostCaps } from './cost-caps';
import type { RoutingPolicy, RuleSpec } from './policy';
import { FAILURE_KIND_NAMES, TASK_TYPE_NAMES, type FailureKindName } from './task-types';
import { escalationChoice, firstChoice, unusableTiers, type TierChoice } from './tier-choice';
import { TIER_NAMES, rankOfName, type TierRank } from './tiers';

export interface CompiledPolicy {
  readonly policy: RoutingPolicy;
  /** Increases with every successful (re)load in this process; part of decision cache keys. */
  readonly generation: number;
  readonly loadedAtMs: number;
  readonly providers: ReadonlySet<string>;
  readonly estimator: ComplexityEstimator;
  readonly caps: CostCaps;
  /** The first matching rule's index for a task type index and difficulty (0 easy, 1 hard). */
  ruleIndex(taskIndex: number, hard: boolean): number;
  rule(index: number): RuleSpec;
  /** Model id of a tier ("" for a tier the policy does not define). */
  modelOf(rank: TierRank): string;
  /** Tier (and the reason text) for a first routing of rule `ruleIndex` under `maxRank`. */
  first(ruleIndex: number, maxRank: TierRank): FirstRouting;
  /** Tier after a failure of kind `failure` on `previous`, under `maxRank`. */
  escalation(previous: TierRank, failure: FailureKindName, maxRank: TierRank): TierChoice;
}

export interface FirstRouting {
  readonly choice: TierChoice;
  /** "rule <id>: <reason>[; <tier notes>]". */
  readonly reason: string;
}

export interface CompileOptions {
  /** Providers with credentials; `local` is always available. */
  providers: ReadonlySet<string>;
  generation: number;
  nowMs: number;
}

const TIERS = TIER_NAMES.length;
const FAILURES = FAILURE_KIND_NAMES.length;

export function compilePolicy(policy: RoutingPolicy, options: CompileOptions): CompiledPolicy {
  const unusable = unusableTiers(policy, options.providers);
  const estimator = new ComplexityEstimator(policy.complexity);
  // V8 compiles a regex on its first use: do it now, not in the first request.
  estimator.estimate('Warm up: log in, upload a file, pay, in 5 steps', 'tests/warm-up.spec.ts');
  const caps = new CostCaps(policy.costCaps.defaultMicros, policy.costCaps.overrides);

  const ruleTable = new Int32Array(TASK_TYPE_NAMES.length * 2);
  TASK_TYPE_NAMES.forEach((task, t) => {
    for (const [d, difficulty] of (['easy', 'hard'] as const).entries()) {
      // The validator guarantees a match for every task type and difficulty.
      ruleTable[t * 2 + d] = policy.rules.findIndex(
        (rule) => rule.tasks.has(task) && (rule.difficulty ?? difficulty) === difficulty,
      );
    }
  });

  const firstTable: FirstRouting[] = [];
  for (const rule of policy.rules)
    for (let max = 0; max < TIERS; max++) {
      const choice = firstChoice(rankOfName(rule.tier), max as TierRank, unusable);
      const base = `rule ${rule.id}: ${rule.reason}`;
      firstTable.push({ choice, reason: choice.note === '' ? base : `${base}; ${choice.note}` });
    }

  const escalationTable: TierChoice[] = [];
  for (let previous = 0; previous < TIERS; previous++)
    for (const failure of FAILURE_KIND_NAMES)
      for (let max = 0; max < TIERS; max++)
        escalationTable.push(
          escalationChoice(
            previous as TierRank,
            policy.escalation.onFailure[failure],
            max as TierRank,
            unusable,
          ),
        );

  const models = TIER_NAMES.map((name) => policy.tiers[name]?.model ?? '');
  const failureIndex = new Map<FailureKindName, number>(FAILURE_KIND_NAMES.map((name, i) => [name, i]));
  const at = <T>(table: readonly T[], index: number): T => {
    const value = table[index];
    if (value === undefined) throw new RangeError(`policy table index ${index} out of range`);
    return value;
  };

  return {
    policy,
    generation: options.generation,
    loadedAtMs: options.nowMs,
    providers: options.providers,
    estimator,
    caps,
    ruleIndex: (taskIndex, hard) => ruleTable[taskIndex * 2 + (hard ? 1 : 0)] ?? 0,
    rule: (index) => at(policy.rules, index),
    modelOf: (rank) => models[rank] ?? '',
    first: (ruleIndex, maxRank) => at(firstTable, ruleIndex * TIERS + maxRank),
    escalation: (previous, failure, maxRank) =>
      at(escalationTable, (previous * FAILURES + (failureIndex.get(failure) ?? 0)) * TIERS + maxRank),
  };
}
