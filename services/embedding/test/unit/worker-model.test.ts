import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmbeddingModel } from '../../src/domain/model';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { startWorkerModel } from '../../src/models/worker-model';
import { TINY_MODEL_DIR } from '../support/paths';

const texts = ['Sign in', 'Remove the item from the basket'];

/** Runs `check` against the lexical model in `replicas` worker threads, closed afterwards. */
async function withLexicalWorker(
  replicas: number,
  check: (worker: EmbeddingModel) => Promise<void>,
): Promise<void> {
  const worker = await startWorkerModel({ kind: 'lexical' }, replicas);
  try {
    await check(worker);
  } finally {
    await worker.close();
  }
}

describe('worker-thread model', () => {
  it('gives the same vectors and info as the model run in-process (lexical)', () =>
    withLexicalWorker(1, async (worker) => {
      const inProcess = createLexicalModel();
      assert.deepEqual(worker.info, inProcess.info);
      assert.deepEqual(await worker.embedBatch(texts), await inProcess.embedBatch(texts));
    }));

  it('holds passes beyond the replicas until one is free, and answers each with its own vectors', () =>
    withLexicalWorker(2, async (worker) => {
      const inProcess = createLexicalModel();
      const passes = Array.from({ length: 7 }, (_, i) => [
        `open menu ${i}`,
        `close the dialog ${i}`,
        texts[i % 2] ?? '',
      ]);
      const answers = await Promise.all(passes.map((pass) => worker.embedBatch(pass)));
      for (const [i, pass] of passes.entries())
        assert.deepEqual(answers[i], await inProcess.embedBatch(pass), `pass ${i}`);
      // Still serving once the held passes are done.
      assert.deepEqual(await worker.embedBatch(texts), await inProcess.embedBatch(texts));
    }));

  it('gives a held pass to the replica that finishes first, not to a busy one', () =>
    withLexicalWorker(2, async (worker) => {
      const finished: string[] = [];
      const pass = (name: string, batch: string[]): Promise<void> =>
        worker.embedBatch(batch).then(() => void finished.push(name));
      const long = Array.from(
        { length: 3000 },
        (_, i) => `search the catalogue page ${i} for lamps and chairs`,
      );
      // `slow` and `quick` take both replicas; `held` waits, then runs where `quick` ran.
      await Promise.all([pass('slow', long), pass('quick', ['Sign in']), pass('held', ['Log out'])]);
      assert.deepEqual(finished, ['quick', 'held', 'slow']);
    }));

  it('drops a held pass whose signal aborts before a replica takes it; started passes finish', () =>
    withLexicalWorker(2, async (worker) => {
      const busy = [worker.embedBatch(['first replica busy']), worker.embedBatch(['second replica busy'])];
      const controller = new AbortController();
      // Both replicas are busy, so this pass is held in the worker model; nobody wants it any more.
      const held = worker.embedBatch(['nobody waits for this'], controller.signal);
      controller.abort(new DOMException('every caller cancelled', 'AbortError'));
      await assert.rejects(held, { name: 'AbortError', message: 'every caller cancelled' });
      assert.equal((await Promise.all(busy)).length, 2);
      await assert.rejects(worker.embedBatch(['already aborted'], AbortSignal.abort()), {
        name: 'AbortError',
      });
      assert.equal((await worker.embedBatch(texts)).length, 2);
    }));

  it('fails only the pass whose model call throws; the thread lives on and onCrash is not called', async () => {
    const crashes: Error[] = [];
    const worker = await startWorkerModel({ kind: 'lexical' }, 1, (err) => crashes.push(err));
    try {
      // The lexical model computes synchronously, so this throws inside the worker's message handler.
      const notText = [42] as unknown as string[];
      await assert.rejects(worker.embedBatch(notText), /text\.normalize is not a function/);
      assert.deepEqual(await worker.embedBatch(texts), await createLexicalModel().embedBatch(texts));
      assert.deepEqual(crashes, []);
    } finally {
      await worker.close();
    }
  });

  it('runs the transformer fixture off the main thread: normalised, in order, batched = alone', async () => {
    // The main thread must not load onnxruntime itself here (see transformer-model.ts), so the
    // worker is checked against itself; transformer-model.test.ts covers the in-process model.
    const spec = {
      kind: 'transformer',
      dir: TINY_MODEL_DIR,
      quantized: false,
      maxTokens: 128,
      threads: 0,
    } as const;
    const worker = await startWorkerModel(spec, 2);
    try {
      assert.equal(worker.info.name, 'superagent-fixture-tiny-bert-random');
      assert.equal(worker.info.dimension, 32);
      const batched = await worker.embedBatch(texts);
      for (const [i, text] of texts.entries()) {
        const [alone] = await worker.embedBatch([text]);
        const v = batched[i];
        assert.ok(v && alone && v.length === 32);
        assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5);
        assert.ok(
          v.every((x, d) => Math.abs(x - (alone[d] ?? NaN)) < 1e-5),
          `text ${i}`,
        );
      }
    } finally {
      await worker.close();
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
