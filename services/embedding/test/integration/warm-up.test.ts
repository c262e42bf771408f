import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { checkHealth, createClient, startTestServer, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding, serviceNames } from '@superagent/proto';
import { createEmbeddingStack, type EmbeddingStack } from '../../src/embedding-stack';
import { WARMING_UP } from '../../src/handlers/embed.handler';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { createEmbeddingService } from '../../src/server';
import { ServiceStatus } from '../../src/service-status';
import { warmUpThenServe } from '../../src/warm-up';
import { gate, type GatedModel } from '../support/gated-model';
import type { EmbeddingClient } from '../support/service';

const MAX_TEXTS = 16;

interface Warming {
  readonly model: GatedModel;
  readonly stack: EmbeddingStack;
  readonly server: TestServer;
  readonly client: EmbeddingClient;
  /** warmUpThenServe's result. */
  readonly done: Promise<boolean>;
}

/**
 * main.ts's start-up from the server on (ServiceStatus, warmUpThenServe, the real service over
 * gRPC), with the warm-up pass held at a gate until the test opens it.
 */
async function startWarming(prewarm: readonly string[], stop: AbortSignal): Promise<Warming> {
  const model = gate(createLexicalModel());
  model.hold();
  // The smallest queue the configuration allows: one full call.
  const stack = createEmbeddingStack(model, {
    cacheSize: 100,
    batch: { maxBatchSize: 8, maxWaitMs: 0, maxQueue: MAX_TEXTS, concurrency: 1 },
  });
  const serviceStatus = new ServiceStatus(silentLogger());
  const { isReady, isWarm } = serviceStatus;
  const limits = { maxTexts: MAX_TEXTS, maxTextChars: 200 };
  const server = await startTestServer([createEmbeddingService({ stack, limits, isReady, isWarm })], {
    serving: false,
  });
  serviceStatus.attach(server.server);
  const client = createClient(embedding.EmbeddingServiceService, server.address, {
    target: 'embedding',
    defaultDeadlineMs: 10_000,
    logger: silentLogger(),
    breaker: false,
  });
  const done = warmUpThenServe(stack.embedder, prewarm, serviceStatus, stop, silentLogger());
  return { model, stack, server, client, done };
}

async function assertWarmingUp(w: Warming): Promise<void> {
  await assert.rejects(w.client.unary('embed', { texts: ['Sign in'] }), {
    code: status.UNAVAILABLE,
    details: WARMING_UP,
  });
  assert.equal((await w.client.unary('getInfo', {})).ready, false);
  assert.equal(await checkHealth(w.server.address), 'NOT_SERVING');
  assert.equal(await checkHealth(w.server.address, serviceNames.embedding), 'NOT_SERVING');
}

describe('EmbeddingService while warming up (lexical)', () => {
  let warming: Warming | undefined;
  afterEach(async () => {
    if (!warming) return;
    warming.model.open();
    warming.client.close();
    await warming.server.stop();
    await warming.stack.batcher.close();
  });

  it('answers Embed UNAVAILABLE until the warm-up is over, so a flood cannot fail the start', async () => {
    const w = (warming = await startWarming(['Sign in', 'Checkout'], new AbortController().signal));
    await w.model.started(1); // the warm-up pass is in the model
    // Ten full calls: ten times what the queue holds.
    const flood = await Promise.allSettled(
      Array.from({ length: 10 }, (_, call) =>
        w.client.unary('embed', { texts: Array.from({ length: MAX_TEXTS }, (_, i) => `flood ${call} ${i}`) }),
      ),
    );
    for (const result of flood) {
      assert.equal(result.status, 'rejected');
      assert.equal(Reflect.get(result.reason as object, 'code'), status.UNAVAILABLE);
      assert.equal(Reflect.get(result.reason as object, 'details'), WARMING_UP);
    }
    const { queued, rejected } = w.stack.batcher.stats();
    assert.deepEqual({ queued, rejected }, { queued: 0, rejected: 0 });
    await assertWarmingUp(w);

    w.model.open();
    assert.equal(await w.done, true);
    assert.equal(await checkHealth(w.server.address, serviceNames.embedding), 'SERVING');
    assert.equal((await w.client.unary('getInfo', {})).ready, true);
    const res = await w.client.unary('embed', { texts: ['Checkout', 'Something new'] });
    assert.equal(res.cacheHits, 1);
    assert.equal(res.vectors.length, 2);
    // The model saw the warm-up pass, the pre-warm texts and the last call, nothing of the flood.
    assert.deepEqual(w.model.batches, [['warm-up'], ['Sign in', 'Checkout'], ['Something new']]);
  });

  it('ends the warm-up on a stop: the running pass finishes, the rest never runs, nothing turns on', async () => {
    const stop = new AbortController();
    const prewarm = Array.from({ length: 200 }, (_, i) => `pre-warm ${i}`);
    const w = (warming = await startWarming(prewarm, stop.signal));
    await w.model.started(1);
    stop.abort();
    w.model.open();
    assert.equal(await w.done, false);
    await w.stack.batcher.close(); // what the shutdown does next: returns once nothing runs
    assert.deepEqual(w.model.batches, [['warm-up']]);
    assert.equal(w.stack.batcher.stats().queued, 0);
    await assertWarmingUp(w);
  });
});
