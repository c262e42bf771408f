// Pattern memory and request checks through gRPC: scribe in-process with the real embedding service
// (lexical model) as a process. The runner is not needed here: nothing in these tests explores.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { freePort } from '@superagent/devkit';
import { common, scribe } from '@superagent/proto';
import { type ScribeUnderTest, startScribe, startService } from './stack';
import type { ManagedProcess } from '@superagent/devkit';

const SITE = 'http://127.0.0.1:4173';
const LOGIN_SPEC = `import { test, expect } from '@playwright/test';

const EMAIL = process.env.E2E_EMAIL ?? 'demo@example.com';
const PASSWORD = process.env.E2E_PASSWORD ?? 'demo-pass';

test.describe('Log in', () => {
  test('logs in', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(EMAIL);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome, Demo User' })).toBeVisible();
  });
});
`;
const LOGIN =
  'Log in with email demo@example.com and password demo-pass and see the welcome message "Welcome, Demo User".';
const PARAPHRASE =
  'Sign in using the address demo@example.com and the password demo-pass, then check that "Welcome, Demo User" appears.';
const UNRELATED = 'Turn on the dark mode switch in the settings and see that the theme changes.';

/** The login spec as passed on SITE, with `init` changed. */
const rememberLogin = (init: Partial<scribe.RememberPatternRequest> = {}): scribe.RememberPatternRequest =>
  scribe.RememberPatternRequest.fromPartial({
    description: LOGIN,
    baseUrl: SITE,
    specSource: LOGIN_SPEC,
    passed: true,
    startPath: '/login',
    ...init,
  });

