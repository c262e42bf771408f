import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BatcherOptions,
  BatcherClosedError,
  MicroBatcher,
  QueueFullError,
} from '../../src/domain/micro-batcher';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { gate } from '../support/gated-model';

const lexical = createLexicalModel();
const options = { maxBatchSize: 4, maxWaitMs: 5, maxQueue: 16 };

function setup(opts: BatcherOptions = options) {
  const model = gate(lexical);
  const batcher = new MicroBatcher((texts, signal) => model.embedBatch(texts, signal), opts);
  return { model, batcher };
}

describe('MicroBatcher', () => {
  it('gathers concurrent requests into one forward pass and fans results out in order', async () => {
    const { model, batcher } = setup();
    const [a, b] = await Promise.all([
      batcher.submit(['log in', 'sign in']),
      batcher.submit(['add to cart']),
    ]);
    assert.equal(model.batches.length, 1);
    assert.deepEqual(model.batches[0], ['log in', 'sign in', 'add to cart']);
    const direct = await lexical.embedBatch(['log in', 'sign in', 'add to cart']);
    assert.deepEqual([...(a ?? [])], direct.slice(0, 2));
    assert.deepEqual(b, direct.slice(2));
  });

  it('never runs more than maxBatchSize texts in one pass, and one pass at a time', async () => {
    const { model, batcher } = setup();
    model.hold();
    const first = batcher.submit(['one']);
    await model.started(1);
    const rest = Array.from({ length: 10 }, (_, i) => batcher.submit([`text ${i}`]));
    model.open();
    await Promise.all([first, ...rest]);
    assert.deepEqual(
      model.batches.map((b) => b.length),
      [1, 4, 4, 2],
    );
    assert.equal(batcher.stats().maxBatchSeen, 4);
  });

  it('runs one pass per replica at once when concurrency allows', async () => {
    const { model, batcher } = setup({ maxBatchSize: 2, maxWaitMs: 0, maxQueue: 16, concurrency: 2 });
    model.hold();
    const calls = ['a', 'b', 'c', 'd', 'e'].map((t) => batcher.submit([t]));
    await model.started(2);
    assert.deepEqual(model.batches, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    model.open();
    await Promise.all(calls);
    assert.deepEqual(model.batches[2], ['e']);
  });

  it(
    'splits what is waiting evenly across idle replicas instead of one full pass',
    { timeout: 10_000 },
    async () => {
      const { model, batcher } = setup({ maxBatchSize: 32, maxWaitMs: 0, maxQueue: 64, concurrency: 2 });
      model.hold();
      const texts = Array.from({ length: 32 }, (_, i) => `text ${i}`);
      const calls = texts.map((t) => batcher.submit([t]));
      await model.started(2);
      assert.deepEqual(
        model.batches.map((b) => b.length),
        [16, 16],
        'both replicas work at once',
      );
      model.open();
      await Promise.all(calls);
      assert.equal(model.batches.length, 2);
    },
  );

  it('embeds identical texts of one batch once', async () => {
    const { model, batcher } = setup();
    const [a, b] = await Promise.all([batcher.submit(['same', 'same']), batcher.submit(['same'])]);
    assert.deepEqual(model.batches, [['same']]);
    assert.deepEqual(a?.[0], b?.[0]);
    assert.deepEqual(a?.[1], b?.[0]);
  });

  it('refuses work past the queue bound with QueueFullError and counts it', async () => {
    const { model, batcher } = setup({ maxBatchSize: 4, maxWaitMs: 0, maxQueue: 5 });
    model.hold();
    const running = batcher.submit(['running']);
    await model.started(1);
    const queued = batcher.submit(['a', 'b', 'c', 'd', 'e']);
    await assert.rejects(batcher.submit(['one too many']), QueueFullError);
    assert.equal(batcher.stats().rejected, 1);
    assert.equal(batcher.stats().queued, 5);
    model.open();
    assert.equal((await queued).length, 5);
    await running;
  });

  it('drops a cancelled request from the queue before its forward pass', async () => {
    const { model, batcher } = setup();
    model.hold();
    const running = batcher.submit(['running']);
    await model.started(1);
    const controller = new AbortController();
    const cancelled = batcher.submit(['cancel me'], controller.signal);
    const kept = batcher.submit(['keep me']);
    controller.abort(new DOMException('client went away', 'AbortError'));
    await assert.rejects(cancelled, { name: 'AbortError' });
    model.open();
    await Promise.all([running, kept]);
    assert.deepEqual(model.batches, [['running'], ['keep me']]);
    assert.equal(batcher.stats().dropped, 1);
  });

  it('tells a pass that nobody waits for it any more once every caller in it has cancelled', async () => {
    const { model, batcher } = setup();
    model.hold();
    const first = new AbortController();
    const second = new AbortController();
    const calls = [batcher.submit(['one'], first.signal), batcher.submit(['two'], second.signal)];
    await model.started(1);
    assert.deepEqual(model.batches, [['one', 'two']]);
    const passSignal = model.signals[0];
    assert.ok(passSignal);
    first.abort();
    assert.equal(passSignal.aborted, false, 'one caller still waits');
    second.abort();
    assert.equal(passSignal.aborted, true);
    model.open();
    await Promise.allSettled(calls);
    // The slot is free again: the next request is answered.
    assert.equal((await batcher.submit(['three'])).length, 1);
  });

  it('honours a deadline that passes while the request waits', async () => {
    const { model, batcher } = setup();
    model.hold();
    const running = batcher.submit(['running']);
    await model.started(1);
    await assert.rejects(batcher.submit(['too late'], AbortSignal.timeout(20)), { name: 'TimeoutError' });
    model.open();
    await running;
    assert.deepEqual(model.batches, [['running']]);
  });

  it('rejects an already aborted signal without queueing', async () => {
    const { model, batcher } = setup();
    await assert.rejects(batcher.submit(['x'], AbortSignal.abort()), { name: 'AbortError' });
    assert.equal(model.batches.length, 0);
  });

  it('does not delay a lone sequential caller by the batch wait', { timeout: 5_000 }, async () => {
    const { batcher } = setup({ maxBatchSize: 32, maxWaitMs: 60_000, maxQueue: 64 });
    for (let i = 0; i < 3; i++) assert.equal((await batcher.submit([`query ${i}`])).length, 1);
  });

  it(
    'waits for company once callers are concurrent, and runs when the batch is full',
    { timeout: 5_000 },
    async () => {
      const { model, batcher } = setup({ maxBatchSize: 4, maxWaitMs: 60_000, maxQueue: 64 });
      await Promise.all([batcher.submit(['a']), batcher.submit(['b'])]);
      // The last pass had two callers, so a partial batch now waits (60 s here) until it is full.
      const partial = batcher.submit(['c', 'd', 'e']);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(model.batches.length, 1);
      await Promise.all([partial, batcher.submit(['f'])]);
      assert.deepEqual(model.batches[1], ['c', 'd', 'e', 'f']);
    },
  );

  it('fails every request of a batch whose forward pass fails', async () => {
    const batcher = new MicroBatcher(() => Promise.reject(new Error('model crashed')), options);
    const results = await Promise.allSettled([batcher.submit(['a']), batcher.submit(['b'])]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
  });

  it('drains queued work on close and refuses new work', async () => {
    const { model, batcher } = setup();
    model.hold();
    const running = batcher.submit(['running']);
    await model.started(1);
    const queued = batcher.submit(['queued']);
    const closed = batcher.close();
    await assert.rejects(batcher.submit(['late']), BatcherClosedError);
    model.open();
    await Promise.all([running, queued, closed]);
    assert.equal(model.batches.length, 2);
  });
});
