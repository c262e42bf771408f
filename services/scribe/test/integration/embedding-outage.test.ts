// Issue 10, breakers and degradation, with real processes: scribe (its own main.js), the runner,
// the embedding service and the demo app all run as processes. The embedding service is SIGKILLed
// mid-way and later restarted on the same port. While it is dead, GenerateTest still returns an
// accepted spec — without pattern retrieval (no warm path, no patterns used) and matching page
// elements by words — instead of failing; scribe's breaker for `embedding` opens (a log line
// scribe writes to stdout). After the restart the breaker goes half-open, closes, and retrieval
// is back: the remembered spec is answered from memory again.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { type DemoApp, demoFeatures, startDemoApp } from '@superagent/demo';
import { freePort, type ManagedProcess, startServiceProcess, waitFor } from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, scribe } from '@superagent/proto';
import { startService } from './stack';

type ScribeClient = GrpcClient<typeof scribe.ScribeServiceService>;

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');

let app: DemoApp | undefined;
let runnerProcess: ManagedProcess | undefined;
let embedding: ManagedProcess | undefined;
let scribeProcess: ManagedProcess | undefined;
/** Every line scribe wrote, stdout and stderr interleaved: its breaker and fallback log lines. */
const scribeLines: string[] = [];
let client: ScribeClient | undefined;
let runnerAddress = '';
let embeddingPort = 0;

/** The embedding service on a fixed port, so a restart comes back where scribe looks for it. */
async function startEmbedding(port: number): Promise<ManagedProcess> {
  const started = await startServiceProcess('embedding', { port, cwd: REPO, timeoutMs: 60_000 });
  return started.process;
}

before(async () => {
  app = await startDemoApp({ port: 0 });
  embeddingPort = await freePort();
  const [runner, emb] = await Promise.allSettled([
    startService('runner', {
      RUNNER_BROWSERS: '1',
      RUNNER_WORKERS: '2',
      RUNNER_MAX_EXPLORE_SESSIONS: '2',
      RUNNER_TRACE: 'off',
      RUNNER_SCREENSHOT_ON_FAILURE: 'false',
    }),
    startEmbedding(embeddingPort),
  ]);
  if (runner.status === 'fulfilled') {
    runnerProcess = runner.value.process;
    runnerAddress = runner.value.address;
  }
  if (emb.status === 'fulfilled') embedding = emb.value;
  if (runner.status === 'rejected') throw runner.reason;
  if (emb.status === 'rejected') throw emb.reason;

  const scribeService = await startServiceProcess('scribe', {
    // info: the breaker's half-open and closed lines are info, its open line a warning.
    logLevel: 'info',
    env: {
      RUNNER_ADDR: runnerAddress,
      EMBEDDING_ADDR: `127.0.0.1:${embeddingPort}`,
      SCRIBE_EMBED_DEADLINE_MS: '500',
      SCRIBE_VECTOR_BACKEND: 'embedded',
    },
    cwd: REPO,
    timeoutMs: 60_000,
    onLine: (line) => {
      scribeLines.push(line);
    },
  });
  scribeProcess = scribeService.process;
  const address = scribeService.address;
  client = createClient(scribe.ScribeServiceService, address, {
    target: 'scribe',
    defaultDeadlineMs: 60_000,
    logger: silentLogger(),
    breaker: false,
  });
});

after(async () => {
  client?.close();
  const running = [scribeProcess, embedding, runnerProcess].filter((p) => p !== undefined);
  await Promise.allSettled(running.map((p) => p.stop('SIGTERM', 10_000)));
  await app?.stop();
});

interface LogEntry {
  target?: string;
  state?: string;
  msg?: string;
}

function scribeLog(): LogEntry[] {
  return scribeLines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogEntry);
}

/** Breaker state changes for `embedding`, in the order scribe logged them. */
function embeddingBreaker(): string[] {
  return scribeLog()
    .filter((e) => e.target === 'embedding' && e.msg?.startsWith('circuit breaker') && e.state)
    .map((e) => e.state ?? '');
}

