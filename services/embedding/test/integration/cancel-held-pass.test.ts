import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { EmbeddingModel } from '../../src/domain/model';
import { startWorkerModel } from '../../src/models/worker-model';
import type { ToWorker } from '../../src/models/worker-protocol';
import { gate, type GatedModel } from '../support/gated-model';
import { startService, waitUntil, type RunningService } from '../support/service';
import { recordWorkers } from '../support/worker-threads';

// Two worker-thread replicas and one pass more in flight (as main.ts runs them), behind the real
// service over gRPC; the gate holds passes after they left the batcher's queue.
describe('EmbeddingService: a pass whose only caller has gone is not computed (two replicas)', () => {
  let workerModel: EmbeddingModel;
  let model: GatedModel;
  let svc: RunningService;
  const computed: string[] = [];
  before(async () => {
    let workers: Worker[];
    ({ result: workerModel, workers } = await recordWorkers(() => startWorkerModel({ kind: 'lexical' }, 2)));
    // What reaches the model threads.
    for (const worker of workers) {
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message: ToWorker, transfer?: Parameters<Worker['postMessage']>[1]) => {
        if (message.type === 'embed') computed.push(...message.texts);
        post(message, transfer);
      };
    }
    model = gate(workerModel);
    svc = await startService(model, {
      cacheSize: 0,
      batch: { maxBatchSize: 1, maxWaitMs: 0, maxQueue: 16, concurrency: 3 },
      limits: { maxTexts: 4, maxTextChars: 200 },
    });
  });
  after(async () => {
    model.open();
    await svc.stop();
    await workerModel.close();
  });

  it('skips the pass once its caller cancelled, and answers the others', async () => {
    model.hold();
    const kept = ['kept one', 'kept two'].map((text) => svc.client.unary('embed', { texts: [text] }));
    const cancel = new AbortController();
    const cancelled = svc.client.unary(
      'embed',
      { texts: ['cancelled in its pass'] },
      { signal: cancel.signal },
    );
    await model.started(3);
    assert.equal(svc.stack.batcher.stats().queued, 0, 'all three passes have left the queue');
    cancel.abort();
    await assert.rejects(cancelled, { code: status.CANCELLED });
    const pass = model.batches.findIndex((texts) => texts.includes('cancelled in its pass'));
    await waitUntil(() => model.signals[pass]?.aborted === true, 'the cancelled pass to be given up');
    model.open();
    assert.deepEqual(
      (await Promise.all(kept)).map((res) => res.vectors.length),
      [1, 1],
    );
    assert.equal((await svc.client.unary('embed', { texts: ['after'] })).vectors.length, 1);
    assert.deepEqual([...computed].sort(), ['after', 'kept one', 'kept two']);
  });
});
