// Redis pool stress, the original's scenario (100 ops × 20 workers: P95 < 100 ms, 0 errors; its pool
// of 10 connections raised errors instead of waiting, 80 % of them), against a real redis-server, two
// ways: (1) the shared client every service uses (@superagent/redis), each op a write and a read-back
// of the same key, as the original measured its pool; (2) the service path that writes Redis hardest,
// cost Record (COST_STORE=redis). Afterwards the tenant's report must hold every acknowledged record
// exactly once and their exact sum (the original's aggregates were read-modify-write and lost updates
// under concurrency).
import { startStack } from '@superagent/cli';
import { startRedisServer } from '@superagent/devkit';
import { createClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { closeRedis, createRedis } from '@superagent/redis';
import { runWorkers, type WorkersResult } from './workers';

export interface RedisPoolOutcome {
  /** The shared client directly: SET with a TTL, then GET and compare. */
  client: WorkersResult;
  /** cost Record through the service. */
  run: WorkersResult;
  /** Records the report counts for the tenant. */
  reported: number;
  /** Acknowledged records minus reported ones (lost: > 0; double-counted: < 0). */
  missing: number;
  /** |reported spend − acknowledged records × unit cost| in micro-dollars. */
  spendMismatchMicros: number;
}

export async function redisPoolStress(workers = 20, opsPerWorker = 100): Promise<RedisPoolOutcome> {
  const redis = await startRedisServer();
  try {
    const client = await sharedClientStress(redis.url, workers, opsPerWorker);
    const stack = await startStack({
      only: ['cost'],
      env: { LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0' },
      serviceEnv: { cost: { COST_STORE: 'redis', REDIS_URL: redis.url } },
    });
    const costClient = createClient(cost.CostServiceService, stack.address('cost'), {
      target: 'cost',
      defaultDeadlineMs: 10_000,
      logger: silentLogger(),
      breaker: false,
    });
    try {
      const tenant = `pool-${Date.now()}`;
      const usage = (key: string, t: string): cost.UsageRecord =>
        cost.UsageRecord.fromPartial({
          agent: 'scribe',
          model: 'claude-haiku-4-5',
          inputTokens: 1_200,
          outputTokens: 300,
          tenantId: t,
          featureId: 'pool-feature',
          idempotencyKey: key,
        });
      // The price of one record, from a record of another tenant: every load record costs the same.
      const probe = await costClient.unary('record', { record: usage(`probe-${tenant}`, `${tenant}-probe`) });
      const unit = probe.result?.costMicros ?? 0;
      if (unit <= 0) throw new Error('the probe record was not priced');
      let acknowledged = 0;
      const run = await runWorkers(workers, opsPerWorker, async (w, i) => {
        const res = await costClient.unary('record', { record: usage(`${tenant}-${w}-${i}`, tenant) });
        if (!res.result?.recorded) throw new Error(`record ${w}/${i} was not recorded`);
        acknowledged++;
      });
      const report = await costClient.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.TENANT,
        scopeId: tenant,
        trendDays: 0,
      });
      return {
        client,
        run,
        reported: report.count,
        missing: acknowledged - report.count,
        spendMismatchMicros: Math.abs(report.totalMicros - acknowledged * unit),
      };
    } finally {
      costClient.close();
      await stack.stop();
    }
  } finally {
    await redis.stop();
  }
}

async function sharedClientStress(
  url: string,
  workers: number,
  opsPerWorker: number,
): Promise<WorkersResult> {
  const redis = createRedis({ url, name: 'bench-pool' }, silentLogger());
  try {
    const prefix = `pool:${Date.now()}`;
    return await runWorkers(workers, opsPerWorker, async (w, i) => {
      const key = `${prefix}:${w}:${i}`;
      const value = `session ${w} op ${i}`;
      await redis.set(key, value, 'EX', 3600);
      const read = await redis.get(key);
      if (read !== value) throw new Error(`${key} read back ${JSON.stringify(read)}`);
    });
  } finally {
    await closeRedis(redis);
  }
}
