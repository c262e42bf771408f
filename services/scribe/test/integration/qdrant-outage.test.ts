// Issue 10, breakers and degradation: scribe configured for Qdrant (SCRIBE_VECTOR_BACKEND=qdrant) whose
// Qdrant is down (a closed port), with the real runner, embedding service and demo app. Pattern search
// fails as UNAVAILABLE, repeated failures open the `qdrant` breaker (a log line) and calls then fail
// fast; GenerateTest still returns an accepted spec without retrieval, the same fallback as a dead
// embedding service; RememberPattern answers UNAVAILABLE fast (its caller treats that as soft).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { demoFeatures } from '@superagent/demo';
import { freePort, waitFor } from '@superagent/devkit';
import { createClient, startTestServer, type TestServer } from '@superagent/grpc';
import { captureLogger } from '@superagent/logging';
import { common, scribe } from '@superagent/proto';
import { loadScribeConfig } from '../../src/config';
import { createScribeStack, type ScribeStack } from '../../src/scribe-stack';
import { createScribeService } from '../../src/server';
import { type DemoStack, type ScribeClient, startDemoStack } from './stack';

const { logger, lines } = captureLogger('scribe', 'info');

let demo: DemoStack | undefined;
let stack: ScribeStack | undefined;
let server: TestServer | undefined;
let client: ScribeClient | undefined;

before(async () => {
  demo = await startDemoStack();
  const config = loadScribeConfig({
    LOG_LEVEL: 'info',
    RUNNER_ADDR: demo.runner.address,
    EMBEDDING_ADDR: demo.embedding.address,
    SCRIBE_VECTOR_BACKEND: 'qdrant',
    // Nothing listens here: every Qdrant request is refused.
    QDRANT_URL: `http://127.0.0.1:${await freePort()}`,
    SCRIBE_QDRANT_TIMEOUT_MS: '300',
  });
  stack = await createScribeStack(config, logger);
  stack.warmUp();
  server = await startTestServer([createScribeService(stack.deps)]);
  client = createClient(scribe.ScribeServiceService, server.address, {
    target: 'scribe',
    defaultDeadlineMs: 60_000,
    logger,
    breaker: false,
  });
});

after(async () => {
  client?.close();
  await server?.stop();
  await stack?.close();
  await demo?.stop();
});

test('Qdrant down: the qdrant breaker opens, pattern calls fail fast, GenerateTest still answers', async (t) => {
  assert.ok(client && demo);
  const sut = client;
  const search = () =>
    sut.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: 'find a lamp' }));

  await waitFor(
    async () => {
      await assert.rejects(search(), /UNAVAILABLE/);
      return lines.some((l) => l.target === 'qdrant' && l.msg === 'circuit breaker opened');
    },
    { timeoutMs: 20_000, intervalMs: 20, what: 'the qdrant breaker to open' },
  );
  const t0 = performance.now();
  await assert.rejects(search(), /UNAVAILABLE.*qdrant: circuit open/);
  const searchMs = performance.now() - t0;

  const feature = demoFeatures.find((f) => f.id === 'product-search');
  assert.ok(feature);
  const generated = await sut.unary(
    'generateTest',
    scribe.GenerateTestRequest.fromPartial({
      tier: common.Tier.LOCAL,
      description: feature.description,
      baseUrl: demo.app.url,
      startPath: feature.startPath,
    }),
  );
  assert.ok(generated.validation?.accepted, JSON.stringify(generated.validation?.findings));
  assert.equal(generated.warmPath, false);
  assert.deepEqual(generated.patternsUsed, []);
  assert.ok(generated.exploreSteps > 0, 'it explored the page instead');
  const fallback = lines.find((l) => l.msg === 'pattern retrieval unavailable; generating without memory');
  assert.match(
    typeof fallback?.err === 'string' ? fallback.err : '',
    /qdrant: circuit open/,
    'the fallback is logged, with the open circuit',
  );

  const t1 = performance.now();
  await assert.rejects(
    sut.unary(
      'rememberPattern',
      scribe.RememberPatternRequest.fromPartial({
        description: feature.description,
        baseUrl: demo.app.url,
        specSource: generated.specSource,
        passed: true,
        fileName: generated.fileName,
        startPath: feature.startPath,
        steps: generated.steps,
      }),
    ),
    /UNAVAILABLE.*qdrant: circuit open/,
  );
  const rememberMs = performance.now() - t1;
  assert.ok(searchMs < 1_000 && rememberMs < 1_000, `fast: search ${searchMs} ms, remember ${rememberMs} ms`);
  t.diagnostic(
    `with the circuit open: SearchPatterns ${searchMs.toFixed(0)} ms, RememberPattern ${rememberMs.toFixed(0)} ms`,
  );
});