describe('pattern memory and request checks over gRPC', { timeout: 120_000 }, () => {
  let embedding: { process: ManagedProcess; address: string };
  let sut: ScribeUnderTest;

  before(async () => {
    embedding = await startService('embedding', {});
    // Nothing here explores: the runner address is a closed port on purpose.
    sut = await startScribe({
      EMBEDDING_ADDR: embedding.address,
      RUNNER_ADDR: `127.0.0.1:${await freePort()}`,
    });
  });

  after(async () => {
    await sut?.close();
    await embedding?.process.stop();
  });

  const remember = (init: Partial<scribe.RememberPatternRequest>) =>
    sut.client.unary('rememberPattern', rememberLogin(init));
  const search = (query: string, site = SITE) =>
    sut.client.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query, site }));

  test('a remembered pattern is found for a paraphrase and not for an unrelated description', async (t) => {
    const stored = await remember({
      locators: [
        {
          target: 'log in button',
          locator: "page.getByRole('button', { name: 'Log in' })",
          role: 'button',
          name: 'Log in',
        },
      ],
    });
    assert.match(stored.embeddingModel, /@/);
    const para = await search(PARAPHRASE);
    t.diagnostic(`paraphrase score ${para.hits[0]?.score}`);
    assert.equal(para.hits[0]?.pattern?.patternId, stored.patternId);
    assert.ok((para.hits[0]?.score ?? 0) >= 0.7);
    assert.equal(para.backend, 'embedded');
    assert.equal(para.embeddingModel, stored.embeddingModel);
    assert.equal(para.hits[0]?.pattern?.locators[0]?.name, 'Log in');
    const unrelated = await search(UNRELATED);
    const all = await sut.client.unary(
      'searchPatterns',
      scribe.SearchPatternsRequest.fromPartial({ query: UNRELATED, minScore: 0 }),
    );
    t.diagnostic(`unrelated score ${all.hits[0]?.score}`);
    assert.deepEqual(unrelated.hits, []);
    const otherSite = await search(PARAPHRASE, 'http://127.0.0.1:9999');
    assert.deepEqual(otherSite.hits, []);
  });

  test('with SCRIBE_EMBEDDED_PATH, a remembered pattern is still found after scribe restarts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scribe-patterns-'));
    const env = {
      EMBEDDING_ADDR: embedding.address,
      RUNNER_ADDR: `127.0.0.1:${await freePort()}`,
      SCRIBE_EMBEDDED_PATH: path.join(dir, 'patterns.jsonl'),
    };
    try {
      const first = await startScribe(env);
      let stored: scribe.RememberPatternResponse;
      try {
        stored = await first.client.unary('rememberPattern', rememberLogin());
      } finally {
        await first.close();
      }
      const second = await startScribe(env);
      try {
        const found = await second.client.unary(
          'searchPatterns',
          scribe.SearchPatternsRequest.fromPartial({ query: PARAPHRASE, site: SITE }),
        );
        assert.equal(found.hits[0]?.pattern?.patternId, stored.patternId);
        assert.equal(found.hits[0]?.pattern?.specSource, LOGIN_SPEC);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('remembering the same spec again reinforces it; a failed run counts as a failure', async () => {
    const a = await remember({ specSource: LOGIN_SPEC.replace('logs in', 'logs in again') });
    const b = await remember({ specSource: LOGIN_SPEC.replace('logs in', 'logs in again') });
    const c = await remember({ specSource: LOGIN_SPEC.replace('logs in', 'logs in again'), passed: false });
    assert.equal(a.created, true);
    assert.equal(b.created, false);
    assert.equal(b.patternId, a.patternId);
    assert.equal(b.passCount, 2);
    assert.equal(c.passCount, 2);
    const hit = (await search(LOGIN)).hits.find((h) => h.pattern?.patternId === a.patternId);
    assert.equal(hit?.pattern?.failCount, 1);
  });

  test('the same task remembering the same spec again (a repeated stage) counts one pass', async () => {
    const spec = LOGIN_SPEC.replace('logs in', 'logs in once');
    const first = await remember({ specSource: spec, taskId: 'task-repeated' });
    const repeat = await remember({ specSource: spec, taskId: 'task-repeated' });
    assert.equal(repeat.patternId, first.patternId);
    assert.equal(repeat.passCount, 1);
    const other = await remember({ specSource: spec, taskId: 'task-other' });
    assert.equal(other.passCount, 2);
  });

  const generate = (init: Partial<scribe.GenerateTestRequest>) =>
    sut.client.unary(
      'generateTest',
      scribe.GenerateTestRequest.fromPartial({
        description: LOGIN,
        baseUrl: SITE,
        startPath: '/login',
        ...init,
      }),
    );

  const invalid = async (p: Promise<unknown>, field: string): Promise<void> => {
    await assert.rejects(p, (err: Error & { code?: number; details?: string }) => {
      assert.equal(err.code, 3, err.message);
      assert.ok(err.details?.startsWith(`${field}:`), err.details);
      return true;
    });
  };

  test('bad GenerateTest input is INVALID_ARGUMENT naming the field', async () => {
    await invalid(generate({ description: '   ' }), 'description');
    await invalid(generate({ description: 'x'.repeat(8193) }), 'description');
    await invalid(generate({ baseUrl: 'not a url' }), 'base_url');
    await invalid(generate({ baseUrl: 'file:///etc/passwd' }), 'base_url');
    await invalid(generate({ baseUrl: 'http://example.com' }), 'base_url');
    await invalid(generate({ baseUrl: 'http://user:pw@127.0.0.1:4173' }), 'base_url');
    await invalid(generate({ tier: 42 as common.Tier }), 'tier');
    await invalid(generate({ startPath: 'http://evil.test/' }), 'start_path');
    await invalid(generate({ startPath: '//evil.test/x' }), 'start_path');
    await invalid(
      generate({ options: scribe.GenerateOptions.fromPartial({ maxAttempts: 4 }) }),
      'options.max_attempts',
    );
    await invalid(
      generate({ options: scribe.GenerateOptions.fromPartial({ maxSteps: 0 }) }),
      'options.max_steps',
    );
    await invalid(
      generate({ options: scribe.GenerateOptions.fromPartial({ fileName: '../x.ts' }) }),
      'options.file_name',
    );
    await invalid(generate({ modelId: 'bad model id!' }), 'model_id');
  });

  test('bad pattern and validation input is INVALID_ARGUMENT naming the field', async () => {
    await invalid(remember({ description: '' }), 'description');
    await invalid(remember({ baseUrl: 'ftp://x' }), 'base_url');
    await invalid(remember({ specSource: '' }), 'spec_source');
    await invalid(
      remember({
        locators: Array.from({ length: 201 }, () =>
          scribe.PatternLocator.fromPartial({ target: 't', locator: 'l' }),
        ),
      }),
      'locators',
    );
    await invalid(
      sut.client.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: '' })),
      'query',
    );
    await invalid(
      sut.client.unary('searchPatterns', scribe.SearchPatternsRequest.fromPartial({ query: 'x', topK: 51 })),
      'top_k',
    );
    await invalid(
      sut.client.unary(
        'searchPatterns',
        scribe.SearchPatternsRequest.fromPartial({ query: 'x', minScore: 1.5 }),
      ),
      'min_score',
    );
    await invalid(
      sut.client.unary('validateTest', scribe.ValidateTestRequest.fromPartial({ specSource: '' })),
      'spec_source',
    );
  });

  const step = (init: Partial<scribe.Step> = {}): scribe.Step =>
    scribe.Step.fromPartial({
      action: scribe.StepAction.CLICK,
      phrase: 'click the log in button',
      target: 'log in button',
      locator: "page.getByRole('button', { name: 'Log in' })",
      resolved: true,
      matchScore: 0.9,
      ...init,
    });
  /** Five steps, the one at `at` changed by `init`. */
  const steps = (at: number, init: Partial<scribe.Step>): scribe.Step[] =>
    Array.from({ length: 5 }, (_, i) => step({ index: i, ...(i === at ? init : {}) }));

  test('RememberPattern bounds its steps: too many, or a step string over 8 KiB, is INVALID_ARGUMENT naming it', async () => {
    await invalid(remember({ steps: Array.from({ length: 101 }, (_, i) => step({ index: i })) }), 'steps');
    const over = 'x'.repeat(8193);
    await invalid(remember({ steps: steps(3, { target: over }) }), 'steps[3].target');
    await invalid(remember({ steps: steps(0, { phrase: over }) }), 'steps[0].phrase');
    await invalid(
      remember({ steps: steps(4, { locator: `page.getByText('${over}')` }) }),
      'steps[4].locator',
    );
    await invalid(remember({ steps: steps(1, { value: over }) }), 'steps[1].value');
    // Bytes, as for the description: 4,097 two-byte letters are 8,194 bytes.
    await invalid(remember({ steps: steps(2, { value: 'é'.repeat(4097) }) }), 'steps[2].value');
    // At the limit the pattern is stored, steps and all.
    const full = 'y'.repeat(8192);
    const spec = LOGIN_SPEC.replace('logs in', 'logs in with full steps');
    const stored = await remember({
      specSource: spec,
      steps: steps(2, { phrase: full, target: full, locator: full, value: 'é'.repeat(4096) }),
    });
    const hit = (await search(LOGIN)).hits.find((h) => h.pattern?.patternId === stored.patternId);
    assert.equal(hit?.pattern?.steps.length, 5);
    assert.equal(hit?.pattern?.steps[2]?.target, full);
    assert.equal(hit?.pattern?.steps[2]?.value, 'é'.repeat(4096));
  });

  test("RememberPattern range-checks a step's index, action and match score, naming the field", async () => {
    // A position past the largest step list (100 steps), or before the first.
    await invalid(remember({ steps: steps(1, { index: -1 }) }), 'steps[1].index');
    await invalid(remember({ steps: steps(3, { index: 100 }) }), 'steps[3].index');
    await invalid(remember({ steps: steps(0, { index: 2 ** 31 - 1 }) }), 'steps[0].index');
    // An action the API does not define (a newer client's, or garbage) is not stored as UNRECOGNIZED.
    await invalid(remember({ steps: steps(4, { action: 99 as scribe.StepAction }) }), 'steps[4].action');
    await invalid(
      remember({ steps: steps(2, { action: scribe.StepAction.UNRECOGNIZED }) }),
      'steps[2].action',
    );
    // A similarity is 0 .. 1; NaN and the infinities are none.
    for (const matchScore of [1.5, -0.25, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      await invalid(remember({ steps: steps(2, { matchScore }) }), 'steps[2].match_score');
    // At the bounds the steps are stored as given.
    const spec = LOGIN_SPEC.replace('logs in', 'logs in with steps at their bounds');
    const stored = await remember({
      specSource: spec,
      steps: [
        step({ index: 0, action: scribe.StepAction.UNSPECIFIED, matchScore: 0 }),
        step({ index: 99, action: scribe.StepAction.EXPECT_STATE, matchScore: 1 }),
      ],
    });
    const found = await sut.client.unary(
      'searchPatterns',
      scribe.SearchPatternsRequest.fromPartial({ query: LOGIN, site: SITE, topK: 50 }),
    );
    const hit = found.hits.find((h) => h.pattern?.patternId === stored.patternId);
    assert.deepEqual(
      hit?.pattern?.steps.map((s) => [s.index, s.action, s.matchScore]),
      [
        [0, scribe.StepAction.UNSPECIFIED, 0],
        [99, scribe.StepAction.EXPECT_STATE, 1],
      ],
    );
  });

  test('LLM tiers without an API key are FAILED_PRECONDITION, never faked', async () => {
    await assert.rejects(
      generate({ tier: common.Tier.SONNET }),
      (err: Error & { code?: number; details?: string }) => {
        assert.equal(err.code, 9);
        assert.match(err.details ?? '', /ANTHROPIC_API_KEY/);
        return true;
      },
    );
  });

  test('ValidateTest reports the critic and the type check without running anything', async () => {
    const ok = await sut.client.unary(
      'validateTest',
      scribe.ValidateTestRequest.fromPartial({ specSource: LOGIN_SPEC, baseUrl: SITE }),
    );
    assert.equal(ok.report?.accepted, true);
    assert.equal(ok.report?.typeChecked, true);
    const bad = LOGIN_SPEC.replace("page.goto('/login')", "page.goto('http://127.0.0.1:4173/login')")
      .replace('.click();', '.click({ force: true });\n    await page.waitForTimeout(100);')
      .replace('toBeVisible()', 'toBeVisibel()');
    const res = await sut.client.unary(
      'validateTest',
      scribe.ValidateTestRequest.fromPartial({ specSource: bad, baseUrl: SITE }),
    );
    assert.equal(res.report?.accepted, false);
    assert.deepEqual(
      res.report?.findings.map((f) => f.ruleId),
      ['no-hardcoded-host', 'no-force', 'no-wait-for-timeout'],
    );
    assert.ok(res.report?.findings.every((f) => f.severity === scribe.Severity.REJECT));
    assert.ok(res.report?.typeDiagnostics.some((d) => /toBeVisibel/.test(d.message)));
  });

  test('ValidateTest rejects a spec nested too deeply to parse instead of failing INTERNAL', async () => {
    const deep = LOGIN_SPEC.replace(
      "page.goto('/login')",
      `page.goto('/login' + ${'('.repeat(5_000)}''${')'.repeat(5_000)})`,
    );
    assert.notEqual(deep, LOGIN_SPEC);
    const res = await sut.client.unary(
      'validateTest',
      scribe.ValidateTestRequest.fromPartial({ specSource: deep, baseUrl: SITE }),
    );
    assert.equal(res.report?.accepted, false);
    assert.deepEqual(
      res.report?.findings.map((f) => [f.ruleId, f.severity]),
      [['too-deeply-nested', scribe.Severity.REJECT]],
    );
  });
});
