// Cost service write throughput (issue 6): single `Record` and batched `RecordBatch` over gRPC
// against a real redis-server, the service running as its own process the way production runs it.
// Goal: ≥ 20,000 records/s batched. Afterwards the report must account for every acknowledged
// record exactly once (no loss, no double count), and the same batched load is repeated with a
// replica and WAIT 1 (acknowledged only after replication, as behind Sentinel).
import { startRedisServer, startServiceProcess, type RedisServer } from '@superagent/devkit';
import { createClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { cost, serviceNames } from '@superagent/proto';
import { defineBench, goalsFor } from '../harness';
import { intOption } from '../options';
import { runLoad, type LoadResult } from '../load/driver';

const RECORD = `${serviceNames.cost}/Record`;
const RECORD_BATCH = `${serviceNames.cost}/RecordBatch`;

/**
 * One usage, with proto field names (snake_case, as ghz configs write them; the load worker checks
 * them against UsageRecord and also takes JSON names). Keys are unique per call (ghz template
 * actions), so nothing is a duplicate; agents, models and sessions vary as a pipeline's records do.
 */
function usage(tenant: string, i: number, key: string): Record<string, unknown> {
  const models = ['claude-haiku-4-5', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'local'];
  return {
    agent: ['scribe', 'critic', 'runner'][i % 3],
    model: models[i % models.length],
    input_tokens: 1_000 + i,
    output_tokens: 200 + i,
    feature_id: `feature-${i % 7}`,
    session_id: `session-{{.WorkerID}}-${i % 5}`,
    tenant_id: tenant,
    task_id: `task-${i}`,
    idempotency_key: key,
  };
}

async function reportedCount(address: string, tenant: string): Promise<number> {
  const client = createClient(cost.CostServiceService, address, {
    target: 'cost',
    defaultDeadlineMs: 10_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    return (
      await client.unary('getReport', {
        tenantId: '',
        scope: cost.ReportScope.TENANT,
        scopeId: tenant,
        trendDays: 0,
      })
    ).count;
  } finally {
    client.close();
  }
}

function ok(result: LoadResult): number {
  return result.statusCodes.OK ?? 0;
}

function warnErrors(what: string, result: LoadResult): void {
  if (result.errors > 0)
    process.stderr.write(
      `cost bench (${what}): ${result.errors} failed calls, first: ${result.firstError}\n`,
    );
}

export const bench = defineBench({
  name: 'cost',
  description:
    'cost service Record vs RecordBatch over gRPC against real Redis (records/s, exact accounting, WAIT 1)',
  options: {
    durationMs: intOption('measured time of each load run', 5_000, { min: 100 }),
    batch: intOption('records per RecordBatch call', 200, { min: 1, max: 1_000 }),
    processes: intOption('client processes sending', 2, { min: 1, max: 64 }),
    concurrency: intOption('single Record calls in flight', 32, { min: 1 }),
    batchConcurrency: intOption('RecordBatch calls in flight', 8, { min: 1 }),
  },
  async run({ args }) {
    const { durationMs, processes, batchConcurrency } = args;
    const batchSize = args.batch;
    const singleConcurrency = args.concurrency;
    const started: { stop(): Promise<unknown> }[] = [];
    try {
      const master: RedisServer = await startRedisServer();
      started.push(master);
      const svc = await startServiceProcess('cost', { env: { COST_STORE: 'redis', REDIS_URL: master.url } });
      started.push(svc.process);

      // Unique keys per call: `{{.WorkerID}}-{{.RequestNumber}}` (+ the record's index in a batch).
      const single = await runLoad({
        address: svc.address,
        call: RECORD,
        data: [{ record: usage('bench-single', 0, 's-{{.WorkerID}}-{{.RequestNumber}}') }],
        concurrency: singleConcurrency,
        processes,
        warmupMs: 1_000,
        durationMs,
      });
      warnErrors('Record', single);

      const batchRequest = (tenant: string, prefix: string) => ({
        records: Array.from({ length: batchSize }, (_, i) =>
          usage(tenant, i, `${prefix}-{{.WorkerID}}-{{.RequestNumber}}-${i}`),
        ),
      });
      const batched = await runLoad({
        address: svc.address,
        call: RECORD_BATCH,
        data: [batchRequest('bench-batch', 'b')],
        concurrency: batchConcurrency,
        processes,
        warmupMs: 1_000,
        durationMs,
      });
      warnErrors('RecordBatch', batched);

      // Accounting check: runs bounded by a call count (no warm-up, every call awaited), then
      // every acknowledged record must appear in the report exactly once.
      const exactSingle = await runLoad({
        address: svc.address,
        call: RECORD,
        data: [{ record: usage('bench-exact', 0, 'xs-{{.WorkerID}}-{{.RequestNumber}}') }],
        concurrency: singleConcurrency,
        processes,
        total: 2_000,
      });
      const exactBatch = await runLoad({
        address: svc.address,
        call: RECORD_BATCH,
        data: [batchRequest('bench-exact', 'xb')],
        concurrency: batchConcurrency,
        processes,
        total: 100,
      });
      const exactErrors = exactSingle.errors + exactBatch.errors;
      const counted = await reportedCount(svc.address, 'bench-exact');
      const acknowledged = ok(exactSingle) + ok(exactBatch) * batchSize;
      await svc.process.stop();

      // The same batched load, acknowledged only after a replica has the write (WAIT 1).
      const replica = await startRedisServer({ replicaOf: { host: master.host, port: master.port } });
      started.push(replica);
      const waiting = await startServiceProcess('cost', {
        env: {
          COST_STORE: 'redis',
          REDIS_URL: master.url,
          COST_WAIT_REPLICAS: '1',
        },
      });
      started.push(waiting.process);
      const batchedWait = await runLoad({
        address: waiting.address,
        call: RECORD_BATCH,
        data: [batchRequest('bench-wait', 'w')],
        concurrency: batchConcurrency,
        processes,
        warmupMs: 1_000,
        durationMs,
      });
      warnErrors('RecordBatch WAIT 1', batchedWait);

      const singleRps = single.rps;
      const batchedRecords = batched.rps * batchSize;
      const figures = {
        single_records_per_s: Math.round(singleRps),
        single_p50_ms: single.latency.p50,
        single_p99_ms: single.latency.p99,
        batched_records_per_s: Math.round(batchedRecords),
        batched_calls_per_s: Math.round(batched.rps),
        batched_p50_ms: batched.latency.p50,
        batched_p99_ms: batched.latency.p99,
        batched_over_single: Number((batchedRecords / Math.max(singleRps, 1)).toFixed(1)),
        batched_wait1_records_per_s: Math.round(batchedWait.rps * batchSize),
        batched_wait1_p99_ms: batchedWait.latency.p99,
        errors: single.errors + batched.errors + batchedWait.errors + exactErrors,
        accounted_records: counted,
        // Acknowledged records missing from the report or counted twice: must be 0. A failed call
        // may or may not have landed, so with errors the check is inconclusive (-1, and errors > 0).
        accounting_mismatch: exactErrors > 0 ? -1 : Math.abs(counted - acknowledged),
      };
      return {
        bench: 'cost',
        figures,
        goals: goalsFor(figures, {
          batched_records_per_s: { op: '>=', target: 20_000 },
          errors: { op: '<=', target: 0 },
          accounting_mismatch: { op: '<=', target: 0 },
        }),
        notes: [
          `Record: ${singleConcurrency} in flight; RecordBatch: ${batchSize} records a call, ${batchConcurrency} in flight; ${processes} client processes, ${durationMs} ms after 1 s warm-up`,
          'one cost process (COST_STORE=redis) + one redis-server 7 on loopback; WAIT 1 run adds one replica',
        ],
      };
    } finally {
      for (const s of started.reverse()) await s.stop().catch(() => undefined);
    }
  },
});
