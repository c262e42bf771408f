import { TargetBreaker } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { closeRedis, createRedis, REDIS_BREAKER_OPTIONS, redisReady, redisTargetOf } from '@superagent/redis';
import type { CostConfig } from './config';
import { DEFAULT_RETENTION, type CostStore, type Retention } from './store/cost-store';
import { createMemoryCostStore } from './store/memory-store';
import { countsAsRedisFailure, createRedisCostStore } from './store/redis-store';

export interface OpenedStore {
  readonly store: CostStore;
  /** Readiness probe: never throws, never queues work while disconnected. */
  readonly ready: () => Promise<boolean>;
  readonly close: () => Promise<void>;
}

export function retentionOf(config: CostConfig): Retention {
  return {
    ...DEFAULT_RETENTION,
    idempotencySeconds: config.COST_IDEMPOTENCY_TTL_S,
    sessionSeconds: config.COST_SESSION_TTL_S,
    logMaxPerDay: config.COST_LOG_MAX_PER_DAY,
  };
}

/** The configured backend. Nothing connects here: the Redis client is lazy until the first probe. */
export function openStore(config: CostConfig, logger: Logger): OpenedStore {
  const retention = retentionOf(config);
  if (config.COST_STORE === 'memory') {
    logger.warn(
      'COST_STORE=memory: spend lives in this process only (fine for dev and demo, not for production)',
    );
    const store = createMemoryCostStore({ retention });
    return { store, ready: async () => true, close: () => store.close() };
  }
  const redis = createRedis({ name: 'cost', ...redisTargetOf(config) }, logger);
  const breaker = new TargetBreaker('redis', REDIS_BREAKER_OPTIONS, logger, countsAsRedisFailure);
  const store = createRedisCostStore(redis, {
    retention,
    waitReplicas: config.COST_WAIT_REPLICAS,
    waitTimeoutMs: config.COST_WAIT_TIMEOUT_MS,
    breaker,
  });
  return {
    store,
    ready: () => redisReady(redis),
    close: async () => {
      breaker.shutdown();
      await closeRedis(redis);
    },
  };
}
