// Builds the pipeline from configuration: the task store (memory or Redis), the downstream
// clients, the workers, and the RPC handlers, with one close() for graceful shutdown.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ConfigOf } from '@superagent/config';
import type { Logger } from '@superagent/logging';
import { TargetBreaker } from '@superagent/grpc';
import {
  closeRedis,
  createRedis,
  REDIS_BREAKER_OPTIONS,
  redisTargetOf,
  type Redis,
  type RedisSettings,
} from '@superagent/redis';
import { createCostClient, type CostClient } from '../clients/cost-client';
import { createRunnerClient, type RunnerClient } from '../clients/runner-client';
import { createScribeClient, type ScribeClient } from '../clients/scribe-client';
import { createMemoryTaskStore } from '../store/memory-task-store';
import { countsAsStoreFailure, createRedisTaskStore } from '../store/redis-task-store';
import type { TaskStore } from '../store/task-store';
import type { ApiKeyAuth } from '../auth/api-keys';
import type { pipelineConfigSpec } from './config-spec';
import { createPipelineHandlers, type PipelineHandlers } from './handlers';
import { createStageRunner, type RoutingCore } from './stages';
import { startPipelineWorkers, type PipelineWorkers } from './worker';

export type PipelineSettings = ConfigOf<typeof pipelineConfigSpec> &
  RedisSettings & {
    /** The router's own setting (its budget view reads the same service). */
    COST_ADDR: string;
  };

export interface PipelineOptions {
  settings: PipelineSettings;
  logger: Logger;
  routing: RoutingCore;
  /** The router's API keys: GetTask/WatchTask show a key only its own tenant's tasks. */
  auth?: ApiKeyAuth;
  /** Clients to use instead of ones built from the *_ADDR settings (e.g. shared with the routing core). */
  clients?: { scribe?: ScribeClient; runner?: RunnerClient; cost?: CostClient };
  /** Names this process in the work queue (default: host, pid and a random suffix). */
  consumer?: string;
}

export interface Pipeline {
  handlers: PipelineHandlers;
  store: TaskStore;
  workers: PipelineWorkers;
  /** Readiness: the store can take writes. */
  ready(): boolean;
  /** Reports readiness changes (checked every `intervalMs`) until close(): a Redis outage makes the router unready. */
  followReadiness(setServing: (serving: boolean) => void, intervalMs?: number): void;
  /**
   * The shutdown has begun: stop following readiness (the server is NOT_SERVING for good now) and,
   * with the Redis store, take no more tasks (other instances take them at once); running tasks
   * carry on.
   */
  beginShutdown(): Promise<void>;
  /**
   * Stops the workers (running tasks get up to `graceMs` more, then are abandoned for another
   * instance to resume), then closes the store and clients.
   */
  close(graceMs: number): Promise<void>;
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const s = options.settings;
  const logger = options.logger;
  const storeOptions = { ttlMs: s.PIPELINE_TASK_TTL_MS, leaseMs: s.PIPELINE_LEASE_MS };
  let redis: Redis | undefined;
  let redisBreaker: TargetBreaker | undefined;
  let store: TaskStore;
  if (s.PIPELINE_STORE === 'redis') {
    redis = createRedis({ name: 'router-tasks', ...redisTargetOf(s) }, logger);
    redisBreaker = new TargetBreaker('redis', REDIS_BREAKER_OPTIONS, logger, countsAsStoreFailure);
    store = await createRedisTaskStore(redis, {
      ...storeOptions,
      waitReplicas: s.PIPELINE_REDIS_WAIT_REPLICAS,
      waitTimeoutMs: s.PIPELINE_REDIS_WAIT_TIMEOUT_MS,
      logger,
      breaker: redisBreaker,
    });
  } else {
    store = createMemoryTaskStore(storeOptions);
  }
  const owned: { close(): void }[] = [];
  const own = <C extends { close(): void }>(c: C): C => {
    owned.push(c);
    return c;
  };
  const scribe =
    options.clients?.scribe ??
    own(
      createScribeClient(s.SCRIBE_ADDR, logger, {
        generateMs: s.PIPELINE_GENERATE_TIMEOUT_MS,
        rememberMs: s.PIPELINE_REMEMBER_TIMEOUT_MS,
      }),
    );
  const runner =
    options.clients?.runner ??
    own(createRunnerClient(s.RUNNER_ADDR, logger, { runMs: s.PIPELINE_RUN_TIMEOUT_MS }));
  const cost =
    options.clients?.cost ??
    own(createCostClient(s.COST_ADDR, logger, { defaultMs: s.PIPELINE_COST_TIMEOUT_MS }));

  const runStage = createStageRunner({
    routing: options.routing,
    scribe,
    runner,
    cost,
    policy: { defaultMaxAttempts: s.PIPELINE_MAX_ATTEMPTS, budgetAction: s.PIPELINE_BUDGET_ACTION },
    timeouts: {
      generateMs: s.PIPELINE_GENERATE_TIMEOUT_MS,
      runMs: s.PIPELINE_RUN_TIMEOUT_MS,
      costMs: s.PIPELINE_COST_TIMEOUT_MS,
      rememberMs: s.PIPELINE_REMEMBER_TIMEOUT_MS,
      unavailableMs: s.PIPELINE_UNAVAILABLE_RETRY_MS,
      overloadedMs: s.PIPELINE_OVERLOADED_RETRY_MS,
    },
    logger,
  });
  const consumer = options.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const workers = startPipelineWorkers(store, runStage, {
    consumer,
    concurrency: s.PIPELINE_CONCURRENCY,
    leaseMs: s.PIPELINE_LEASE_MS,
    logger,
  });
  logger.info(
    { store: s.PIPELINE_STORE, consumer, concurrency: s.PIPELINE_CONCURRENCY },
    'pipeline workers started',
  );

  const timers: NodeJS.Timeout[] = [];
  return {
    handlers: createPipelineHandlers({
      store,
      ...(options.auth === undefined ? {} : { auth: options.auth }),
      watchPollMs: s.PIPELINE_WATCH_POLL_MS,
    }),
    store,
    workers,
    ready: () => store.isReady(),
    followReadiness(setServing, intervalMs = 1_000) {
      let last = store.isReady();
      setServing(last);
      const timer = setInterval(() => {
        const now = store.isReady();
        if (now === last) return;
        last = now;
        logger.warn(
          { ready: now },
          now ? 'task store is back: serving' : 'task store unavailable: not serving',
        );
        setServing(now);
      }, intervalMs);
      timer.unref();
      timers.push(timer);
    },
    async beginShutdown() {
      for (const t of timers) clearInterval(t);
      // A shared queue has other takers; the embedded one has none, so its tasks still run here.
      if (s.PIPELINE_STORE === 'redis') await workers.stopTaking();
    },
    async close(graceMs) {
      for (const t of timers) clearInterval(t);
      await workers.stop(graceMs);
      // Also ends a claim still blocked in the store, and with it the workers' loop.
      await store.close();
      await workers.stopped;
      for (const c of owned) c.close();
      redisBreaker?.shutdown();
      if (redis) await closeRedis(redis);
    },
  };
}
