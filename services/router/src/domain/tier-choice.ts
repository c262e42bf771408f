// Choosing a tier on the ladder local < haiku < sonnet < opus. A first routing starts at the rule's
// tier and steps DOWN past tiers that cannot be used (never spending more than the rule meant); an
// escalation steps UP from the previous attempt's tier. Every tier passed over is reported with why.
import type { FailureAction, RoutingPolicy } from './policy';
import { LOCAL_RANK, TOP_RANK, tierName, type TierRank } from './tiers';

export interface SkippedTier {
  readonly rank: TierRank;
  readonly reason: string;
}

export interface TierChoice {
  /** undefined: no tier can be used (give up, ask a human). */
  readonly rank: TierRank | undefined;
  readonly skipped: readonly SkippedTier[];
  /** What happened, for the decision's reason ("" when the wanted tier was used as is). */
  readonly note: string;
}

/** Why a tier cannot be used under a max tier, or undefined when it can. */
export type Unusable = (rank: TierRank, maxRank: TierRank) => string | undefined;

export function unusableTiers(policy: RoutingPolicy, providers: ReadonlySet<string>): Unusable {
  return (rank, maxRank) => {
    const name = tierName(rank);
    if (rank > maxRank) return `above max_tier ${tierName(maxRank)}`;
    const spec = policy.tiers[name];
    if (spec === undefined) return `tier ${name} is not defined in the policy`;
    if (spec.provider !== 'local' && !providers.has(spec.provider))
      return `provider ${spec.provider} not configured (no API key)`;
    return undefined;
  };
}

function skippedNote(skipped: readonly SkippedTier[]): string {
  return skipped.map((s) => `${tierName(s.rank)} skipped: ${s.reason}`).join('; ');
}

/** First routing: the rule's tier, else the nearest usable tier below it. */
export function firstChoice(ruleRank: TierRank, maxRank: TierRank, unusable: Unusable): TierChoice {
  const skipped: SkippedTier[] = [];
  for (let rank: number = ruleRank; rank >= LOCAL_RANK; rank--) {
    const r = rank as TierRank;
    const why = unusable(r, maxRank);
    if (why === undefined) return { rank: r, skipped, note: skippedNote(skipped) };
    skipped.push({ rank: r, reason: why });
  }
  return { rank: undefined, skipped, note: skippedNote(skipped) };
}

/** After a failed attempt on `previous`: the next usable tier up, the same tier again, or nothing. */
export function escalationChoice(
  previous: TierRank,
  action: FailureAction,
  maxRank: TierRank,
  unusable: Unusable,
): TierChoice {
  if (action === 'ask_human')
    return { rank: undefined, skipped: [], note: 'the policy hands this failure to a human' };
  const skipped: SkippedTier[] = [];
  if (action === 'retry') {
    const why = unusable(previous, maxRank);
    if (why === undefined) return { rank: previous, skipped, note: `retrying on ${tierName(previous)}` };
    skipped.push({ rank: previous, reason: why });
  }
  for (let rank = previous + 1; rank <= TOP_RANK; rank++) {
    const r = rank as TierRank;
    const why = unusable(r, maxRank);
    if (why === undefined) {
      const via = skipped.length > 0 ? ` (${skippedNote(skipped)})` : '';
      return { rank: r, skipped, note: `escalated from ${tierName(previous)} to ${tierName(r)}${via}` };
    }
    skipped.push({ rank: r, reason: why });
  }
  const tail = skipped.length > 0 ? `: ${skippedNote(skipped)}` : '';
  return {
    rank: undefined,
    skipped,
    note:
      previous === TOP_RANK
        ? `${tierName(previous)} is the top of the ladder`
        : `no usable tier above ${tierName(previous)}${tail}`,
  };
}
