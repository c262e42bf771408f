import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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

  it('gives a different revision to every token limit that changes the vectors, and only to those', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const at = async (maxTokens: number): Promise<{ revision: string; vector: Float32Array }> => {
      const m = await loadTransformerModel({ dir: TINY_MODEL_DIR, quantized: false, maxTokens, threads: 0 });
      try {
        const [vector] = await m.embedBatch([long]);
        assert.ok(vector);
        return { revision: m.info.revision, vector };
      } finally {
        await m.close();
      }
    };
    // The fixture's tokenizer_config.json says model_max_length 128: above it nothing changes.
    const [t8, t128, t512] = [await at(8), await at(128), await at(512)];
    assert.notDeepEqual(t8.vector, t128.vector, 'the limit changes the vector of a long text');
    assert.notEqual(t8.revision, t128.revision, 'so it changes the revision');
    assert.deepEqual(t512.vector, t128.vector, 'a limit above model_max_length changes nothing');
    assert.equal(t512.revision, t128.revision, 'so the revision stays');
    assert.equal(t128.revision, model.info.revision);
  });

  it('changes the revision when tokenizer_config.json or the pooling config changes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embedding-model-'));
    try {
      const copy = join(dir, 'model');
      await cp(TINY_MODEL_DIR, copy, { recursive: true });
      const revision = async (): Promise<string> => {
        const m = await loadTransformerModel({ dir: copy, quantized: false, maxTokens: 128, threads: 0 });
        await m.close();
        return m.info.revision;
      };
      const original = await revision();
      assert.equal(original, model.info.revision);

      const editJson = async (file: string, edit: (json: Record<string, unknown>) => void) => {
        const json = JSON.parse(await readFile(join(copy, file), 'utf8')) as Record<string, unknown>;
        edit(json);
        await writeFile(join(copy, file), JSON.stringify(json, null, 2));
      };
      await editJson('tokenizer_config.json', (j) => {
        j['do_lower_case'] = false;
      });
      const noLowerCase = await revision();
      assert.notEqual(noLowerCase, original, 'do_lower_case');
      await editJson('tokenizer_config.json', (j) => {
        j['model_max_length'] = 16;
      });
      const shorter = await revision();
      assert.notEqual(shorter, noLowerCase, 'model_max_length');
      await editJson(join('1_Pooling', 'config.json'), (j) => {
        j['include_prompt'] = false;
      });
      assert.notEqual(await revision(), shorter, '1_Pooling/config.json');
    } finally {
      await rm(dir, { recursive: true, force: true });
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
