// The spec runtime's semantics without a browser: what Playwright Test does with hooks, modifiers,
// fixtures, timeouts and failures, checked on small specs that log through a `log` fixture.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, it } from 'node:test';
import type { TestResult } from '../../src/domain/run-result';
import { compileSpec } from '../../src/runs/compile-spec';
import { SpecExecutor, type ExecuteOutput } from '../../src/worker/runtime/execute';
import { ExpectBridge } from '../../src/worker/runtime/expect-bridge';
import type { FixtureDef } from '../../src/worker/runtime/model';

process.setSourceMapsEnabled(true);
v8.setFlagsFromString('--expose-gc');
const bridge = new ExpectBridge();
const SPEC_PATH = path.join(os.tmpdir(), 'runner-unit', 'unit.spec.ts');

async function run(source: string): Promise<{ out: ExecuteOutput; log: string[] }> {
  const compiled = compileSpec(source, 'unit.spec.ts');
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.message);
  const log: string[] = [];
  const registry = new Map<string, FixtureDef>([
    ['log', { name: 'log', scope: 'worker', auto: false, option: false, value: log, deps: [] }],
  ]);
  const executor = new SpecExecutor(
    {
      code: compiled.code,
      specPath: SPEC_PATH,
      fileName: 'unit.spec.ts',
      testTimeoutMs: 2000,
      outputDir: path.join(os.tmpdir(), 'runner-unit-out'),
    },
    {
      registry,
      expect: bridge.expectWithTimeout(200),
      moduleExtras: { mergeExpects: bridge.mergeExpectsWithTimeout(200) },
      setExpectTestInfo: (info) => bridge.setTestInfo(info),
      setCurrentTest: () => undefined,
      setRemainingTests: () => undefined,
    },
  );
  const out = await executor.run({ onTestBegin: () => undefined, onTestEnd: () => undefined });
  return { out, log };
}

const H = "import { test, expect } from '@playwright/test';\n";
const statuses = (tests: TestResult[]) => tests.map((t) => `${t.titlePath.join(' > ')}: ${t.status}`);

