import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddingModel, ModelInfo } from '../domain/model';
import type { ModelSpec } from './model-spec';
import type { FromWorker, ToWorker } from './worker-protocol';

interface Pending {
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (err: Error) => void;
}

/**
 * An EmbeddingModel whose forward passes run in a worker thread (see model-worker.ts). Resolves
 * once the worker has loaded the model; a worker that dies fails every pending and later call.
 */
export function startWorkerModel(spec: ModelSpec): Promise<EmbeddingModel> {
  // execArgv [] keeps --require hooks (telemetry) out of the worker: it has no I/O to trace.
  const worker = new Worker(join(__dirname, 'model-worker.js'), { workerData: spec, execArgv: [] });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let dead: Error | undefined;
  let onClosed: (() => void) | undefined;

  const failAll = (err: Error): void => {
    dead ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return new Promise<EmbeddingModel>((resolveModel, rejectModel) => {
    worker.on('error', (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      failAll(error);
      rejectModel(error);
    });
    worker.on('exit', (code) => {
      failAll(new Error(`model worker exited with code ${code}`));
      rejectModel(new Error(`model worker exited with code ${code} before the model loaded`));
      onClosed?.();
    });
    worker.on('message', (msg: FromWorker) => {
      switch (msg.type) {
        case 'ready':
          resolveModel(wrap(msg.info));
          break;
        case 'failed':
          rejectModel(new Error(msg.message));
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

  function wrap(info: ModelInfo): EmbeddingModel {
    return {
      info,
      embedBatch(texts) {
        if (dead) return Promise.reject(dead);
        const id = nextId++;
        return new Promise<Float32Array[]>((resolve, reject) => {
          pending.set(id, { resolve, reject });
          const message: ToWorker = { type: 'embed', id, texts };
          worker.postMessage(message);
        });
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
  }
}
