// The runner downstream: one Explore bidi stream per generation, driven request/answer.
import type * as grpc from '@grpc/grpc-js';
import { type CallContext, createClient, type GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { runner } from '@superagent/proto';

export type RunnerClient = GrpcClient<typeof runner.RunnerServiceService>;

export function createRunnerClient(address: string, logger: Logger): RunnerClient {
  return createClient(runner.RunnerServiceService, address, {
    target: 'runner',
    defaultDeadlineMs: 60_000,
    logger,
  });
}

export interface ExploreAnswer {
  ok: boolean;
  error: string;
  snapshot: runner.Snapshot | undefined;
  changes: runner.Changes | undefined;
  durationMs: number;
  /** The runner's fixture files (answer to open only). */
  fixtureFiles: string[];
}

/** A page being explored: every call sends one command and waits for its answer. */
export interface ExploreStream {
  act(act: Partial<runner.ExploreAct>): Promise<ExploreAnswer>;
  close(): Promise<void>;
}

export interface OpenExploreOptions {
  url: string;
  deadlineMs: number;
  actionTimeoutMs: number;
  parent?: CallContext;
  maxSnapshotNodes?: number;
}

/** Opens an Explore stream and the page; rejects with the runner's error when the page cannot be opened. */
export async function openExplore(
  client: RunnerClient,
  opts: OpenExploreOptions,
): Promise<{ stream: ExploreStream; first: ExploreAnswer }> {
  const call = client.bidi('explore', {
    deadlineMs: opts.deadlineMs,
    ...(opts.parent ? { parent: opts.parent } : {}),
  });
  const reader = new AnswerReader(call);
  const send = async (req: runner.ExploreRequest): Promise<ExploreAnswer> => {
    call.write(req);
    const res = await reader.next();
    return {
      ok: res.ok,
      error: res.error,
      snapshot: res.snapshot,
      changes: res.changes,
      durationMs: Number(res.durationMs),
      fixtureFiles: res.fixtureFiles,
    };
  };
  const first = await send(
    runner.ExploreRequest.fromPartial({
      open: {
        url: opts.url,
        actionTimeoutMs: opts.actionTimeoutMs,
        maxSnapshotNodes: opts.maxSnapshotNodes ?? 0,
      },
    }),
  ).catch((err: unknown) => {
    call.cancel();
    throw err;
  });
  let closed = false;
  const stream: ExploreStream = {
    act: (act) => send(runner.ExploreRequest.fromPartial({ act })),
    async close() {
      if (closed) return;
      closed = true;
      try {
        call.write(runner.ExploreRequest.fromPartial({ close: {} }));
        call.end();
        await reader.next().catch(() => undefined);
      } finally {
        call.cancel();
      }
    },
  };
  if (!first.ok) {
    await stream.close();
    throw new Error(`could not open ${opts.url}: ${first.error}`);
  }
  return { stream, first };
}

/** Turns the duplex stream's events into awaitable answers, one per request. */
class AnswerReader {
  private readonly queue: runner.ExploreResponse[] = [];
  private waiting: { resolve: (r: runner.ExploreResponse) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(call: grpc.ClientDuplexStream<runner.ExploreRequest, runner.ExploreResponse>) {
    call.on('data', (res: runner.ExploreResponse) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w.resolve(res);
      } else this.queue.push(res);
    });
    const fail = (err: Error): void => {
      this.failure ??= err;
      const w = this.waiting;
      this.waiting = undefined;
      w?.reject(this.failure);
    };
    call.on('error', fail);
    call.on('end', () => fail(new Error('explore stream ended')));
  }

  next(): Promise<runner.ExploreResponse> {
    const ready = this.queue.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
}
