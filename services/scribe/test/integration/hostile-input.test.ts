import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { status } from '@grpc/grpc-js';
import {
  assertServing,
  assertStatus,
  BEYOND_2_53,
  hostileTests,
  invalidField as invalid,
  INVALID_UTF8,
  rawClient,
  rawUnary,
  standardRows,
  wire,
  type HostileRow,
  type ManagedProcess,
  type RawSend,
} from '@superagent/devkit';
import { scribe } from '@superagent/proto';
import { type ScribeUnderTest, startScribe, startService } from './stack';

// Bad and extreme input for every ScribeService RPC, as raw bytes over real gRPC, against scribe
// in-process with the real embedding service. The runner address accepts connections and never
// answers, so a valid GenerateTest is still in flight when its deadline passes or it is cancelled.
// Each row gets its status code (INVALID_ARGUMENT naming the field), and scribe answers afterwards.

const SERVICE = '/superagent.scribe.v1.ScribeService/';
const SITE = 'http://127.0.0.1:4173';
const SPEC = `import { test, expect } from '@playwright/test';

test('opens the help dialog', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Help' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
});
`;

let embeddingService: { process: ManagedProcess; address: string };
let blackhole: Server;
const held = new Set<Socket>();
let sut: ScribeUnderTest;
let client: ReturnType<typeof rawClient>;

