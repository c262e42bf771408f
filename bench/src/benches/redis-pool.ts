// Redis pool stress (issue 10, the original's scenario): 100 ops × 20 workers against a real
// redis-server, through the services' shared Redis client and through cost Record. Goals as the issue
// names them (P95 < 100 ms, 0 errors) for both; plus nothing acknowledged is lost or double counted.
import { defineBench, goalsFor } from '../harness';
import { intOption } from '../options';
import { redisPoolStress } from '../scenarios/redis-pool';

export const bench = defineBench({
  name: 'redis-pool',
  description:
    'Redis pool stress: 100 ops × 20 workers of cost Record on real Redis (P95 < 100 ms, 0 errors, exact report)',
  options: {
    workers: intOption('concurrent workers', 20, { min: 1 }),
    ops: intOption('sequential Record calls per worker', 100, { min: 1 }),
  },
  async run({ args }) {
    const { workers, ops } = args;
    const o = await redisPoolStress(workers, ops);
    const figures = {
      client_ops: o.client.ops,
      client_ops_per_s: Math.round((o.client.ops / o.client.wallMs) * 1000),
      client_p50_ms: Number(o.client.latency.p50.toFixed(2)),
      client_p95_ms: Number(o.client.latency.p95.toFixed(2)),
      client_p99_ms: Number(o.client.latency.p99.toFixed(2)),
      client_errors: o.client.errors,
      record_ops: o.run.ops,
      record_ops_per_s: Math.round((o.run.ops / o.run.wallMs) * 1000),
      record_p50_ms: Number(o.run.latency.p50.toFixed(2)),
      record_p95_ms: Number(o.run.latency.p95.toFixed(2)),
      record_p99_ms: Number(o.run.latency.p99.toFixed(2)),
      record_max_ms: Number(o.run.latency.max.toFixed(2)),
      record_errors: o.run.errors,
      lost_or_double_counted: Math.abs(o.missing),
      spend_mismatch_micros: o.spendMismatchMicros,
    };
    if (o.client.firstError) process.stderr.write(`redis-pool: first client error: ${o.client.firstError}\n`);
    if (o.run.firstError) process.stderr.write(`redis-pool: first error: ${o.run.firstError}\n`);
    return {
      bench: 'redis-pool',
      figures,
      goals: goalsFor(figures, {
        client_p95_ms: { op: '<=', target: 100 },
        client_errors: { op: '<=', target: 0 },
        record_p95_ms: { op: '<=', target: 100 },
        record_errors: { op: '<=', target: 0 },
        lost_or_double_counted: { op: '<=', target: 0 },
      }),
      notes: [
        `${workers} workers × ${ops} sequential ops; redis-server on loopback`,
        'client_*: the shared @superagent/redis client in this process, an op = SET EX + GET + compare',
        'record_*: cost Record over gRPC to one cost process (COST_STORE=redis)',
      ],
    };
  },
});
