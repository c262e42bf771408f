import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BufferFullError,
  createBufferedWriter,
  isPermanentGrpcError,
  WriterClosedError,
  type SendOptions,
} from '../src/index';

// The writer against an in-process receiver that deduplicates by idempotency key, as the cost
// service does. (The same writer against the real cost server over gRPC is tested in
// services/cost/test/integration/cost-client.test.ts.)

interface Rec {
  idempotencyKey: string;
  micros: number;
}

function receiver() {
  const seen = new Map<string, number>();
  const calls: number[] = [];
  return {
    seen,
    calls,
    total: () => [...seen.values()].reduce((a, b) => a + b, 0),
    /** Applies a batch (idempotently) and answers; `fail` decides whether the answer is lost. */
    apply(records: Rec[], fail = false): Promise<void> {
      calls.push(records.length);
      for (const r of records) if (!seen.has(r.idempotencyKey)) seen.set(r.idempotencyKey, r.micros);
      return fail
        ? Promise.reject(Object.assign(new Error('deadline exceeded'), { code: 4 }))
        : Promise.resolve();
    },
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('full batches go at once, the rest on flush; every record arrives once', async () => {
  const rx = receiver();
  const w = createBufferedWriter<Rec>({
    recordBatch: (r) => rx.apply(r),
    maxBatchSize: 10,
    flushIntervalMs: 60_000,
  });
  for (let i = 0; i < 25; i++) w.add({ idempotencyKey: '', micros: i });
  await until(() => rx.calls.length === 2, 'two full batches');
  assert.deepEqual(rx.calls, [10, 10]);
  await w.flush();
  assert.deepEqual(rx.calls, [10, 10, 5]);
  assert.equal(rx.seen.size, 25);
  assert.equal(rx.total(), (24 * 25) / 2);
  assert.deepEqual(w.stats(), { pending: 0, sent: 25, dropped: 0, retries: 0, batches: 3 });
  await w.close();
});

test('a partial batch is sent after the flush interval without asking', async () => {
  const rx = receiver();
  const w = createBufferedWriter<Rec>({ recordBatch: (r) => rx.apply(r), flushIntervalMs: 20 });
  w.add({ idempotencyKey: 'a', micros: 1 });
  w.add({ idempotencyKey: 'b', micros: 2 });
  await until(() => rx.seen.size === 2, 'the interval flush');
  assert.deepEqual([...rx.seen.keys()], ['a', 'b']);
  await w.close();
});

test('a batch whose answer was lost is resent with the same keys and counted once', async () => {
  const rx = receiver();
  let failures = 2;
  const retries: number[] = [];
  const w = createBufferedWriter<Rec>({
    recordBatch: (r) => rx.apply(r, failures-- > 0),
    maxBatchSize: 50,
    baseDelayMs: 1,
    maxDelayMs: 5,
    onRetry: (_err, attempt) => retries.push(attempt),
  });
  for (let i = 0; i < 50; i++) w.add({ idempotencyKey: '', micros: 101 });
  await w.flush();
  assert.deepEqual(rx.calls, [50, 50, 50]);
  assert.deepEqual(retries, [1, 2]);
  assert.equal(rx.seen.size, 50);
  assert.equal(rx.total(), 5_050);
  assert.equal(w.stats().sent, 50);
  await w.close();
});

test('records without a key get a unique one; given keys are kept', async () => {
  const got: Rec[] = [];
  const w = createBufferedWriter<Rec>({ recordBatch: async (r) => void got.push(...r) });
  w.add({ idempotencyKey: 'mine', micros: 1 });
  w.add({ idempotencyKey: '', micros: 2 });
  w.add({ idempotencyKey: '', micros: 3 });
  await w.flush();
  assert.equal(got[0]?.idempotencyKey, 'mine');
  assert.equal(new Set(got.map((r) => r.idempotencyKey)).size, 3);
  await w.close();
});

test('a record the service rejects is dropped alone; the rest of its batch is resent', async () => {
  const dropped: string[][] = [];
  const sizes: number[] = [];
  const rx = receiver();
  const w = createBufferedWriter<Rec>({
    maxBatchSize: 4,
    concurrency: 1,
    // As the cost service: the whole batch is checked first, the first bad record is named.
    recordBatch: (r) => {
      sizes.push(r.length);
      const bad = r.findIndex((x) => x.micros < 0);
      return bad === -1
        ? rx.apply(r)
        : Promise.reject(
            Object.assign(
              new Error(`3 INVALID_ARGUMENT: records[${bad}].cost_micros: must not be negative`),
              {
                code: 3,
                details: `records[${bad}].cost_micros: must not be negative`,
              },
            ),
          );
    },
    onDrop: (records) => dropped.push(records.map((x) => x.idempotencyKey)),
  });
  for (const [key, micros] of [
    ['a', 1],
    ['bad1', -1],
    ['b', 2],
    ['bad2', -2],
    ['c', 3],
    ['d', 4],
  ] as const)
    w.add({ idempotencyKey: key, micros });
  await w.flush();
  assert.deepEqual(dropped, [['bad1'], ['bad2']]);
  assert.deepEqual([...rx.seen.keys()], ['a', 'b', 'c', 'd']);
  assert.deepEqual(sizes, [4, 3, 2, 2]);
  assert.deepEqual(w.stats(), { pending: 0, sent: 4, dropped: 2, retries: 0, batches: 4 });
  await w.close();
});

test('a batch refused for its size is resent in halves', async () => {
  const rx = receiver();
  const w = createBufferedWriter<Rec>({
    maxBatchSize: 10,
    recordBatch: (r) =>
      r.length > 3
        ? Promise.reject(
            Object.assign(new Error(`records: must hold 1 to 3 records, got ${r.length}`), { code: 3 }),
          )
        : rx.apply(r),
  });
  for (let i = 0; i < 10; i++) w.add({ idempotencyKey: `k${i}`, micros: 1 });
  await w.flush();
  assert.deepEqual(rx.calls, [3, 2, 3, 2]);
  assert.equal(rx.seen.size, 10);
  assert.deepEqual(w.stats(), { pending: 0, sent: 10, dropped: 0, retries: 0, batches: 7 });
  await w.close();
});

test('an error naming no record drops the whole batch; later batches still flow', async () => {
  const dropped: Rec[][] = [];
  const rx = receiver();
  const w = createBufferedWriter<Rec>({
    maxBatchSize: 2,
    recordBatch: (r) =>
      r.some((x) => x.micros < 0)
        ? Promise.reject(Object.assign(new Error('permission denied'), { code: 7 }))
        : rx.apply(r),
    onDrop: (records) => dropped.push(records),
  });
  w.add({ idempotencyKey: 'bad', micros: -1 });
  w.add({ idempotencyKey: 'x', micros: 1 });
  w.add({ idempotencyKey: 'good', micros: 1 });
  w.add({ idempotencyKey: 'y', micros: 1 });
  await w.flush();
  assert.deepEqual(
    dropped.map((d) => d.map((r) => r.idempotencyKey)),
    [['bad', 'x']],
  );
  assert.deepEqual([...rx.seen.keys()], ['good', 'y']);
  assert.equal(w.stats().dropped, 2);
  await w.close();
});

test('a full buffer refuses new records instead of growing without bound', async () => {
  const w = createBufferedWriter<Rec>({
    recordBatch: (_r, { signal }: SendOptions) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    maxBuffered: 3,
    maxBatchSize: 100,
  });
  for (let i = 0; i < 3; i++) w.add({ idempotencyKey: '', micros: i });
  assert.throws(() => w.add({ idempotencyKey: '', micros: 9 }), BufferFullError);
  const { unsent } = await w.close(50);
  assert.equal(unsent.length, 3);
});

test('close flushes what is left, then refuses new records; close is idempotent', async () => {
  const rx = receiver();
  const w = createBufferedWriter<Rec>({ recordBatch: (r) => rx.apply(r), flushIntervalMs: 60_000 });
  w.add({ idempotencyKey: 'last', micros: 7 });
  const first = w.close();
  assert.equal(w.close(), first);
  assert.deepEqual((await first).unsent, []);
  assert.equal(rx.seen.get('last'), 7);
  assert.throws(() => w.add({ idempotencyKey: '', micros: 1 }), WriterClosedError);
});

test('close gives up at its deadline when the service never answers, returning the records', async () => {
  let attempts = 0;
  const w = createBufferedWriter<Rec>({
    recordBatch: () => {
      attempts++;
      return Promise.reject(Object.assign(new Error('unavailable'), { code: 14 }));
    },
    baseDelayMs: 5,
    maxDelayMs: 10,
  });
  w.add({ idempotencyKey: 'k1', micros: 1 });
  w.add({ idempotencyKey: 'k2', micros: 2 });
  const { unsent } = await w.close(100);
  assert.deepEqual(
    unsent.map((r) => r.idempotencyKey),
    ['k1', 'k2'],
  );
  assert.ok(attempts >= 2, `retried ${attempts} times`);
});

test('isPermanentGrpcError classifies by status code', () => {
  assert.equal(isPermanentGrpcError({ code: 3 }), true);
  assert.equal(isPermanentGrpcError({ code: 14 }), false);
  assert.equal(isPermanentGrpcError({ code: 4 }), false);
  assert.equal(isPermanentGrpcError(new Error('x')), false);
  assert.equal(isPermanentGrpcError(undefined), false);
});
