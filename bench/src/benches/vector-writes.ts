// Vector writes (issue 10, the original's scenario): 50 pattern upserts × 10 workers into scribe's
// pattern store through RememberPattern, then every vector and payload read back. Goals as the issue
// names them: P95 < 1 s, no corruption.
import { defineBench, goalsFor } from '../harness';
import { intOption } from '../options';
import { vectorWrites } from '../scenarios/vector-writes';

export const bench = defineBench({
  name: 'vector-writes',
  description:
    'vector writes: 50 × 10 RememberPattern upserts into scribe, all read back (P95 < 1 s, no corruption)',
  options: {
    workers: intOption('concurrent workers', 10, { min: 1 }),
    ops: intOption('RememberPattern upserts per worker', 50, { min: 1 }),
  },
  async run({ args }) {
    const { workers, ops } = args;
    const o = await vectorWrites(workers, ops);
    const figures = {
      writes: o.run.ops,
      writes_per_s: Math.round((o.run.ops / o.run.wallMs) * 1000),
      p50_ms: Number(o.run.latency.p50.toFixed(2)),
      p95_ms: Number(o.run.latency.p95.toFixed(2)),
      p99_ms: Number(o.run.latency.p99.toFixed(2)),
      errors: o.run.errors,
      checked: o.checked,
      corrupted: o.corrupted,
    };
    if (o.run.firstError) process.stderr.write(`vector-writes: first error: ${o.run.firstError}\n`);
    for (const p of o.problems) process.stderr.write(`vector-writes: ${p}\n`);
    return {
      bench: 'vector-writes',
      figures,
      goals: goalsFor(figures, {
        p95_ms: { op: '<=', target: 1_000 },
        corrupted: { op: '<=', target: 0 },
      }),
      notes: [
        `${workers} workers × ${ops} sequential RememberPattern calls; scribe (embedded store) + embedding (lexical) as processes`,
        'read-back: own description must find its pattern first with similarity ≥ 0.999, payload equal, per-site sets exact',
      ],
    };
  },
});
