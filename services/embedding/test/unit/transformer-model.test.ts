import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { EmbeddingModel } from '../../src/domain/model';
import { norm } from '../../src/domain/vector-math';
import { loadTransformerModel } from '../../src/models/transformer/transformer-model';
import { TINY_MODEL_DIR } from '../support/paths';

const texts = [
  'Log in with your e-mail address and password',
  'Cart',
  'Add the blue shirt in size M to the shopping basket and proceed to checkout',
];

describe('transformer model (tiny random-weight BERT fixture, offline)', () => {
  let model: EmbeddingModel;
  before(async () => {
    model = await loadTransformerModel({ dir: TINY_MODEL_DIR, quantized: false, maxTokens: 128, threads: 0 });
  });
  after(async () => {
    await model.close();
  });

  it('reports the fixture honestly: name, content revision, dimension, random weights', async () => {
    const config = JSON.parse(await readFile(join(TINY_MODEL_DIR, 'config.json'), 'utf8')) as {
      hidden_size: number;
    };
    assert.equal(model.info.name, 'superagent-fixture-tiny-bert-random');
    assert.equal(model.info.kind, 'transformer');
    assert.equal(model.info.dimension, config.hidden_size);
    assert.equal(model.info.randomWeights, true);
    assert.match(model.info.revision, /^[0-9a-f]{12}$/);
  });

  it('returns L2-normalised vectors of the fixture dimension', async () => {
    const vectors = await model.embedBatch(texts);
    assert.equal(vectors.length, texts.length);
    for (const v of vectors) {
      assert.equal(v.length, model.info.dimension);
      assert.ok(Math.abs(norm(v) - 1) < 1e-5);
    }
  });

  it('batches in order: each vector of a padded batch equals the text embedded alone', async () => {
    const batched = await model.embedBatch(texts);
    for (const [i, text] of texts.entries()) {
      const [alone] = await model.embedBatch([text]);
      assert.ok(alone);
      const v = batched[i];
      assert.ok(v);
      const maxDiff = Math.max(...Array.from(v, (x, d) => Math.abs(x - (alone[d] ?? 0))));
      assert.ok(maxDiff < 1e-4, `text ${i} differs by ${maxDiff}`);
    }
    const [a, b] = batched;
    assert.ok(a && b);
    assert.notDeepEqual(a, b);
  });

  it('truncates texts at the token limit (words past it change nothing)', async () => {
    const short = await loadTransformerModel({
      dir: TINY_MODEL_DIR,
      quantized: false,
      maxTokens: 16,
      threads: 0,
    });
    try {
      const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
      const [a, b] = await short.embedBatch([long, `${long} and then many more words at the end`]);
      assert.deepEqual(a, b);
    } finally {
      await short.close();
    }
  });

  it('refuses a directory that lacks a model file, naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embedding-model-'));
    try {
      await cp(TINY_MODEL_DIR, join(dir, 'model'), { recursive: true });
      await rm(join(dir, 'model', 'tokenizer.json'));
      await assert.rejects(
        loadTransformerModel({ dir: join(dir, 'model'), quantized: true, maxTokens: 128, threads: 0 }),
        /lacks tokenizer\.json, onnx\/model_quantized\.onnx/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
