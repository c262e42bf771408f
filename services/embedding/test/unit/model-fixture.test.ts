import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TINY_FIXTURE, writeModelFixture } from '../../src/fixture/model-fixture';
import { TINY_MODEL_DIR } from '../support/paths';

describe('model fixture builder', () => {
  it('rebuilds the committed tiny fixture exactly (same weights, same files)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'embedding-fixture-'));
    try {
      const fresh = join(dir, 'tiny');
      await writeModelFixture(fresh, TINY_FIXTURE);
      const bytes = (root: string) => readFile(join(root, 'onnx', 'model.onnx'));
      assert.ok((await bytes(fresh)).equals(await bytes(TINY_MODEL_DIR)), 'onnx/model.onnx differs');
      // JSON files are compared parsed: the committed copies are prettier-formatted.
      for (const file of [
        'config.json',
        'tokenizer.json',
        'tokenizer_config.json',
        join('1_Pooling', 'config.json'),
      ]) {
        const parse = async (root: string): Promise<unknown> =>
          JSON.parse(await readFile(join(root, file), 'utf8'));
        assert.deepEqual(await parse(fresh), await parse(TINY_MODEL_DIR), `${file} differs`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes a WordPiece vocabulary in BERT uncased layout without [UNK] for ASCII words', async () => {
    const tokenizer = JSON.parse(await readFile(join(TINY_MODEL_DIR, 'tokenizer.json'), 'utf8')) as {
      model: { type: string; vocab: Record<string, number> };
    };
    const vocab = tokenizer.model.vocab;
    assert.equal(tokenizer.model.type, 'WordPiece');
    assert.equal(Object.keys(vocab).length, TINY_FIXTURE.shape.vocabSize);
    assert.deepEqual(
      [vocab['[PAD]'], vocab['[UNK]'], vocab['[CLS]'], vocab['[SEP]'], vocab['[MASK]']],
      [0, 100, 101, 102, 103],
    );
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') {
      assert.ok(vocab[c] !== undefined && vocab[`##${c}`] !== undefined, c);
    }
  });
});
