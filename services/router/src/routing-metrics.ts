// The decision cache's hit rate as a metric (registry names from @superagent/telemetry). The cache
// counts its own hits and misses; an observable counter exports those totals at collection time, so
// the routing hot path pays nothing per decision. A no-op when telemetry is not preloaded.
import { metrics } from '@opentelemetry/api';
import { ATTR, METRIC } from '@superagent/telemetry';
import type { CacheCounters } from './domain/decision-cache';

export function observeDecisionCache(counters: () => CacheCounters): void {
  metrics
    .getMeter('@superagent/router')
    .createObservableCounter(METRIC.cacheLookups, { unit: '{lookup}', description: 'Decision cache lookups' })
    .addCallback((result) => {
      const c = counters();
      result.observe(c.hits, { [ATTR.cacheName]: 'router.decision', [ATTR.cacheHit]: true });
      result.observe(c.misses, { [ATTR.cacheName]: 'router.decision', [ATTR.cacheHit]: false });
    });
}
