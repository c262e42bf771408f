import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { abortReason } from '../domain/micro-batcher';
import { type EmbeddingModel, type ModelInfo, ModelUnavailableError } from '../domain/model';
import type { ModelSpec } from './model-spec';
import type { FromWorker, ToWorker } from './worker-protocol';

interface Pending {
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (err: Error) => void;
}

interface Replica {
  readonly info: ModelInfo;
  inFlight: number;
  /** False once its thread has exited (a crash, or close()). */
  readonly alive: boolean;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

/** One worker thread holding one copy of the model (see model-worker.ts). */
function startReplica(spec: ModelSpec, onCrash: (err: Error) => void): Promise<Replica> {
  // execArgv [] keeps --require hooks (telemetry) out of the worker: it has no I/O to trace.
  const worker = new Worker(join(__dirname, 'model-worker.js'), { workerData: spec, execArgv: [] });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | undefined;
  let onClosed: (() => void) | undefined;
  let ready = false;

  const failAll = (err: Error): void => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return new Promise<Replica>((resolveReplica, rejectReplica) => {
    worker.on('error', (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      failAll(error);
      rejectReplica(error);
    });
    worker.on('exit', (code) => {
      const err = new Error(`model worker exited with code ${code}`);
      // Exiting after the model loaded and before close() was asked for is a crash.
      if (ready && !onClosed) onCrash(err);
      failAll(err);
      rejectReplica(new Error(`model worker exited with code ${code} before the model loaded`));
      onClosed?.();
    });
    worker.on('message', (msg: FromWorker) => {
      switch (msg.type) {
        case 'ready':
          ready = true;
          resolveReplica(replica(msg.info));
          break;
        case 'failed':
          rejectReplica(new Error(msg.message));
          void worker.terminate();
          break;
        case 'vectors':
        case 'error': {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (msg.type === 'vectors') p?.resolve(msg.vectors);
          else p?.reject(new Error(msg.message));
          break;
        }
        case 'closed':
          void worker.terminate();
          break;
      }
    });
  });

  function replica(info: ModelInfo): Replica {
    const self: Replica = {
      info,
      inFlight: 0,
      get alive() {
        return dead === undefined;
      },
      async embed(texts) {
        if (dead) throw dead;
        const id = nextId++;
        self.inFlight++;
        try {
          return await new Promise<Float32Array[]>((resolve, reject) => {
            pending.set(id, { resolve, reject });
            const message: ToWorker = { type: 'embed', id, texts };
            worker.postMessage(message);
          });
        } finally {
          self.inFlight--;
        }
      },
      close() {
        if (dead) return Promise.resolve();
        return new Promise<void>((resolve) => {
          onClosed = resolve;
          const message: ToWorker = { type: 'close' };
          worker.postMessage(message);
        });
      },
    };
    return self;
  }
}

/**
 * An EmbeddingModel whose forward passes run in `replicas` worker threads, each with its own copy
 * of the model; a pass goes to an idle replica, or waits for the first to finish. Resolves once every
 * replica has loaded.
 * Several single-threaded replicas can beat one multi-threaded model on a loaded machine: no
 * thread waits at another's barrier when the gRPC thread takes a core for a moment.
 */
export async function startWorkerModel(
  spec: ModelSpec,
  replicas = 1,
  /** Called if a replica's thread dies after loading (its calls then fail); e.g. to go NOT_SERVING. */
  onCrash: (err: Error) => void = () => undefined,
): Promise<EmbeddingModel> {
  const started = await Promise.allSettled(
    Array.from({ length: Math.max(1, replicas) }, () => startReplica(spec, onCrash)),
  );
  const pool = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(pool.map((r) => r.close()));
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const [first] = pool;
  if (!first) throw new Error('no model replica started');
  // Passes beyond the replicas wait here, not in a replica's own queue: the next one goes to
  // whichever replica finishes first, never behind a slower pass on another. A replica whose thread
  // died takes no more passes; the others carry on until the process is restarted.
  interface Held {
    readonly texts: readonly string[];
    readonly signal: AbortSignal | undefined;
    readonly retry: boolean;
    readonly resolve: (v: Float32Array[]) => void;
    readonly reject: (e: unknown) => void;
  }
  const waiting: Held[] = [];
  const noneAlive = (): ModelUnavailableError =>
    new ModelUnavailableError(`all ${pool.length} model worker threads have died`);
  const pump = (): void => {
    for (let free = idle(); free && waiting.length > 0; free = idle()) {
      const next = waiting.shift();
      if (next) run(free, next.texts, next.signal, next.retry).then(next.resolve, next.reject);
    }
    if (!pool.some((r) => r.alive)) for (const next of waiting.splice(0)) next.reject(noneAlive());
  };
  const idle = (): Replica | undefined => pool.find((r) => r.alive && r.inFlight === 0);
  // A pass whose thread died under it goes once more to a surviving replica: a pass is a pure
  // function of its texts, and a thread's death need not be its doing (the pre-warm passes of a
  // start-up met a thread that died just after loading, and the start failed). Only once, so a
  // pass that does kill threads costs at most one more.
  const run = (
    replica: Replica,
    texts: readonly string[],
    signal: AbortSignal | undefined,
    retry: boolean,
  ): Promise<Float32Array[]> =>
    replica.embed(texts).then(
      (vectors) => {
        pump();
        return vectors;
      },
      (err: unknown) => {
        pump();
        if (retry || replica.alive || !pool.some((r) => r.alive)) throw err;
        return submit(texts, signal, true);
      },
    );
  const submit = (
    texts: readonly string[],
    signal: AbortSignal | undefined,
    retry: boolean,
  ): Promise<Float32Array[]> => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    const free = idle();
    if (free) return run(free, texts, signal, retry);
    if (!pool.some((r) => r.alive)) return Promise.reject(noneAlive());
    if (!signal)
      return new Promise((resolve, reject) => waiting.push({ texts, signal, retry, resolve, reject }));
    // A held pass that nobody waits for any more leaves at once instead of taking a replica.
    let onAbort = (): void => undefined;
    return new Promise<Float32Array[]>((resolve, reject) => {
      const held: Held = { texts, signal, retry, resolve, reject };
      onAbort = () => {
        const at = waiting.indexOf(held);
        if (at < 0) return; // a replica has taken it: it runs to its end
        waiting.splice(at, 1);
        reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiting.push(held);
    }).finally(() => signal.removeEventListener('abort', onAbort));
  };
  return {
    info: first.info,
    embedBatch: (texts, signal) => submit(texts, signal, false),
    async close() {
      await Promise.all(pool.map((r) => r.close()));
    },
  };
}
