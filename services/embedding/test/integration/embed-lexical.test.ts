import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { embedding } from '@superagent/proto';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { gate, type GatedModel } from '../support/gated-model';
import { startService, waitForQueued, waitUntil, type RunningService } from '../support/service';

const lexical = createLexicalModel();
const direct = async (text: string): Promise<number[]> =>
  Array.from((await lexical.embedBatch([text]))[0] ?? []);
const closeTo = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((x, i) => Math.abs(x - (b[i] ?? NaN)) < 1e-6);

describe('EmbeddingService over gRPC (lexical model)', () => {
  let model: GatedModel;
  let svc: RunningService;
  before(async () => {
    model = gate(lexical);
    svc = await startService(model, {
      cacheSize: 100,
      batch: { maxBatchSize: 8, maxWaitMs: 2, maxQueue: 16 },
      limits: { maxTexts: 8, maxTextChars: 200 },
    });
  });
  after(async () => {
    model.open();
    await svc.stop();
  });

  it('returns normalised vectors stamped with the model name, revision and dimension', async () => {
    const res = await svc.client.unary('embed', { texts: ['Log in', 'Add to cart'] });
    assert.equal(res.modelName, 'superagent-lexical-wordnet31');
    assert.equal(res.modelRevision, lexical.info.revision);
    assert.equal(res.dimension, lexical.info.dimension);
    assert.equal(res.vectors.length, 2);
    assert.ok(closeTo(res.vectors[0]?.values ?? [], await direct('Log in')));
    for (const v of res.vectors) {
      assert.ok(Math.abs(Math.hypot(...v.values) - 1) < 1e-5);
    }
  });

  it('gives a unit vector to a text whose hashed features cancel out', async () => {
    // One unknown character: its identity feature and its one n-gram hash to the same dimension
    // with opposite signs (about 1 in 1,000 such texts; 21 of the CJK ideographs).
    const texts = ['様', '亳', '祠', '亳｜'];
    const res = await svc.client.unary('embed', { texts });
    assert.equal(res.vectors.length, texts.length);
    for (const [i, v] of res.vectors.entries()) {
      assert.ok(
        Math.abs(Math.hypot(...v.values) - 1) < 1e-5,
        `${texts[i]}: |v| = ${Math.hypot(...v.values)}`,
      );
    }
  });

  it('gives concurrent callers each their own vector, batched together', async () => {
    model.hold();
    const blocker = svc.client.unary('embed', { texts: ['blocking pass'] });
    await model.started(model.batches.length + 1);
    const before = model.batches.length;
    const texts = Array.from({ length: 12 }, (_, i) => `open settings page number ${i}`);
    const calls = texts.map((text) => svc.client.unary('embed', { texts: [text] }));
    await waitForQueued(svc.stack, 12);
    model.open();
    const responses = await Promise.all(calls);
    await blocker;
    assert.deepEqual(
      model.batches.slice(before).map((b) => b.length),
      [8, 4],
    );
    for (const [i, res] of responses.entries()) {
      assert.equal(res.vectors.length, 1);
      assert.ok(closeTo(res.vectors[0]?.values ?? [], await direct(texts[i] ?? '')), `caller ${i}`);
    }
  });

  it('answers repeats from the cache with identical vectors and counts the hits', async () => {
    const texts = ['Remove the item from the basket', 'Search for shoes'];
    const first = await svc.client.unary('embed', { texts });
    const second = await svc.client.unary('embed', { texts: [...texts].reverse() });
    assert.equal(second.cacheHits, 2);
    assert.deepEqual(second.vectors[0], first.vectors[1]);
    assert.deepEqual(second.vectors[1], first.vectors[0]);
  });

  it('refuses bad input with INVALID_ARGUMENT naming the field', async () => {
    const cases: [string[], string][] = [
      [[], 'texts: empty list: give at least one text'],
      [['ok', ' '], 'texts[1]: empty'],
      [['ok', 'x'.repeat(201)], 'texts[1]: 201 characters, at most 200'],
      [Array.from({ length: 9 }, () => 'a'), 'texts: 9 texts, at most 8 per call'],
    ];
    for (const [texts, details] of cases) {
      await assert.rejects(svc.client.unary('embed', { texts }), { code: status.INVALID_ARGUMENT, details });
    }
  });

  it('answers RESOURCE_EXHAUSTED once the queue is full', async () => {
    model.hold();
    const blocker = svc.client.unary('embed', { texts: ['another blocking pass'] });
    await model.started(model.batches.length + 1);
    const fill = [0, 1].map((k) =>
      svc.client.unary('embed', { texts: Array.from({ length: 8 }, (_, i) => `queued text ${k}-${i}`) }),
    );
    await waitForQueued(svc.stack, 16);
    await assert.rejects(svc.client.unary('embed', { texts: ['one more'] }), {
      code: status.RESOURCE_EXHAUSTED,
    });
    model.open();
    await Promise.all([blocker, ...fill]);
  });

  it('honours the deadline and drops the expired request before its forward pass', async () => {
    model.hold();
    const blocker = svc.client.unary('embed', { texts: ['third blocking pass'] });
    await model.started(model.batches.length + 1);
    const dropped = svc.stack.batcher.stats().dropped;
    await assert.rejects(
      svc.client.unary('embed', { texts: ['expires while queued'] }, { deadlineMs: 150 }),
      {
        code: status.DEADLINE_EXCEEDED,
      },
    );
    await waitUntil(
      () => svc.stack.batcher.stats().dropped === dropped + 1,
      'the expired request to be dropped',
    );
    assert.equal(svc.stack.batcher.stats().queued, 0);
    model.open();
    await blocker;
    assert.ok(model.batches.every((b) => !b.includes('expires while queued')));
  });

  it('describes the model, the limits and the counters', async () => {
    const info = await svc.client.unary('getInfo', {});
    assert.equal(info.modelName, lexical.info.name);
    assert.equal(info.modelRevision, lexical.info.revision);
    assert.equal(info.dimension, lexical.info.dimension);
    assert.equal(info.kind, embedding.ModelKind.LEXICAL);
    assert.equal(info.maxBatchSize, 8);
    assert.equal(info.maxTextLength, 200);
    assert.equal(info.ready, true);
    assert.equal(info.semantic, true);
    assert.ok((info.cache?.hits ?? 0) >= 2);
    assert.equal(info.cache?.capacity, 100);
    assert.equal(info.batcher?.maxQueue, 16);
    assert.ok((info.batcher?.rejected ?? 0) >= 1);
    assert.equal(info.batcher?.maxBatchSeen, 8);
  });
});
