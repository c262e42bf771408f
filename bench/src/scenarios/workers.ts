// The original's scenario shape: N workers, each doing M operations one after another, all workers at
// once. Every operation is timed; a failure is counted (with the first message kept), never thrown.
import { summarize, type LatencySummary } from '../stats';

export interface WorkersResult {
  ops: number;
  errors: number;
  firstError?: string;
  latency: LatencySummary;
  wallMs: number;
}

export async function runWorkers(
  workers: number,
  opsPerWorker: number,
  op: (worker: number, index: number) => Promise<void>,
): Promise<WorkersResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < opsPerWorker; i++) {
        const began = performance.now();
        try {
          await op(w, i);
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
        latencies.push(performance.now() - began);
      }
    }),
  );
  return {
    ops: latencies.length,
    errors,
    firstError,
    latency: summarize(latencies),
    wallMs: performance.now() - t0,
  };
}
