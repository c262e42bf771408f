// Scribe and the embedding service it really talks to: models and limits are the service's, never
// assumed. The embedding service runs as its own process (restarted on the same port with another
// model or other limits, the way a deploy changes it); scribe runs in-process.
// - A model change is seen before a vector is stored: RememberPattern right after a switch is stamped
//   with the new model and found again; a call mixing cached and new texts at the switch gets every
//   vector from the new model; cached vectors are re-checked after `modelCheckMs`.
// - Limits come from GetInfo: more texts than one call allows are split, longer texts are cut, and
//   limits lowered by a restart are learned on the rejected call.
// - An embedding service that refuses scribe's request is INTERNAL for scribe's caller, not UNAVAILABLE.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort, type ManagedProcess, startServiceProcess } from '@superagent/devkit';
import { createClient, invalidArgument, startTestServer, type TestServer, unary } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding, scribe, serviceNames } from '@superagent/proto';
import { createEmbedder, createEmbeddingClient, type Embedder } from '../../src/clients/embedder';
import { type ScribeUnderTest, startScribe } from './stack';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');
const TINY_MODEL_DIR = path.join(
  REPO,
  'services',
  'embedding',
  'fixtures',
  'superagent-fixture-tiny-bert-random',
);
const SITE = 'http://127.0.0.1:4173';
const SPEC = `import { test, expect } from '@playwright/test';

test.describe('Save', () => {
  test('saves', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved')).toBeVisible();
  });
});
`;
const QUERY = 'Click the save button and see Saved';

type GrpcFailure = Error & { code?: number; details?: string };

/** The embedding service as a process on `port` (the same port across restarts). */
async function startEmbeddingAt(port: number, env: Record<string, string> = {}): Promise<ManagedProcess> {
  return (await startServiceProcess('embedding', { port, env, cwd: REPO, timeoutMs: 90_000 })).process;
}