before(async () => {
  blackhole = createServer((socket) => {
    held.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  const address = blackhole.address();
  assert.ok(address !== null && typeof address === 'object');
  embeddingService = await startService('embedding', {});
  sut = await startScribe({
    EMBEDDING_ADDR: embeddingService.address,
    RUNNER_ADDR: `127.0.0.1:${address.port}`,
    SCRIBE_TYPE_CHECK: 'false',
  });
  client = rawClient(sut.server.address);
});
after(async () => {
  client?.close();
  await sut?.close();
  await embeddingService?.process.stop();
  for (const s of held) s.destroy();
  await new Promise<void>((resolve) => (blackhole ? blackhole.close(() => resolve()) : resolve()));
});

const send =
  (method: string): RawSend =>
  (body, options) =>
    rawUnary(client, SERVICE + method, body, options);

const generate = (r: Partial<scribe.GenerateTestRequest>): Buffer =>
  Buffer.from(
    scribe.GenerateTestRequest.encode(
      scribe.GenerateTestRequest.fromPartial({ description: 'Open the help dialog', baseUrl: SITE, ...r }),
    ).finish(),
  );
const validate = (r: Partial<scribe.ValidateTestRequest>): Buffer =>
  Buffer.from(
    scribe.ValidateTestRequest.encode(
      scribe.ValidateTestRequest.fromPartial({ specSource: SPEC, ...r }),
    ).finish(),
  );
const remember = (r: Partial<scribe.RememberPatternRequest>): Buffer =>
  Buffer.from(
    scribe.RememberPatternRequest.encode(
      scribe.RememberPatternRequest.fromPartial({
        description: 'Open the help dialog',
        baseUrl: SITE,
        specSource: SPEC,
        passed: true,
        ...r,
      }),
    ).finish(),
  );
const search = (r: Partial<scribe.SearchPatternsRequest>): Buffer =>
  Buffer.from(
    scribe.SearchPatternsRequest.encode(
      scribe.SearchPatternsRequest.fromPartial({ query: 'help dialog', ...r }),
    ).finish(),
  );

const huge = 'x'.repeat(300_000);
const tenK = <T>(item: T): T[] => Array.from({ length: 10_000 }, () => item);

const rows: HostileRow[] = [
  ...standardRows('GenerateTest', send('GenerateTest'), {
    empty: invalid('description'),
    valid: generate({}),
    invalidUtf8: Buffer.concat([wire.bytes(1, INVALID_UTF8), wire.string(2, SITE)]),
    beyond2to53: Buffer.concat([generate({}), wire.message(7, wire.varint(4, BEYOND_2_53))]),
  }),
  {
    name: 'GenerateTest: huge description',
    send: () => send('GenerateTest')(generate({ description: huge })),
    ...invalid('description'),
  },
  {
    name: 'GenerateTest: a description of zero-width and control characters only',
    send: () => send('GenerateTest')(generate({ description: '\u200b\u200d\u0007\ufeff' })),
    ...invalid('description'),
  },
  {
    name: 'GenerateTest: base_url outside the allowed origins',
    send: () => send('GenerateTest')(generate({ baseUrl: 'http://169.254.169.254' })),
    ...invalid('base_url'),
  },
  {
    name: 'GenerateTest: unknown tier',
    send: () => send('GenerateTest')(Buffer.concat([generate({}), wire.varint(4, 99)])),
    ...invalid('tier'),
  },
  {
    name: 'GenerateTest: negative max_attempts',
    send: () =>
      send('GenerateTest')(generate({ options: scribe.GenerateOptions.fromPartial({ maxAttempts: -1 }) })),
    ...invalid('options.max_attempts'),
  },
  {
    name: 'GenerateTest: negative explore timeout',
    send: () =>
      send('GenerateTest')(
        generate({ options: scribe.GenerateOptions.fromPartial({ exploreTimeoutMs: -1 }) }),
      ),
    ...invalid('options.explore_timeout_ms'),
  },
  {
    name: 'GenerateTest: huge feedback spec',
    send: () =>
      send('GenerateTest')(
        generate({ feedback: scribe.Feedback.fromPartial({ previousSpec: 'x'.repeat(300_000) }) }),
      ),
    ...invalid('feedback.previous_spec'),
  },
  {
    name: 'GenerateTest: 10k feedback findings',
    send: () =>
      send('GenerateTest')(
        generate({
          feedback: scribe.Feedback.fromPartial({
            findings: tenK(scribe.Finding.fromPartial({ message: 'm' })),
          }),
        }),
      ),
    ...invalid('feedback.findings'),
  },
  {
    name: 'GenerateTest: a huge feedback finding',
    send: () =>
      send('GenerateTest')(
        generate({
          feedback: scribe.Feedback.fromPartial({
            findings: [scribe.Finding.fromPartial({ message: huge })],
          }),
        }),
      ),
    ...invalid('feedback.findings[0].message'),
  },
  {
    name: 'GenerateTest: message over the 4 MiB limit',
    send: () => send('GenerateTest')(generate({ description: 'x'.repeat(5 * 1024 * 1024) })),
    code: status.RESOURCE_EXHAUSTED,
  },
  {
    name: 'GenerateTest: deadline passes while exploring',
    send: () => send('GenerateTest')(generate({}), { deadlineMs: 300 }),
    code: status.DEADLINE_EXCEEDED,
  },
  {
    name: 'GenerateTest: cancelled while exploring',
    send: () => send('GenerateTest')(generate({}), { cancelAfterMs: 300 }),
    code: status.CANCELLED,
  },

  ...standardRows('ValidateTest', send('ValidateTest'), {
    empty: invalid('spec_source'),
    valid: validate({}),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
  }),
  {
    name: 'ValidateTest: huge spec',
    send: () => send('ValidateTest')(validate({ specSource: 'x'.repeat(300_000) })),
    ...invalid('spec_source'),
  },
  {
    name: 'ValidateTest: bad base_url',
    send: () => send('ValidateTest')(validate({ baseUrl: 'file:///etc/passwd' })),
    ...invalid('base_url'),
  },

  ...standardRows('RememberPattern', send('RememberPattern'), {
    empty: invalid('description'),
    valid: remember({}),
    invalidUtf8: Buffer.concat([remember({}), wire.message(4, wire.bytes(1, INVALID_UTF8))]),
  }),
  {
    name: 'RememberPattern: huge description',
    send: () => send('RememberPattern')(remember({ description: huge })),
    ...invalid('description'),
  },
  {
    name: 'RememberPattern: 10k locators',
    send: () =>
      send('RememberPattern')(
        remember({ locators: tenK(scribe.PatternLocator.fromPartial({ target: 't' })) }),
      ),
    ...invalid('locators'),
  },
  {
    name: 'RememberPattern: 10k steps',
    send: () => send('RememberPattern')(remember({ steps: tenK(scribe.Step.fromPartial({ phrase: 'p' })) })),
    ...invalid('steps'),
  },
  {
    name: 'RememberPattern: huge locator',
    send: () =>
      send('RememberPattern')(remember({ locators: [scribe.PatternLocator.fromPartial({ locator: huge })] })),
    ...invalid('locators[0].locator'),
  },

  ...standardRows('SearchPatterns', send('SearchPatterns'), {
    empty: invalid('query'),
    valid: search({}),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
  }),
  {
    name: 'SearchPatterns: huge query',
    send: () => send('SearchPatterns')(search({ query: huge })),
    ...invalid('query'),
  },
  {
    name: 'SearchPatterns: negative top_k',
    send: () => send('SearchPatterns')(search({ topK: -1 })),
    ...invalid('top_k'),
  },
  {
    name: 'SearchPatterns: negative min_score',
    send: () => send('SearchPatterns')(search({ minScore: -0.5 })),
    ...invalid('min_score'),
  },
  {
    name: 'SearchPatterns: NaN min_score',
    send: () => send('SearchPatterns')(Buffer.concat([search({}), wire.fixed32(4, 0x7fc00000)])),
    ...invalid('min_score'),
  },
  {
    name: 'SearchPatterns: a pattern as site',
    send: () => send('SearchPatterns')(search({ site: '*' })),
    ...invalid('site'),
  },
];

describe('ScribeService: hostile input', () => {
  hostileTests(rows, async () => {
    await assertServing(client);
    assertStatus(await send('ValidateTest')(validate({})), status.OK);
  });
});

describe('ScribeService: pattern payloads stay data and stay within their site', () => {
  test('hostile text remembered for one site is stored verbatim and never found for another', async () => {
    const description = `Open the help dialog "} {"must": []} ' OR 1=1 -- \u{1F600}`;
    const stored = await send('RememberPattern')(remember({ description, baseUrl: 'http://127.0.0.1:5001' }));
    assertStatus(stored, status.OK);
    const found = await send('SearchPatterns')(search({ query: description, site: 'http://127.0.0.1:5001' }));
    assertStatus(found, status.OK);
    const hits = scribe.SearchPatternsResponse.decode(found.messages[0] ?? Buffer.alloc(0)).hits;
    assert.ok(hits.some((h) => h.pattern?.description === description));
    for (const site of ['http://127.0.0.1:500', 'http://127.0.0.1:50010', 'http://127.0.0.1']) {
      const other = await send('SearchPatterns')(search({ query: description, site }));
      assertStatus(other, status.OK);
      const otherHits = scribe.SearchPatternsResponse.decode(other.messages[0] ?? Buffer.alloc(0)).hits;
      assert.ok(!otherHits.some((h) => h.pattern?.description === description), site);
    }
  });
});
