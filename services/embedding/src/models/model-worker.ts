import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddingModel } from '../domain/model';
import { isModelSpec, loadModel } from './model-spec';
import type { FromWorker, ToWorker } from './worker-protocol';

/**
 * Worker-thread entry: loads the model named by workerData and runs forward passes on request.
 * onnxruntime-node runs inference synchronously on the calling thread; here that thread is not
 * the one serving gRPC, so health checks, cache hits and queueing continue during a pass.
 */
const port = parentPort;
if (!port) throw new Error('model-worker must run in a worker thread');
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

let model: EmbeddingModel | undefined;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'close') {
    const closing = model ? model.close() : Promise.resolve();
    closing.then(
      () => send({ type: 'closed' }),
      () => send({ type: 'closed' }),
    );
    return;
  }
  if (!model) {
    send({ type: 'error', id: msg.id, message: 'model not loaded' });
    return;
  }
  // A model that throws instead of rejecting (the lexical one computes synchronously) fails this
  // pass only: thrown here, the error would end the thread and with it the replica.
  const loaded = model;
  new Promise<Float32Array[]>((resolve) => resolve(loaded.embedBatch(msg.texts))).then(
    (vectors) => {
      const buffers = vectors.map((v) => v.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
      send({ type: 'vectors', id: msg.id, vectors }, buffers);
    },
    (err: unknown) => send({ type: 'error', id: msg.id, message: message(err) }),
  );
});

const spec: unknown = workerData;
(isModelSpec(spec) ? loadModel(spec) : Promise.reject(new Error('model worker: invalid model spec'))).then(
  (loaded) => {
    model = loaded;
    send({ type: 'ready', info: loaded.info });
  },
  (err: unknown) => send({ type: 'failed', message: message(err) }),
);
