// Model tiers in escalation order. The order is fixed (local < haiku < sonnet < opus, as in
// common.v1.Tier); the policy only says which provider and model serve each tier.
import { common } from '@superagent/proto';

export const TIER_NAMES = ['local', 'haiku', 'sonnet', 'opus'] as const;
export type TierName = (typeof TIER_NAMES)[number];

/** Position in the ladder: 0 = local (free) … 3 = opus. */
export type TierRank = 0 | 1 | 2 | 3;

export const LOCAL_RANK: TierRank = 0;
export const TOP_RANK: TierRank = 3;

const PROTO_BY_RANK: readonly common.Tier[] = [
  common.Tier.LOCAL,
  common.Tier.HAIKU,
  common.Tier.SONNET,
  common.Tier.OPUS,
];

export function isTierName(value: string): value is TierName {
  return (TIER_NAMES as readonly string[]).includes(value);
}

export function rankOfName(name: TierName): TierRank {
  return TIER_NAMES.indexOf(name) as TierRank;
}

export function tierToProto(rank: TierRank): common.Tier {
  return PROTO_BY_RANK[rank] ?? common.Tier.UNSPECIFIED;
}

/** The rank of a proto tier, or undefined for UNSPECIFIED and values outside the enum. */
export function rankOfProto(tier: common.Tier): TierRank | undefined {
  const index = PROTO_BY_RANK.indexOf(tier);
  return index < 0 ? undefined : (index as TierRank);
}

export function tierName(rank: TierRank): TierName {
  return TIER_NAMES[rank];
}
