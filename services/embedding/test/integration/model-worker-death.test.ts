import assert from 'node:assert/strict';
import type { Worker } from 'node:worker_threads';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import type { EmbeddingModel } from '../../src/domain/model';
import { startWorkerModel } from '../../src/models/worker-model';
import { startService, waitUntil, type RunningService } from '../support/service';
import { recordWorkers } from '../support/worker-threads';

// The model in two worker threads, as main.ts runs it, behind the real service over gRPC; a test
// ends a thread from outside as a fatal error in it would.
describe('EmbeddingService when a model worker thread dies (lexical, two replicas)', () => {
  let model: EmbeddingModel;
  let workers: Worker[];
  let svc: RunningService;
  const crashes: Error[] = [];
  before(async () => {
    ({ result: model, workers } = await recordWorkers(() =>
      startWorkerModel({ kind: 'lexical' }, 2, (err) => crashes.push(err)),
    ));
    svc = await startService(model, {
      cacheSize: 0,
      batch: { maxBatchSize: 8, maxWaitMs: 2, maxQueue: 64, concurrency: 3 },
      limits: { maxTexts: 8, maxTextChars: 200 },
    });
  });
  after(async () => {
    await svc.stop();
    await model.close();
  });

  it('keeps answering on the surviving replica, and answers UNAVAILABLE once none is left', async () => {
    assert.equal(workers.length, 2);
    const [first, second] = workers;
    await first?.terminate();
    await waitUntil(() => crashes.length === 1, 'the first crash to be reported');
    // Sequential calls: each finds the dead replica idle first in the pool.
    for (let i = 0; i < 4; i++) {
      const res = await svc.client.unary('embed', { texts: [`after one crash ${i}`] });
      assert.equal(res.vectors.length, 1, `call ${i}`);
    }
    const concurrent = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        svc.client.unary('embed', { texts: [`concurrent ${i}`, `more ${i}`] }),
      ),
    );
    assert.ok(concurrent.every((res) => res.vectors.length === 2));

    await second?.terminate();
    await waitUntil(() => crashes.length === 2, 'the second crash to be reported');
    await assert.rejects(svc.client.unary('embed', { texts: ['after both crashed'] }), {
      code: status.UNAVAILABLE,
    });
  });
});

describe('a pass in flight when its model thread dies (lexical, two replicas)', () => {
  it('is answered by the surviving replica, once', async () => {
    const crashes: Error[] = [];
    const { result: model, workers } = await recordWorkers(() =>
      startWorkerModel({ kind: 'lexical' }, 2, (err) => crashes.push(err)),
    );
    try {
      // Long unknown words keep the lexical model busy for a while (tens of ms a text), so the
      // pass is still running when its thread is ended.
      const texts = Array.from({ length: 20 }, (_, i) =>
        Array.from({ length: 40 }, (_, w) => `zq${i}x${w}vbnmqwrtzpkl`).join(' '),
      );
      const inFlight = model.embedBatch(texts);
      // The pass went to the first idle replica: the first thread.
      await workers[0]?.terminate();
      const vectors = await inFlight;
      assert.equal(vectors.length, texts.length);
      assert.equal(crashes.length, 1);
      // The same vectors the surviving replica computes for them now.
      assert.deepEqual(await model.embedBatch(texts), vectors);
      // A second death leaves nobody to retry on: the pass fails.
      const last = model.embedBatch(texts);
      await workers[1]?.terminate();
      await assert.rejects(last, /model worker exited/);
    } finally {
      await model.close();
    }
  });
});
