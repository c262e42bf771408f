// Multi-process load driver: one Node gRPC client saturates a core here, so in-flight calls are
// spread over several client processes that start measuring together.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { summarize, type LatencySummary } from '../stats';
import { sendToWorker, watchWorker } from './ipc';
import type { LoadSpec, ParentMessage, TargetReport } from './spec';

export type { LoadSpec } from './spec';

export interface LoadResult {
  call: string;
  count: number;
  errors: number;
  rps: number;
  latency: LatencySummary;
  statusCodes: Record<string, number>;
  measuredMs: number;
  firstError?: string;
  /** The `alternateWith` target, measured in the same rounds. */
  alternate?: LoadResult;
}

const WORKER = join(__dirname, 'worker.js');

function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.concurrency < 1) throw new Error('concurrency must be ≥ 1');
  if (spec.alternateWith && (spec.concurrency !== 1 || spec.total !== undefined)) {
    throw new Error('alternateWith needs concurrency 1 and a duration, not a total');
  }
  const processes = Math.min(spec.processes ?? 2, spec.concurrency);
  const shares = spread(spec.concurrency, processes);
  const totals = spec.total === undefined ? undefined : spread(spec.total, processes);
  // ghz skips the first N responses of the whole run, not N per client process.
  const skips = spread(spec.skipFirst ?? 0, processes);
  const children: ChildProcess[] = shares.map(() =>
    fork(WORKER, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, OTEL_SDK_DISABLED: 'true' },
    }),
  );
  try {
    const watches = children.map((child, i) => {
      const watch = watchWorker(child);
      const message: ParentMessage = {
        type: 'spec',
        spec: { ...spec, skipFirst: skips[i] },
        concurrency: shares[i]!,
        total: totals?.[i],
        workerId: i,
      };
      sendToWorker(child, message);
      return watch;
    });
    await Promise.all(watches.map((w) => w.ready));
    for (const child of children) sendToWorker(child, { type: 'start' });
    const reports = await Promise.all(watches.map((w) => w.report));
    const result = merge(spec.call, reports);
    if (spec.alternateWith) {
      const alternates = reports.flatMap((r) =>
        r.alternate ? [{ ...r.alternate, measuredMs: r.measuredMs }] : [],
      );
      result.alternate = merge(spec.alternateWith.call, alternates);
    }
    return result;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function merge(call: string, reports: Array<TargetReport & { measuredMs: number }>): LoadResult {
  const latencies = reports.flatMap((r) => r.latenciesMs);
  const statusCodes: Record<string, number> = {};
  for (const r of reports)
    for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const measuredMs = Math.max(...reports.map((r) => r.measuredMs));
  const errors = latencies.length - (statusCodes.OK ?? 0);
  return {
    call,
    count: latencies.length,
    errors,
    rps: measuredMs > 0 ? (latencies.length / measuredMs) * 1000 : 0,
    latency: summarize(latencies),
    statusCodes,
    measuredMs,
    firstError: reports.find((r) => r.firstError)?.firstError,
  };
}

/** grpc status name for a code number, for summaries. */
export function statusName(code: number): string {
  return grpc.status[code] ?? String(code);
}
