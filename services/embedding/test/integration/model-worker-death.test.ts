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
