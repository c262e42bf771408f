import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { embedding } from '@superagent/proto';
import type { EmbeddingModel } from '../../src/domain/model';
import { startWorkerModel } from '../../src/models/worker-model';
import { TINY_MODEL_DIR } from '../support/paths';
import { startService, type RunningService } from '../support/service';

describe('EmbeddingService over gRPC (transformer fixture, two worker-thread replicas)', () => {
  let model: EmbeddingModel;
  let svc: RunningService;
  before(async () => {
    model = await startWorkerModel(
      {
        kind: 'transformer',
        dir: TINY_MODEL_DIR,
        quantized: false,
        maxTokens: 128,
        threads: 1,
      },
      2,
    );
    svc = await startService(model, {
      cacheSize: 0,
      batch: { maxBatchSize: 16, maxWaitMs: 2, maxQueue: 64, concurrency: 2 },
      limits: { maxTexts: 16, maxTextChars: 500 },
    });
  });
  after(async () => {
    await svc.stop();
    await model.close();
  });

  it('loads the fixture offline and returns normalised vectors of its dimension, in order', async () => {
    const texts = ['Sign in', 'Add the product to the cart and pay', 'Search'];
    const res = await svc.client.unary('embed', { texts });
    assert.equal(res.modelName, 'superagent-fixture-tiny-bert-random');
    assert.equal(res.dimension, 32);
    assert.equal(res.vectors.length, 3);
    for (const [i, text] of texts.entries()) {
      const values = res.vectors[i]?.values ?? [];
      assert.equal(values.length, 32);
      assert.ok(Math.abs(Math.hypot(...values) - 1) < 1e-5);
      const alone = await svc.client.unary('embed', { texts: [text] });
      const single = alone.vectors[0]?.values ?? [];
      assert.ok(
        values.every((x, d) => Math.abs(x - (single[d] ?? NaN)) < 1e-4),
        `text ${i} differs batched vs alone`,
      );
    }
  });

  it('says in GetInfo that the fixture is a transformer whose vectors are not semantic', async () => {
    const info = await svc.client.unary('getInfo', {});
    assert.equal(info.kind, embedding.ModelKind.TRANSFORMER);
    assert.equal(info.semantic, false);
    assert.equal(info.modelRevision, model.info.revision);
  });
});
