// Redis pool stress (issue 10, the original's scenario): 100 ops × 20 workers through cost Record
// against a real redis-server. Goals as the issue names them: P95 < 100 ms, 0 errors; plus nothing
// acknowledged is lost or double counted in the report.
import { goalsFor, type Bench } from '../harness';
import { redisPoolStress } from '../scenarios/redis-pool';

export const bench: Bench = {
  name: 'redis-pool',
  description:
    'Redis pool stress: 100 ops × 20 workers of cost Record on real Redis (P95 < 100 ms, 0 errors, exact report)',
  async run({ args }) {
    const workers = Number(args.workers ?? 20);
    const ops = Number(args.ops ?? 100);
    const o = await redisPoolStress(workers, ops);
    const figures = {
      ops: o.run.ops,
      ops_per_s: Math.round((o.run.ops / o.run.wallMs) * 1000),
      p50_ms: Number(o.run.latency.p50.toFixed(2)),
      p95_ms: Number(o.run.latency.p95.toFixed(2)),
      p99_ms: Number(o.run.latency.p99.toFixed(2)),
      max_ms: Number(o.run.latency.max.toFixed(2)),
      errors: o.run.errors,
      lost_or_double_counted: Math.abs(o.missing),
      spend_mismatch_micros: o.spendMismatchMicros,
    };
    if (o.run.firstError) process.stderr.write(`redis-pool: first error: ${o.run.firstError}\n`);
    return {
      bench: 'redis-pool',
      figures,
      goals: goalsFor(figures, {
        p95_ms: { op: '<=', target: 100 },
        errors: { op: '<=', target: 0 },
        lost_or_double_counted: { op: '<=', target: 0 },
      }),
      notes: [
        `${workers} workers × ${ops} sequential Record calls, one cost process (COST_STORE=redis) + redis-server on loopback`,
      ],
    };
  },
};
