// Embedding metrics, named in the shared registry (@superagent/telemetry): cache lookups (hit rate) and
// the size of each forward pass the micro-batcher makes. Created through the global meter, so they are
// no-ops when telemetry is not preloaded (unit tests, benchmarks).
import { metrics } from '@opentelemetry/api';
import { ATTR, METRIC, UNIT } from '@superagent/telemetry';
import type { CacheStats } from './domain/embedding-cache';

export interface EmbeddingMetrics {
  /** One forward pass of `size` distinct texts. */
  batch(size: number): void;
}

export function createEmbeddingMetrics(model: string, cacheStats: () => CacheStats): EmbeddingMetrics {
  const meter = metrics.getMeter('@superagent/embedding');
  const batchSize = meter.createHistogram(METRIC.batchSize, {
    unit: UNIT.items,
    description: 'Texts per embedding forward pass',
    advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64, 128, 256] },
  });
  // The cache counts its own hits and misses; exporting those totals costs nothing per lookup.
  meter
    .createObservableCounter(METRIC.cacheLookups, {
      unit: '{lookup}',
      description: 'Embedding cache lookups',
    })
    .addCallback((result) => {
      const stats = cacheStats();
      result.observe(stats.hits, { [ATTR.cacheName]: 'embedding', [ATTR.cacheHit]: true });
      result.observe(stats.misses, { [ATTR.cacheName]: 'embedding', [ATTR.cacheHit]: false });
    });
  return {
    batch(size) {
      batchSize.record(size, { [ATTR.batchName]: 'embedding', [ATTR.model]: model });
    },
  };
}