test('a dead embedding service: scribe generates without retrieval, then recovers it after a restart', async (t) => {
  assert.ok(client && app && embedding);
  const sut = client;
  const feature = demoFeatures.find((f) => f.id === 'product-search');
  assert.ok(feature);
  // Same values, other words: its vector is not in scribe's own cache, so only the embedding
  // service can tell that it means the remembered description.
  const paraphrase =
    'Look up "lamp" in the product search and check that only two lamps are listed in the results; then search "zzz" and expect "No results".';
  const generate = (description: string) =>
    sut.unary(
      'generateTest',
      scribe.GenerateTestRequest.fromPartial({
        tier: common.Tier.LOCAL,
        description,
        baseUrl: app?.url ?? '',
        startPath: feature.startPath,
      }),
    );

  // Healthy: explore, remember the spec, and a paraphrase is then answered from memory. (Only the
  // original's vector is cached in scribe; the paraphrase is first embedded after the outage.)
  const first = await generate(feature.description);
  assert.ok(first.validation?.accepted);
  await sut.unary(
    'rememberPattern',
    scribe.RememberPatternRequest.fromPartial({
      description: feature.description,
      baseUrl: app.url,
      specSource: first.specSource,
      passed: true,
      fileName: first.fileName,
      startPath: feature.startPath,
      steps: first.steps,
    }),
  );
  const warm = await generate(feature.description);
  assert.equal(warm.warmPath, true, 'retrieval works while embedding is up');

  // Dead: the paraphrase explores and generates by words, with nothing retrieved.
  embedding.kill('SIGKILL');
  await embedding.exited;
  const degraded = await generate(paraphrase);
  assert.ok(degraded.validation?.accepted, JSON.stringify(degraded.validation?.findings));
  assert.match(degraded.specSource, /test\(/);
  assert.equal(degraded.warmPath, false);
  assert.deepEqual(degraded.patternsUsed, []);
  assert.ok(degraded.exploreSteps > 0, 'it explored the page instead');
  assert.ok(
    scribeLog().some((e) => e.msg === 'pattern retrieval unavailable; generating without memory'),
    'the fallback is logged',
  );
  // Pattern search needs vectors: it fails as UNAVAILABLE, and repeated failures open the breaker,
  // after which calls fail fast without touching the network.
  await waitFor(
    async () => {
      await assert.rejects(
        sut.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: 'find a lamp' })),
        /UNAVAILABLE/,
      );
      return embeddingBreaker().includes('open');
    },
    { timeoutMs: 20_000, intervalMs: 20, what: 'the embedding breaker to open' },
  );
  const fallback = await generate(paraphrase);
  assert.ok(fallback.validation?.accepted, 'still generating with the breaker open');
  assert.equal(fallback.warmPath, false);

  // Restarted on the same port: the breaker lets a trial call through, closes, retrieval is back.
  embedding = await startEmbedding(embeddingPort);
  const restartedAt = Date.now();
  await waitFor(
    async () => {
      try {
        await sut.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: 'find a lamp' }));
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 20_000, intervalMs: 250, what: 'pattern search after the restart' },
  );
  const recoveredMs = Date.now() - restartedAt;
  const again = await generate(paraphrase);
  assert.equal(again.warmPath, true, 'retrieval is back');
  assert.equal(again.patternsUsed[0]?.usage, 'warm_path');
  // open → half-open (→ open again if a trial call came while it was still down) → closed.
  const states = embeddingBreaker();
  assert.equal(states[0], 'open', states.join());
  assert.deepEqual(states.slice(-2), ['half-open', 'closed'], states.join());
  assert.ok(!states.slice(0, -1).includes('closed'), states.join());
  assert.equal(scribeProcess?.running(), true, 'scribe never crashed');
  t.diagnostic(`retrieval back ${recoveredMs} ms after the embedding service restarted`);
});
