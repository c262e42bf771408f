import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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

// main.ts's start-up from the server on (ServiceStatus, warmUpThenServe, the real service over
// gRPC), with the warm-up pass held at a gate: what clients see while the model warms up.
describe('EmbeddingService while warming up (lexical)', () => {
  const MAX_TEXTS = 16;
  let model: GatedModel;
  let stack: EmbeddingStack;
  let server: TestServer;
  let client: EmbeddingClient;
  let warming: Promise<void>;
  before(async () => {
    model = gate(createLexicalModel());
    model.hold();
    // The smallest queue the configuration allows: one full call.
    stack = createEmbeddingStack(model, {
      cacheSize: 100,
      batch: { maxBatchSize: 8, maxWaitMs: 0, maxQueue: MAX_TEXTS, concurrency: 1 },
    });
    const status = new ServiceStatus(silentLogger());
    const { isReady, isWarm } = status;
    server = await startTestServer(
      [
        createEmbeddingService({
          stack,
          limits: { maxTexts: MAX_TEXTS, maxTextChars: 200 },
          isReady,
          isWarm,
        }),
      ],
      { serving: false },
    );
    status.attach(server.server);
    client = createClient(embedding.EmbeddingServiceService, server.address, {
      target: 'embedding',
      defaultDeadlineMs: 10_000,
      logger: silentLogger(),
      breaker: false,
    });
    warming = warmUpThenServe(stack.embedder, ['Sign in', 'Checkout'], status, silentLogger());
  });
  after(async () => {
    model.open();
    client.close();
    await server.stop();
    await stack.batcher.close();
  });

  it('answers Embed UNAVAILABLE until the warm-up is over, so a flood cannot fail the start', async () => {
    await model.started(1); // the warm-up pass is in the model
    // Ten full calls: ten times what the queue holds.
    const flood = await Promise.allSettled(
      Array.from({ length: 10 }, (_, call) =>
        client.unary('embed', { texts: Array.from({ length: MAX_TEXTS }, (_, i) => `flood ${call} ${i}`) }),
      ),
    );
    for (const result of flood) {
      assert.equal(result.status, 'rejected');
      assert.equal(Reflect.get(result.reason as object, 'code'), status.UNAVAILABLE);
      assert.equal(Reflect.get(result.reason as object, 'details'), WARMING_UP);
    }
    assert.deepEqual(
      { queued: stack.batcher.stats().queued, rejected: stack.batcher.stats().rejected },
      { queued: 0, rejected: 0 },
    );
    const info = await client.unary('getInfo', {});
    assert.equal(info.ready, false);
    assert.equal(await checkHealth(server.address), 'NOT_SERVING');
    assert.equal(await checkHealth(server.address, serviceNames.embedding), 'NOT_SERVING');

    model.open();
    await warming;
    assert.equal(await checkHealth(server.address, serviceNames.embedding), 'SERVING');
    assert.equal((await client.unary('getInfo', {})).ready, true);
    const res = await client.unary('embed', { texts: ['Checkout', 'Something new'] });
    assert.equal(res.cacheHits, 1);
    assert.equal(res.vectors.length, 2);
    // The model saw the warm-up pass, the pre-warm texts and the last call, nothing of the flood.
    assert.deepEqual(model.batches, [['warm-up'], ['Sign in', 'Checkout'], ['Something new']]);
  });
});
