import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { loadTransformerModel } from '../../src/models/transformer/transformer-model';
import { startWorkerModel } from '../../src/models/worker-model';
import { TINY_MODEL_DIR } from '../support/paths';

const texts = ['Sign in', 'Remove the item from the basket'];

describe('worker-thread model', () => {
  it('gives the same vectors and info as the model run in-process (lexical)', async () => {
    const worker = await startWorkerModel({ kind: 'lexical' });
    try {
      const inProcess = createLexicalModel();
      assert.deepEqual(worker.info, inProcess.info);
      assert.deepEqual(await worker.embedBatch(texts), await inProcess.embedBatch(texts));
    } finally {
      await worker.close();
    }
  });

  it('runs the transformer fixture off the main thread with the same results', async () => {
    const spec = {
      kind: 'transformer',
      dir: TINY_MODEL_DIR,
      quantized: false,
      maxTokens: 128,
      threads: 0,
    } as const;
    const worker = await startWorkerModel(spec);
    const inProcess = await loadTransformerModel(spec);
    try {
      assert.deepEqual(worker.info, inProcess.info);
      assert.deepEqual(await worker.embedBatch(texts), await inProcess.embedBatch(texts));
    } finally {
      await worker.close();
      await inProcess.close();
    }
  });

  it('fails start-up with the loader error when the model cannot load', async () => {
    await assert.rejects(
      startWorkerModel({
        kind: 'transformer',
        dir: '/nonexistent/model',
        quantized: false,
        maxTokens: 128,
        threads: 0,
      }),
      /model directory \/nonexistent\/model lacks config\.json/,
    );
  });
});
