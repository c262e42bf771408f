import type { CallContext } from '@superagent/grpc';
import { common, type router } from '@superagent/proto';
import type { RoutingEngine } from '../domain/routing-engine';
import { TIER_NAMES, tierToProto, type TierRank } from '../domain/tiers';

/** GetStats: this process's counters. */
export function getStatsHandler(engine: RoutingEngine) {
  return (_req: router.GetStatsRequest, _ctx: CallContext): Promise<router.GetStatsResponse> => {
    const stats = engine.stats.snapshot();
    const cache = engine.cache.counters();
    const policy = engine.policies.current();
    const lookups = cache.hits + cache.misses;
    const byTier: router.TierCount[] = [{ tier: common.Tier.UNSPECIFIED, count: stats.byTier[0] ?? 0 }];
    TIER_NAMES.forEach((_, rank) =>
      byTier.push({ tier: tierToProto(rank as TierRank), count: stats.byTier[rank + 1] ?? 0 }),
    );
    return Promise.resolve({
      decisionsTotal: stats.decisionsTotal,
      byTier,
      byAgent: [...stats.byAgent]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([agent, count]) => ({ agent, count })),
      cacheHits: cache.hits,
      cacheMisses: cache.misses,
      cacheHitRate: lookups === 0 ? 0 : cache.hits / lookups,
      cacheSize: cache.size,
      estimator: stats.estimator,
      policyVersion: policy.policy.version,
      policyLoadedUnixMs: policy.loadedAtMs,
      policyReloadFailures: engine.policies.reloadFailures,
      refusedTotal: stats.refused,
      downgradedTotal: stats.downgraded,
      giveUpTotal: stats.giveUps,
      startedUnixMs: stats.startedAtMs,
    });
  };
}
