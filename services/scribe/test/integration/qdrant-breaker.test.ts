// Issue 10, breakers: scribe's Qdrant store behind the `qdrant` circuit breaker, with no Qdrant server.
// A closed port (refused connections) and a TCP server that accepts and never answers (every request
// must hit its time limit) both open the breaker; after that, calls fail fast with
// UNAVAILABLE "qdrant: circuit open" without touching the network, and the breaker logs its state.
// A local HTTP server answering 4xx shows that Qdrant refusing a request is not Qdrant being down.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort } from '@superagent/devkit';
import { isCircuitOpenError } from '@superagent/grpc';
import { captureLogger, type CapturedLine, type Logger } from '@superagent/logging';
import { countsAsQdrantFailure, createQdrantStore } from '../../src/store/qdrant-store';
import type { VectorStore } from '../../src/store/vector-store';

const MODEL = { id: 'test-model@1', dimension: 4 };
const QUERY = { model: MODEL.id, topK: 3, minScore: 0 };
const VECTOR = new Float32Array([1, 0, 0, 0]);
const VOLUME = 3;

/** Calls search until the breaker has seen VOLUME failures; returns how long each took. */
async function failRepeatedly(store: VectorStore): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < VOLUME; i++) {
    const t0 = performance.now();
    const err = await store.search(VECTOR, QUERY).catch((e: unknown) => e);
    took.push(performance.now() - t0);
    assert.ok(err instanceof Error, 'a dead Qdrant rejects');
    assert.ok(!isCircuitOpenError(err), `call ${i + 1} reached the network: ${err.message}`);
  }
  return took;
}

async function assertFailsFast(store: VectorStore, lines: CapturedLine[]): Promise<void> {
  assert.ok(
    lines.some((l) => l.msg === 'circuit breaker opened' && l.target === 'qdrant' && l.state === 'open'),
    'the breaker logs that it opened',
  );
  for (const call of [
    () => store.search(VECTOR, QUERY),
    () => store.get('00000000-0000-5000-8000-000000000000', MODEL),
    () => store.ensure(MODEL),
  ]) {
    const t0 = performance.now();
    const err = await call().catch((e: unknown) => e);
    const ms = performance.now() - t0;
    assert.ok(isCircuitOpenError(err), `fails with circuit open, got ${String(err)}`);
    assert.match(err instanceof Error ? err.message : '', /qdrant: circuit open/);
    assert.ok(ms < 50, `fails fast (${ms.toFixed(1)} ms)`);
  }
}

describe('qdrant circuit breaker', { timeout: 30_000 }, () => {
  let silent: net.Server | undefined;
  let answering: http.Server | undefined;
  const sockets = new Set<net.Socket>();
  const stores: VectorStore[] = [];

  before(async () => {
    // Accepts connections and never answers: only the request time limit ends a call.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => sockets.delete(socket));
    });
    answering = http.createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: { error: 'Not found: Collection does not exist' } }));
    });
    await Promise.all([
      new Promise<void>((resolve) => silent?.listen(0, '127.0.0.1', resolve)),
      new Promise<void>((resolve) => answering?.listen(0, '127.0.0.1', resolve)),
    ]);
  });

  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    for (const s of sockets) s.destroy();
    await Promise.all([
      new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => (answering ? answering.close(() => resolve()) : resolve())),
    ]);
  });

  async function open(url: string, logger: Logger, timeoutMs = 2_000): Promise<VectorStore> {
    const store = await createQdrantStore({
      url,
      collectionPrefix: 'scribe_breaker_test',
      timeoutMs,
      logger,
      breaker: { volumeThreshold: VOLUME, errorThresholdPercentage: 50, resetTimeout: 60_000 },
    });
    stores.push(store);
    return store;
  }

  test('refused connections open the breaker; then calls fail fast without the network', async () => {
    const { logger, lines } = captureLogger('scribe-test', 'info');
    const store = await open(`http://127.0.0.1:${await freePort()}`, logger);
    await failRepeatedly(store);
    await assertFailsFast(store, lines);
    assert.equal(await store.ping(), false, 'readiness still asks Qdrant itself');
  });

  test('a Qdrant that never answers: each call ends at its time limit, then the breaker opens', async () => {
    const { logger, lines } = captureLogger('scribe-test', 'info');
    const address = silent?.address();
    assert.ok(address && typeof address === 'object');
    const store = await open(`http://127.0.0.1:${address.port}`, logger, 300);
    const took = await failRepeatedly(store);
    for (const ms of took)
      assert.ok(ms >= 250 && ms < 2_000, `bounded by the time limit (${ms.toFixed(0)} ms)`);
    await assertFailsFast(store, lines);
  });

  test('4xx answers are Qdrant working: they do not open the breaker', async () => {
    const { logger, lines } = captureLogger('scribe-test', 'info');
    const address = answering?.address();
    assert.ok(address && typeof address === 'object');
    const store = await open(`http://127.0.0.1:${address.port}`, logger);
    for (let i = 0; i < VOLUME * 2; i++) {
      const err = await store.get('00000000-0000-5000-8000-000000000000', MODEL).catch((e: unknown) => e);
      assert.ok(err instanceof Error && !isCircuitOpenError(err), `call ${i + 1} reached the server`);
    }
    assert.ok(!lines.some((l) => l.msg === 'circuit breaker opened'));
  });

  test('which errors count as Qdrant failures', () => {
    const answered = (status: number): Error => Object.assign(new Error('answer'), { status });
    assert.equal(countsAsQdrantFailure(new TypeError('fetch failed')), true);
    assert.equal(countsAsQdrantFailure(answered(503)), true);
    assert.equal(countsAsQdrantFailure(answered(500)), true);
    assert.equal(countsAsQdrantFailure(answered(429)), true);
    assert.equal(countsAsQdrantFailure(answered(400)), false);
    assert.equal(countsAsQdrantFailure(answered(404)), false);
  });
});