/** name@revision the service reports, asked directly. */
async function modelOf(address: string): Promise<{ id: string; dimension: number }> {
  const client = createClient(embedding.EmbeddingServiceService, address, {
    target: 'embedding-probe',
    defaultDeadlineMs: 10_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    const info = await client.unary('getInfo', {});
    return { id: `${info.modelName}@${info.modelRevision}`, dimension: info.dimension };
  } finally {
    client.close();
  }
}

function embedderFor(address: string, modelCheckMs: number): Embedder {
  return createEmbedder(createEmbeddingClient(address, 10_000, silentLogger()), 100, silentLogger(), {
    modelCheckMs,
  });
}

describe('scribe follows the embedding service it talks to', { timeout: 240_000 }, () => {
  let port = 0;
  let address = '';
  let service: ManagedProcess | undefined;
  let sut: ScribeUnderTest | undefined;
  const embedders: Embedder[] = [];

  before(async () => {
    // A free port can be taken by a test running alongside before the service binds it: try another.
    for (let attempt = 1; service === undefined; attempt++) {
      port = await freePort();
      service = await startEmbeddingAt(port).catch((err: unknown) => {
        if (attempt < 3 && /EADDRINUSE/.test(String(err))) return undefined;
        throw err;
      });
    }
    address = `127.0.0.1:${port}`;
    // Nothing here explores: the runner address is a closed port on purpose.
    sut = await startScribe({ EMBEDDING_ADDR: address, RUNNER_ADDR: `127.0.0.1:${await freePort()}` });
  });

  after(async () => {
    for (const e of embedders) e.close();
    await sut?.close();
    await service?.stop();
  });

  /** Stops the embedding service and starts it again on the same port with `env`. */
  async function restartEmbedding(env: Record<string, string>): Promise<void> {
    await service?.stop();
    service = undefined;
    service = await startEmbeddingAt(port, env);
  }

  test('a model change is seen before a vector is stored or served', async () => {
    assert.ok(sut);
    const client = sut.client;
    const lexical = await modelOf(address);
    const search = (query: string) =>
      client.unary(
        'searchPatterns',
        scribe.SearchPatternsRequest.fromPartial({ query, site: SITE, topK: 5, minScore: 0 }),
      );
    assert.equal((await search(QUERY)).embeddingModel, lexical.id);
    // The query is now in scribe's vector cache under the lexical model.
    assert.equal((await sut.stack.embedder.embed([QUERY]))?.model.id, lexical.id);
    // One embedder trusts a confirmed model for a minute, one checks it on every call.
    const trusting = embedderFor(address, 60_000);
    const checking = embedderFor(address, 0);
    embedders.push(trusting, checking);
    for (const e of [trusting, checking]) {
      assert.equal((await e.embed(['Save', 'Cancel']))?.model.id, lexical.id);
    }

    await restartEmbedding({ EMBEDDING_KIND: 'transformer', EMBEDDING_MODEL_DIR: TINY_MODEL_DIR });
    const transformer = await modelOf(address);
    assert.notEqual(transformer.id, lexical.id);

    // A pattern stored right after the switch is stamped with the model that answers now…
    const stored = await client.unary(
      'rememberPattern',
      scribe.RememberPatternRequest.fromPartial({
        description: QUERY,
        baseUrl: SITE,
        specSource: SPEC,
        passed: true,
      }),
    );
    assert.equal(stored.embeddingModel, transformer.id, 'stamped with the new model');
    // …so searches under that model find it.
    const found = await search(QUERY);
    assert.equal(found.embeddingModel, transformer.id);
    assert.deepEqual(
      found.hits.map((h) => h.pattern?.patternId),
      [stored.patternId],
    );

    // A call mixing a cached text (old model) and a new one at the switch: every vector from the new
    // model, equal to what the service gives for the text now; no error.
    const mixed = await trusting.embed(['Save', 'Delete']);
    assert.ok(mixed, 'the mixed call answers');
    assert.equal(mixed.model.id, transformer.id);
    const alone = await trusting.embedStrict(['Save']);
    assert.equal(alone.model.id, transformer.id);
    assert.deepEqual(mixed.vectors[0], alone.vectors[0]);
    for (const v of mixed.vectors) assert.equal(v.length, transformer.dimension);

    // Every text cached under the old model: served only after the model was checked again.
    const cached = await checking.embed(['Save', 'Cancel']);
    assert.ok(cached);
    assert.equal(cached.model.id, transformer.id);
    for (const v of cached.vectors) assert.equal(v.length, transformer.dimension);
  });

  test('limits come from GetInfo: calls are split, long texts cut, lowered limits learned', async () => {
    assert.ok(sut);
    const client = sut.client;
    await restartEmbedding({ EMBEDDING_MAX_TEXT_CHARS: '500', EMBEDDING_MAX_TEXTS: '4' });
    // Valid for scribe (8 KiB), longer than this embedding service takes per text.
    const description = 'Add the lamp to the cart and see the count. '.repeat(15).trim();
    assert.ok(description.length > 500);
    const stored = await client.unary(
      'rememberPattern',
      scribe.RememberPatternRequest.fromPartial({
        description,
        baseUrl: SITE,
        specSource: SPEC,
        passed: true,
      }),
    );
    const found = await client.unary(
      'searchPatterns',
      scribe.SearchPatternsRequest.fromPartial({ query: description, site: SITE, topK: 5, minScore: 0.99 }),
    );
    assert.deepEqual(
      found.hits.map((h) => h.pattern?.patternId),
      [stored.patternId],
    );

    const e = embedderFor(address, 1000);
    embedders.push(e);
    const texts = Array.from({ length: 10 }, (_, i) => `button number ${i} in the toolbar`);
    const many = await e.embed(texts);
    assert.ok(many, 'ten texts through a service that takes four per call');
    assert.equal(many.vectors.length, texts.length);
    for (const [i, text] of texts.entries()) {
      assert.deepEqual(many.vectors[i], (await e.embedStrict([text])).vectors[0], text);
    }
    // A text past the limit stands for its first 500 characters.
    const [long, head] = (await e.embedStrict([description, description.slice(0, 500)])).vectors;
    assert.ok(long && head);
    assert.deepEqual(long, head);

    // Restarted with lower limits (same model): the rejected call teaches them and succeeds.
    await restartEmbedding({ EMBEDDING_MAX_TEXT_CHARS: '100', EMBEDDING_MAX_TEXTS: '2' });
    const after = await e.embedStrict([description, ...texts.slice(0, 4)]);
    assert.equal(after.vectors.length, 5);
    assert.deepEqual(after.vectors[0], (await e.embedStrict([description.slice(0, 100)])).vectors[0]);
  });
});

describe('an embedding service that refuses what scribe sends', { timeout: 120_000 }, () => {
  // The real service accepts everything scribe now sends (it fits the limits GetInfo reports), so a
  // refusal needs a service that plays by other rules: this one answers GetInfo like the real one
  // and refuses every Embed, as a version with a rule scribe does not know would.
  let standIn: TestServer | undefined;
  let sut: ScribeUnderTest | undefined;

  before(async () => {
    standIn = await startTestServer([
      {
        name: serviceNames.embedding,
        definition: embedding.EmbeddingServiceService,
        implementation: {
          getInfo: unary(() =>
            Promise.resolve(
              embedding.GetInfoResponse.fromPartial({
                modelName: 'stand-in',
                modelRevision: '000000000000',
                dimension: 3,
                kind: embedding.ModelKind.LEXICAL,
                maxBatchSize: 256,
                maxTextLength: 2000,
                ready: true,
              }),
            ),
          ),
          embed: unary(() => Promise.reject(invalidArgument('texts[0]', 'a rule this scribe does not know'))),
        },
      },
    ]);
    sut = await startScribe({
      EMBEDDING_ADDR: standIn.address,
      RUNNER_ADDR: `127.0.0.1:${await freePort()}`,
    });
  });

  after(async () => {
    await sut?.close();
    await standIn?.stop();
  });

  test('RememberPattern and SearchPatterns answer INTERNAL with the reason, not a false outage', async () => {
    assert.ok(sut);
    const client = sut.client;
    const refused = (err: GrpcFailure): boolean => {
      assert.equal(err.code, 13, err.message);
      assert.match(
        err.details ?? '',
        /embedding refused scribe's request \(INVALID_ARGUMENT: texts\[0\]: a rule/,
      );
      return true;
    };
    await assert.rejects(
      client.unary(
        'rememberPattern',
        scribe.RememberPatternRequest.fromPartial({
          description: QUERY,
          baseUrl: SITE,
          specSource: SPEC,
          passed: true,
        }),
      ),
      refused,
    );
    await assert.rejects(
      client.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: QUERY })),
      refused,
    );
  });
});