describe('spec runtime', () => {
  it('runs hooks around nested describes in Playwright order', async () => {
    const { out, log } = await run(`${H}
test.beforeAll(({ log }) => { log.push('beforeAll'); });
test.afterAll(({ log }) => { log.push('afterAll'); });
test.beforeEach(({ log }) => { log.push('beforeEach'); });
test.afterEach(({ log }) => { log.push('afterEach'); });
test('a', ({ log }) => { log.push('a'); });
test.describe('inner', () => {
  test.beforeAll(({ log }) => { log.push('inner beforeAll'); });
  test.afterAll(({ log }) => { log.push('inner afterAll'); });
  test.beforeEach(({ log }) => { log.push('inner beforeEach'); });
  test.afterEach(({ log }) => { log.push('inner afterEach'); });
  test('b', ({ log }) => { log.push('b'); });
});
test('c', ({ log }) => { log.push('c'); });
`);
    assert.deepEqual(statuses(out.tests), ['a: passed', 'inner > b: passed', 'c: passed']);
    assert.deepEqual(log, [
      'beforeAll',
      'beforeEach',
      'a',
      'afterEach',
      'inner beforeAll',
      'beforeEach',
      'inner beforeEach',
      'b',
      'inner afterEach',
      'afterEach',
      'inner afterAll',
      'beforeEach',
      'c',
      'afterEach',
      'afterAll',
    ]);
  });

  it('starts over after an unexpected failure, as a new Playwright worker would', async () => {
    const { out, log } = await run(`${H}
let counter = 0;
test.beforeAll(({ log }) => { log.push('beforeAll ' + ++counter); });
test.afterEach(({ log }) => { log.push('afterEach'); });
test('fails', () => { expect(1).toBe(2); });
test('then passes', ({ log }) => { log.push('counter ' + counter); });
`);
    assert.deepEqual(statuses(out.tests), ['fails: failed', 'then passes: passed']);
    assert.deepEqual(log, ['beforeAll 1', 'afterEach', 'beforeAll 1', 'counter 1', 'afterEach']);
  });

  it('skips the rest of a describe whose beforeAll failed, and of a serial describe after a failure', async () => {
    const { out } = await run(`${H}
test.describe('group', () => {
  test.beforeAll(() => { throw new Error('hook boom'); });
  test('g1', () => {});
  test('g2', () => {});
});
test.describe.serial('serial', () => {
  test('s1', () => { throw new Error('s1'); });
  test('s2', () => {});
});
test('after', () => {});
`);
    assert.deepEqual(statuses(out.tests), [
      'group > g1: failed',
      'group > g2: skipped',
      'serial > s1: failed',
      'serial > s2: skipped',
      'after: passed',
    ]);
    assert.equal(out.tests[0]?.errors[0]?.message, 'Error: hook boom');
  });

  it('honours only, skip, fixme, fail and conditional modifiers', async () => {
    const skips = await run(`${H}
test.skip('declared skipped', () => {});
test.fixme('fixme', () => {});
test('skips itself', () => { test.skip(true, 'not today'); throw new Error('unreachable'); });
test('expected to fail', () => { test.fail(); expect(1).toBe(2); });
test.fail('declared failing but passes', () => {});
test.describe('conditional', () => {
  test.skip(({ log }) => Array.isArray(log), 'has a log');
  test('skipped by callback', () => {});
});
test.describe('not skipped', () => {
  test.skip(false);
  test('runs', () => {});
});
`);
    assert.deepEqual(statuses(skips.out.tests), [
      'declared skipped: skipped',
      'fixme: skipped',
      'skips itself: skipped',
      'expected to fail: failed',
      'declared failing but passes: passed',
      'conditional > skipped by callback: skipped',
      'not skipped > runs: passed',
    ]);
    assert.equal(skips.out.tests[3]?.expectedStatus, 'failed');
    assert.equal(skips.out.tests[4]?.expectedStatus, 'failed');
    const focused = await run(`${H}
test('ignored', () => {});
test.describe.only('focused', () => { test('in focus', () => {}); });
test.only('also', () => {});
`);
    assert.deepEqual(statuses(focused.out.tests), ['focused > in focus: passed', 'also: passed']);
  });

  it('has test.fail.only, test.abort() and mergeTests, as Playwright 1.65', async () => {
    // The same specs under npx playwright test: only the two focused tests run ('focused' failing as
    // expected), and test.abort() fails its test with "Test aborted: misuse" at its call. Before,
    // test.fail.only, test.abort and mergeTests did not exist (the file failed to load).
    const focused = await run(`import { test as base, expect, mergeTests } from '@playwright/test';
const a = base.extend<{ x: string }>({ x: async ({}, use) => { await use('x'); } });
const b = base.extend<{ y: string }>({ y: async ({}, use) => { await use('y'); } });
const test = mergeTests(a, b);
test('other', () => {});
test.fail.only('focused', () => { expect(1).toBe(2); });
test.only('merged', ({ x, y, log }) => { log.push(x + y); });
`);
    assert.equal(focused.out.loadError, undefined, focused.out.loadError?.message);
    assert.deepEqual(statuses(focused.out.tests), ['focused: failed', 'merged: passed']);
    assert.equal(focused.out.tests[0]?.expectedStatus, 'failed');
    assert.deepEqual(focused.log, ['xy']);
    const aborted = await run(`${H}
test('aborted', async () => { test.abort('misuse'); });
test('after', async () => {});
`);
    assert.deepEqual(statuses(aborted.out.tests), ['aborted: failed', 'after: passed']);
    assert.equal(aborted.out.tests[0]?.errors[0]?.message, 'Error: Test aborted: misuse');
    assert.deepEqual(aborted.out.tests[0]?.errors[0]?.location, { line: 3, column: 36 });
  });

  it('adds the late error of a timed-out step body to its test while the test runs, as Playwright does', async () => {
    // npx playwright test on the same spec: 'late' fails with "Error: late boom" at line 5 (the step's
    // timeout error was caught), 'late after end' and 'next' pass (the body threw after its test had
    // ended). Before, the late error was dropped and 'late' passed.
    const { out } = await run(`${H}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
test('late', async () => {
  await test.step('s', async () => { await wait(600); throw new Error('late boom'); }, { timeout: 300 }).catch(() => {});
  await wait(1000);
});
test('late after end', async () => {
  await test.step('s', async () => { await wait(600); throw new Error('late boom 2'); }, { timeout: 300 }).catch(() => {});
});
test('next', async () => { await wait(1000); });
`);
    assert.deepEqual(statuses(out.tests), ['late: failed', 'late after end: passed', 'next: passed']);
    assert.deepEqual(
      out.tests[0]?.errors.map((e) => [e.message, e.location?.line]),
      [['Error: late boom', 5]],
    );
  });

  it("reports a worker fixture tear-down error as Playwright does: the run's at its end, a failed test's before a restart", async () => {
    // npx playwright test on the same spec: 'a' failed with its assertion then "worker teardown boom"
    // (the worker's cleanup after a failure runs as part of that test), 'b' and 'c' passed, and the
    // run has the top-level error "worker teardown boom" at line 4 (exit code 1). Before, the error
    // at the end of the run failed 'c', which had passed.
    const { out } = await run(`import { test as base, expect } from '@playwright/test';
const test = base.extend<{}, { wf: string }>({
  wf: [async ({}, use) => { await use('x'); throw new Error('worker teardown boom'); }, { scope: 'worker' }],
});
test('a', async ({ wf }) => { expect(wf).toBe('y'); });
test('b', async ({ wf }) => { expect(wf).toBe('x'); });
test('c', async ({ }) => { });
`);
    assert.deepEqual(statuses(out.tests), ['a: failed', 'b: passed', 'c: passed']);
    assert.deepEqual(
      out.tests[0]?.errors.map((e) => [e.message.split('\n')[0], e.location?.line]),
      [
        ['Error: expect(received).toBe(expected) // Object.is equality', 5],
        ['Error: worker teardown boom', 3],
      ],
    );
    assert.equal(out.runError?.message, 'Error: worker teardown boom');
    assert.equal(out.runError?.location?.line, 3);
  });

  it("reports a worker fixture tear-down error as the last test's when that test failed, as Playwright does", async () => {
    // npx playwright test on the same spec: 'times out' timedOut with [Test timeout of 500ms
    // exceeded., Error: worker teardown boom] (its "Worker Cleanup"), no top-level error. Before, the
    // error was the run's, so the run's TIMEOUT was told as "worker teardown boom".
    const { out } = await run(`import { test as base, expect } from '@playwright/test';
const test = base.extend<{}, { wf: string }>({
  wf: [async ({}, use) => { await use('x'); throw new Error('worker teardown boom'); }, { scope: 'worker' }],
});
test('times out', async ({ wf }) => { test.setTimeout(300); expect(wf).toBe('x'); await new Promise(() => {}); });
`);
    assert.deepEqual(statuses(out.tests), ['times out: timedOut']);
    assert.deepEqual(
      out.tests[0]?.errors.map((e) => e.message.split('\n')[0]),
      ['Test timeout of 300ms exceeded.', 'Error: worker teardown boom'],
    );
    assert.equal(out.runError, undefined);
  });

  it('maps the lines of an error thrown after the spec module could be garbage collected', async () => {
    // Node keeps a CommonJS module's source map only while its Module object lives; the loader
    // dropped it after evaluating the spec, so after a GC an error's line was the compiled code's
    // (here 6 instead of 5; the late step error above met it at random).
    const gc = vm.runInNewContext('gc') as () => void;
    (globalThis as { __runnerGc?: () => void }).__runnerGc = gc;
    try {
      const { out } = await run(`${H}
test('throws after a gc', async () => {
  await new Promise((r) => setTimeout(r, 20));
  (globalThis as any).__runnerGc();
  await new Promise((r) => setTimeout(r, 20)); throw new Error('after gc');
});
`);
      assert.deepEqual(out.tests[0]?.errors[0]?.location, { line: 6, column: 54 });
    } finally {
      delete (globalThis as { __runnerGc?: () => void }).__runnerGc;
    }
  });

  it("has mergeExpects, with the run's assertion timeout", async () => {
    // As under npx playwright test: the merged expect has the custom matchers of each. Before,
    // mergeExpects was not exported (TypeError: mergeExpects is not a function, at load).
    const { out } = await run(`import { test, expect as base, mergeExpects } from '@playwright/test';
const a = base.extend({ toBeFoo(r: unknown) { return { pass: r === 'foo', message: () => 'not foo' }; } });
const b = base.extend({ toBeBar(r: unknown) { return { pass: r === 'bar', message: () => 'not bar' }; } });
const expect = mergeExpects(a, b);
test('merged', () => { expect('foo').toBeFoo(); expect('bar').toBeBar(); });
test('fails', () => { expect('x').toBeBar(); });
test('keeps the timeout', async () => {
  const started = Date.now();
  await expect(() => { throw new Error('never'); }).toPass().catch(() => {});
  await expect.poll(() => 1).toBe(2).catch(() => {});
  if (Date.now() - started > 1500) throw new Error('took ' + (Date.now() - started));
});
`);
    assert.equal(out.loadError, undefined, out.loadError?.message);
    assert.deepEqual(statuses(out.tests), ['merged: passed', 'fails: failed', 'keeps the timeout: passed']);
    assert.equal(out.tests[1]?.errors[0]?.message, 'Error: not bar');
  });

  it('times a test out, still running its after hooks', async () => {
    const { out, log } = await run(`${H}
test.afterEach(({ log }) => { log.push('afterEach'); });
test('hangs', async () => {
  test.setTimeout(100);
  await new Promise(() => {});
});
test.describe('slow describe', () => {
  test.describe.configure({ timeout: 50 });
  test('hangs too', async () => { await new Promise(() => {}); });
});
`);
    assert.deepEqual(statuses(out.tests), ['hangs: timedOut', 'slow describe > hangs too: timedOut']);
    assert.equal(out.tests[0]?.errors[0]?.message, 'Test timeout of 100ms exceeded.');
    assert.equal(out.tests[1]?.errors[0]?.message, 'Test timeout of 50ms exceeded.');
    assert.deepEqual(log, ['afterEach', 'afterEach']);
  });

  it('keeps going after soft assertions and reports each', async () => {
    const { out, log } = await run(`${H}
test('soft', ({ log }) => {
  expect.soft(1).toBe(2);
  expect.soft('a').toBe('b');
  log.push('still running');
});
`);
    assert.deepEqual(statuses(out.tests), ['soft: failed']);
    assert.equal(out.tests[0]?.errors.length, 2);
    assert.deepEqual(log, ['still running']);
  });

  it('supports expect.poll and toPass with their own deadlines', async () => {
    const { out } = await run(`${H}
test('poll passes', async () => {
  let n = 0;
  await expect.poll(() => ++n, { timeout: 2000, intervals: [10] }).toBeGreaterThan(2);
});
test('poll fails', async () => {
  await expect.poll(() => 1, { timeout: 100, intervals: [10] }).toBe(2);
});
test('toPass retries', async () => {
  let n = 0;
  await expect(() => expect(++n).toBe(3)).toPass({ timeout: 2000, intervals: [10] });
});
`);
    assert.deepEqual(statuses(out.tests), [
      'poll passes: passed',
      'poll fails: failed',
      'toPass retries: passed',
    ]);
    assert.equal(out.tests[1]?.errors[0]?.category, 'assertion');
  });

  it('sets up test.extend fixtures in dependency order and tears them down in reverse', async () => {
    const { out, log } = await run(`${H}
const it = test.extend<{ db: string; user: string; greeting: string }>({
  greeting: ['hello', { option: true }],
  db: async ({ log }, use) => { log.push('db up'); await use('db'); log.push('db down'); },
  user: async ({ db, log }, use) => { log.push('user up'); await use(db + ':ann'); log.push('user down'); },
});
it('uses them', ({ user, greeting, log }) => { log.push(user + ' ' + greeting); });
it.describe('overridden', () => {
  it.use({ greeting: 'bonjour' });
  it('sees the option', ({ greeting, log }) => { log.push(greeting); });
});
test('unknown fixture', ({ nope }: { nope: unknown }) => { void nope; });
`);
    assert.deepEqual(statuses(out.tests), [
      'uses them: passed',
      'overridden > sees the option: passed',
      'unknown fixture: failed',
    ]);
    assert.deepEqual(log, ['db up', 'user up', 'db:ann hello', 'user down', 'db down', 'bonjour']);
    assert.match(out.tests[2]?.errors[0]?.message ?? '', /Test has unknown parameter "nope"/);
  });

  it('gives beforeAll/afterAll hooks test-scoped fixtures of their own, but not page or context', async () => {
    // Playwright sets a test-scoped fixture (`request`, a spec's own) up for the hook and tears it
    // down after it; before, the runner refused every test-scoped fixture in these hooks.
    const { out, log } = await run(`${H}
const it = test.extend<{ api: string; page: string }>({
  api: async ({ log }, use) => { log.push('api up'); await use('api'); log.push('api down'); },
  page: async ({}, use) => { await use('page'); },
});
it.describe('seeded', () => {
  it.beforeAll(({ api, log }) => { log.push('seed with ' + api); });
  it.afterAll(({ api, log }) => { log.push('clean with ' + api); });
  it('runs', ({ log }) => { log.push('test'); });
});
it.describe('page in afterAll', () => {
  it('passes', () => {});
  it.afterAll(({ page }) => { void page; });
});
`);
    assert.deepEqual(log, [
      'api up',
      'seed with api',
      'api down',
      'test',
      'api up',
      'clean with api',
      'api down',
    ]);
    assert.deepEqual(statuses(out.tests), ['seeded > runs: passed', 'page in afterAll > passes: failed']);
    assert.match(
      out.tests[1]?.errors[0]?.message ?? '',
      /"context" and "page" fixtures are not supported in "afterAll"/,
    );
  });

  it('runs every beforeEach after a failing one and shows the failure to afterEach, as Playwright does', async () => {
    // Checked against npx playwright test: the log is be1,be2,ae1,ae2 and afterEach sees the error.
    // Before, be2 did not run and testInfo.errors / testInfo.error were empty in afterEach.
    const { out, log } = await run(`${H}
test.beforeEach(({ log }) => { log.push('be1'); throw new Error('be1 boom'); });
test.beforeEach(({ log }) => { log.push('be2'); throw new Error('be2 boom'); });
test.afterEach(({ log }, testInfo) => {
  log.push('ae ' + testInfo.status + ' ' + testInfo.errors.length + ' ' + (testInfo.error as Error).message);
});
test('t', ({ log }) => { log.push('t'); });
`);
    assert.deepEqual(log, ['be1', 'be2', 'ae failed 1 be1 boom']);
    assert.deepEqual(
      out.tests[0]?.errors.map((e) => e.message),
      ['Error: be1 boom'],
    );
  });

  it('applies test.slow() and test.fail() called in a beforeAll as Playwright 1.65 does', async () => {
    // Checked against npx playwright test (--timeout 1000, 1500 ms waits): a beforeAll's test.slow()
    // triples that hook's own time and the timeout of the describe's later tests; the test the hook
    // ran with gets the annotation but keeps its timeout, as do the other beforeAll hooks (Playwright
    // slows a test's timer once). test.fail() there makes every test of the describe expected to fail.
    // Before, the hook's modifiers were lost: no annotation, 'b' timed out, 'f' passed unexpectedly.
    const { out, log } = await run(`${H}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seen = (log: string[], name: string) =>
  log.push(name + ' ' + test.info().annotations.map((a) => a.type).join(',') + ' ' + test.info().timeout);
test.describe('slowed', () => {
  test.beforeAll(async () => { test.slow(); await wait(2500); });
  test('a', ({ log }) => { seen(log, 'a'); });
  test('b', async ({ log }) => { seen(log, 'b'); await wait(2500); });
});
test.describe('second hook', () => {
  test.beforeAll(() => { test.slow(); });
  test.beforeAll(async () => { await wait(2500); });
  test('c', () => {});
});
test.describe('failing', () => {
  test.beforeAll(() => { test.fail(); });
  test('f', () => { expect(1).toBe(2); });
  test('g', ({ log }) => { seen(log, 'g'); expect(1).toBe(2); });
});
`);
    assert.deepEqual(statuses(out.tests), [
      'slowed > a: passed',
      'slowed > b: passed',
      'second hook > c: timedOut',
      'failing > f: failed',
      'failing > g: failed',
    ]);
    assert.equal(out.tests[2]?.errors[0]?.message, '"beforeAll" hook timeout of 2000ms exceeded.');
    assert.deepEqual(
      out.tests.slice(3).map((t) => t.expectedStatus),
      ['failed', 'failed'],
    );
    assert.deepEqual(log, ['a slow 2000', 'b slow 6000', 'g fail 2000']);
  });

  it('fails the test a beforeAll ran with on its soft assertion, and runs that test', async () => {
    // As npx playwright test: the soft error is the first test's (its body still runs); the test
    // failing restarts the worker, so the hook runs again and fails the next test too. Before, the
    // soft error was lost and both passed.
    const { out, log } = await run(`${H}
test.describe('d', () => {
  test.beforeAll(() => { expect.soft(1).toBe(2); });
  test('a', ({ log }) => { log.push('a ran'); });
  test('b', () => {});
});
`);
    assert.deepEqual(statuses(out.tests), ['d > a: failed', 'd > b: failed']);
    assert.match(out.tests[0]?.errors[0]?.message ?? '', /toBe/);
    assert.equal(out.tests[0]?.errors[0]?.location?.line, 4);
    assert.deepEqual(log, ['a ran']);
  });

  it('reports errors in the order they happened: a soft assertion before the throw', async () => {
    const { out } = await run(`${H}
test('soft then hard', () => {
  expect.soft(1).toBe(2);
  throw new Error('hard');
});
`);
    assert.equal(out.tests[0]?.errors.length, 2);
    assert.match(out.tests[0]?.errors[0]?.message ?? '', /toBe/);
    assert.equal(out.tests[0]?.errors[1]?.message, 'Error: hard');
  });

  it('gives testInfo the tags, annotations and title path Playwright gives it', async () => {
    // Same spec under npx playwright test: tags ['@shop', '@fast', '@smoke'], the issue annotation,
    // and a title path that starts with the file. Before, tags and details annotations were empty
    // and the title path had no file.
    const { out, log } = await run(`${H}
test.describe('cart @shop', () => {
  test('adds @fast', { tag: '@smoke', annotation: { type: 'issue', description: 'SHOP-1' } }, ({ log }, testInfo) => {
    log.push(JSON.stringify([testInfo.tags, testInfo.annotations.map((a) => a.type + ':' + a.description), testInfo.titlePath]));
  });
});
`);
    assert.deepEqual(statuses(out.tests), ['cart @shop > adds @fast: passed']);
    assert.deepEqual(JSON.parse(log[0] ?? '[]'), [
      ['@shop', '@fast', '@smoke'],
      ['issue:SHOP-1'],
      ['unit.spec.ts', 'cart @shop', 'adds @fast'],
    ]);
  });

  it('records steps and points errors at the TypeScript line and column', async () => {
    const { out } = await run(`${H}
interface Cart { items: string[] }
test('steps', async () => {
  await test.step('outer', async () => {
    await test.step('inner', async () => {});
  });
  const cart: Cart = { items: [] };
  expect(cart.items).toHaveLength(1);
});
`);
    const t = out.tests[0];
    assert.deepEqual(t?.steps, ['outer', 'outer > inner']);
    assert.equal(t?.errors[0]?.category, 'assertion');
    assert.deepEqual(t?.errors[0]?.location, { line: 9, column: 22 });
    assert.equal(t?.location?.line, 4);
  });

  it('passes testInfo as the second argument of tests and hooks, as Playwright does', async () => {
    const { out, log } = await run(`${H}
test.beforeAll(({ log }, testInfo) => { log.push('beforeAll ' + typeof testInfo.outputPath); });
test.beforeEach(({ log }, testInfo) => { log.push('beforeEach ' + testInfo.title); });
test.afterEach(({ log }, testInfo) => { log.push('afterEach ' + testInfo.status); });
test.afterAll(({ log }, testInfo) => { log.push('afterAll ' + typeof testInfo.outputPath); });
test('named', ({ log }, testInfo) => {
  log.push(testInfo.title + ' ' + (testInfo === test.info()));
  testInfo.annotations.push({ type: 'seen' });
});
`);
    assert.deepEqual(statuses(out.tests), ['named: passed']);
    assert.deepEqual(log, [
      'beforeAll function',
      'beforeEach named',
      'named true',
      'afterEach passed',
      'afterAll function',
    ]);
  });

  it('reports files that do not load', async () => {
    const forbidden = await run(
      `${H}import { execSync } from 'child_process';\ntest('x', () => { execSync('id'); });\n`,
    );
    assert.match(forbidden.out.loadError?.message ?? '', /Cannot find module 'child_process'/);
    assert.equal(forbidden.out.loadError?.location?.line, 2);
    const empty = await run(`${H}\n`);
    assert.equal(empty.out.loadError?.message, 'Error: No tests found');
    const nested = await run(`${H}test('outer', () => { test('inner', () => {}); });\n`);
    assert.match(nested.out.tests[0]?.errors[0]?.message ?? '', /did not expect test\(\) to be called here/);
  });
});
