// RunSpec end to end: the real service (browser pool, sandboxed workers, gRPC on loopback) against a
// small local site. The specs with known verdicts run once; their results are checked for verdicts,
// errors and artifacts, and compared with `npx playwright test` on the same specs (parity). Playwright
// aborts a whole invocation when any file fails to load, so those specs run in a second invocation.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { CHROMIUM_FLAGS } from '../../src/browser/launcher';
import type { TestStatus } from '../../src/domain/run-result';
import { verdict } from '../../src/domain/verdict';
import {
  INFINITE_LOOP,
  NOISY_PAGE,
  OFF_ALLOW_LIST,
  SLOW_PASS,
  SPECS,
  specSource,
  type SpecCase,
} from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';

interface PwResult {
  status: TestStatus;
  error?: { location?: { line: number; column: number } };
}
interface PwTest {
  expectedStatus: 'passed' | 'failed' | 'skipped';
  results: PwResult[];
}
interface PwSpec {
  title: string;
  tests: PwTest[];
}
interface PwSuite {
  title: string;
  file: string;
  specs?: PwSpec[];
  suites?: PwSuite[];
}
interface PwReport {
  suites: PwSuite[];
  errors: { message: string; location?: { file: string; line: number; column: number } }[];
}

interface Outcome {
  verdict: string;
  tests: { titlePath: string[]; status: string; errorLine?: number }[];
}

function walk(
  suite: PwSuite,
  titles: string[],
  out: Outcome['tests'],
  statuses: { status: TestStatus; expectedStatus: PwTest['expectedStatus'] }[],
): void {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests) {
      const r = t.results[t.results.length - 1];
      const status = r?.status ?? 'skipped';
      out.push({
        titlePath: [...titles, spec.title],
        status,
        ...(r?.error?.location ? { errorLine: r.error.location.line } : {}),
      });
      statuses.push({ status, expectedStatus: t.expectedStatus });
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...titles, child.title], out, statuses);
}

function playwrightOutcomes(report: PwReport, specs: SpecCase[]): Map<string, Outcome> {
  const outcomes = new Map<string, Outcome>();
  for (const spec of specs) {
    const fileErrors = report.errors.some((e) => e.location?.file.endsWith(spec.name));
    const suite = report.suites.find((s) => s.file.endsWith(spec.name));
    // An error in the file with its tests reported is an error of the run outside any test (a worker
    // fixture's tear-down); with none, the file did not load.
    const loadError = fileErrors && !suite;
    const tests: Outcome['tests'] = [];
    const statuses: { status: TestStatus; expectedStatus: PwTest['expectedStatus'] }[] = [];
    if (suite) walk(suite, [], tests, statuses);
    outcomes.set(spec.name, {
      verdict: verdict({
        tests: statuses,
        loadError,
        killedAtTimeout: false,
        runError: fileErrors && !!suite,
      }),
      tests,
    });
  }
  return outcomes;
}

const STATUS_NAME: Record<number, string> = {
  [runner.TestStatus.PASSED]: 'passed',
  [runner.TestStatus.FAILED]: 'failed',
  [runner.TestStatus.TIMED_OUT]: 'timedOut',
  [runner.TestStatus.SKIPPED]: 'skipped',
  [runner.TestStatus.INTERRUPTED]: 'interrupted',
};
const VERDICT_NAME: Record<number, string> = {
  [common.RunStatus.PASS]: 'pass',
  [common.RunStatus.FAIL]: 'fail',
  [common.RunStatus.TIMEOUT]: 'timeout',
  [common.RunStatus.ERROR]: 'error',
};

function runPlaywright(dir: string, files: string[]): Promise<PwReport> {
  const cli = require.resolve('@playwright/test/cli');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'test', '--reporter', 'json', '--workers', '2', ...files],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout) => {
        // Exit code 1 just means some tests failed; the JSON report is what matters.
        try {
          resolve(JSON.parse(stdout) as PwReport);
        } catch {
          reject(err ?? new Error(`no JSON report from playwright: ${stdout.slice(0, 500)}`));
        }
      },
    );
  });
}

const STATUS: Record<string, common.RunStatus> = {
  pass: common.RunStatus.PASS,
  fail: common.RunStatus.FAIL,
  timeout: common.RunStatus.TIMEOUT,
  error: common.RunStatus.ERROR,
};
const TEST_STATUS: Record<string, runner.TestStatus> = {
  passed: runner.TestStatus.PASSED,
  failed: runner.TestStatus.FAILED,
  timedOut: runner.TestStatus.TIMED_OUT,
  skipped: runner.TestStatus.SKIPPED,
};

function request(
  site: TestSite,
  source: string,
  extra: Partial<runner.RunSpecRequest> = {},
): runner.RunSpecRequest {
  return {
    specSource: source,
    specName: undefined,
    baseUrl: site.url,
    timeoutMs: 20_000,
    artifacts: undefined,
    fileName: 'spec.spec.ts',
    taskId: '',
    ...extra,
  };
}

describe('RunSpec', () => {
  let site: TestSite;
  let h: RunnerHarness;
  // Every spec with a known verdict runs once; the tests below check these results.
  let results: runner.RunSpecResponse[] = [];
  const resultOf = (name: string): runner.RunSpecResponse | undefined =>
    results[SPECS.findIndex((s) => s.name === name)];
  before(async () => {
    site = await startTestSite();
    h = await startRunner();
    results = await Promise.all(
      SPECS.map((spec) => h.client.unary('runSpec', request(site, spec.source, { fileName: spec.name }))),
    );
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it('produces each verdict and per-test status', () => {
    for (const [i, spec] of SPECS.entries()) {
      const res = results[i];
      assert.ok(res);
      assert.equal(
        res.status,
        STATUS[spec.status],
        `${spec.name}: ${res.errorMessage} ${JSON.stringify(res.tests)}`,
      );
      assert.deepEqual(
        res.tests.map((t) => ({ titlePath: t.titlePath, status: t.status })),
        spec.tests.map((t) => ({ titlePath: t.titlePath, status: TEST_STATUS[t.status] })),
        spec.name,
      );
    }
  });

  it('reports where and why a test failed', async () => {
    const [assertion, missing, thrown, syntax, timedOut] = [
      'assertion-fail.spec.ts',
      'missing-element.spec.ts',
      'thrown-error.spec.ts',
      'syntax-error.spec.ts',
      'timeout.spec.ts',
    ].map(resultOf);
    const a = assertion?.tests[0];
    assert.equal(a?.errorCategory, common.ErrorCategory.ASSERTION);
    assert.match(a?.errorMessage ?? '', /toHaveText/);
    assert.deepEqual(a?.errorLocation, { file: 'assertion-fail.spec.ts', line: 5, column: 57 });
    assert.equal(missing?.tests[0]?.errorCategory, common.ErrorCategory.SELECTOR);
    assert.equal(missing?.tests[0]?.errorLocation?.line, 5);
    assert.equal(thrown?.tests[0]?.errorCategory, common.ErrorCategory.JAVASCRIPT);
    assert.match(thrown?.tests[0]?.errorMessage ?? '', /cart has no items/);
    assert.equal(thrown?.tests[0]?.errorLocation?.line, 6);
    assert.equal(syntax?.errorCategory, common.ErrorCategory.JAVASCRIPT);
    assert.equal(syntax?.errorLocation?.line, 4);
    assert.match(syntax?.errorMessage ?? '', /SyntaxError/);
    assert.equal(timedOut?.tests[0]?.errorCategory, common.ErrorCategory.TIMEOUT);
    assert.match(timedOut?.tests[0]?.errorMessage ?? '', /Test timeout of 1000ms exceeded/);
    // A failed test leaves a screenshot and (retain-on-failure) a trace; both can be downloaded.
    assert.equal(assertion?.artifacts.length, 2);
    for (const ref of assertion?.artifacts ?? []) {
      const chunks: Buffer[] = [];
      let meta: common.ArtifactRef | undefined;
      for await (const msg of h.client.serverStream('getArtifact', { id: ref.id })) {
        meta ??= msg.artifact;
        chunks.push(msg.chunk);
      }
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.length, ref.sizeBytes);
      assert.equal(meta?.id, ref.id);
      const magic = ref.kind === common.ArtifactKind.TRACE ? 'PK' : '\x89PNG';
      assert.equal(bytes.subarray(0, magic.length).toString('latin1'), magic);
    }
  });

  it("reports a worker fixture tear-down error at the end of the run as the run's, as Playwright does", () => {
    // Before, it failed the test, which had passed (Playwright: a top-level error, the test passed).
    const res = resultOf('worker-teardown.spec.ts');
    assert.equal(res?.status, common.RunStatus.FAIL);
    assert.equal(res?.tests[0]?.status, runner.TestStatus.PASSED);
    assert.equal(res?.tests[0]?.errorMessage, '');
    assert.equal(res?.errorMessage, 'Error: could not delete the account');
    assert.deepEqual(res?.errorLocation, { file: 'worker-teardown.spec.ts', line: 4, column: 58 });
  });

  it('tells a TIMEOUT by its timed-out test, not by a worker fixture tear-down error of the run', async () => {
    // npx playwright test on the same spec: 'times out' timedOut (its worker's cleanup error is its
    // second), 'passes' passed, and the new worker's tear-down is a top-level error. Before, the
    // TIMEOUT's error_message was that tear-down error, with no timeout category.
    const res = await h.client.unary(
      'runSpec',
      request(
        site,
        `import { test as base, expect } from '@playwright/test';
const test = base.extend<{}, { account: string }>({
  account: [async ({}, use) => { await use('ann'); throw new Error('could not delete the account'); }, { scope: 'worker' }],
});
test('times out', async ({ account }) => { test.setTimeout(500); expect(account).toBe('ann'); await new Promise(() => {}); });
test('passes', async ({ account }) => { expect(account).toBe('ann'); });
`,
      ),
    );
    assert.equal(res.status, common.RunStatus.TIMEOUT);
    assert.deepEqual(
      res.tests.map((t) => t.status),
      [runner.TestStatus.TIMED_OUT, runner.TestStatus.PASSED],
    );
    assert.match(res.errorMessage, /Test timeout of 500ms exceeded/);
    assert.equal(res.errorCategory, common.ErrorCategory.TIMEOUT);
  });

  it('ends a step at step.skip(), skips test.step.skip, and honours step timeout and box', () => {
    // step.skip() ends its step there and the test goes on (before, it did nothing and the rest of
    // the step ran); the step is listed as skipped, as is a test.step.skip (before, not listed).
    const skip = resultOf('step-skip.spec.ts')?.tests[0];
    assert.equal(skip?.status, runner.TestStatus.PASSED, skip?.errorMessage);
    assert.deepEqual(skip?.steps, [
      'open the cart (skipped)',
      'pay (skipped)',
      'check the heading',
      'check the heading > inner (skipped)',
    ]);
    const [timedOut, boxed] = resultOf('step-options.spec.ts')?.tests ?? [];
    // Playwright fails the step (and so the test) at its own timeout, at the test.step() call.
    assert.equal(timedOut?.errorMessage, 'TimeoutError: Step timeout of 300ms exceeded.');
    assert.equal(timedOut?.errorCategory, common.ErrorCategory.TIMEOUT);
    assert.deepEqual(timedOut?.errorLocation, { file: 'step-options.spec.ts', line: 5, column: 14 });
    // A boxed step's failure points at the call of the function that holds the step.
    assert.match(boxed?.errorMessage ?? '', /toHaveText/);
    assert.equal(boxed?.errorLocation?.line, 26);
  });

  it('gives the same verdicts, test statuses and error lines as npx playwright test', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-parity-'));
    try {
      const testPkg = path.dirname(require.resolve('@playwright/test/package.json'));
      fs.symlinkSync(path.resolve(testPkg, '..', '..'), path.join(dir, 'node_modules'));
      const config = {
        testDir: '.',
        timeout: 30_000,
        retries: 0,
        outputDir: path.join(dir, 'results'),
        use: {
          baseURL: site.url,
          launchOptions: {
            executablePath: h.stack.settings.config.RUNNER_CHROMIUM_PATH,
            args: CHROMIUM_FLAGS,
          },
        },
      };
      fs.writeFileSync(
        path.join(dir, 'playwright.config.js'),
        `module.exports = ${JSON.stringify(config, null, 2)};\n`,
      );
      for (const spec of SPECS) fs.writeFileSync(path.join(dir, spec.name), spec.source);
      const loading = SPECS.filter((s) => !s.loadError);
      const failing = SPECS.filter((s) => s.loadError);
      const [pwLoading, pwFailing] = await Promise.all([
        runPlaywright(
          dir,
          loading.map((s) => s.name),
        ),
        runPlaywright(
          dir,
          failing.map((s) => s.name),
        ),
      ]);
      const theirs = new Map([
        ...playwrightOutcomes(pwLoading, loading),
        ...playwrightOutcomes(pwFailing, failing),
      ]);
      for (const [i, spec] of SPECS.entries()) {
        const res = results[i];
        assert.ok(res);
        const mine: Outcome = {
          verdict: VERDICT_NAME[res.status] ?? 'unknown',
          tests: res.tests.map((t) => ({
            titlePath: t.titlePath,
            status: STATUS_NAME[t.status] ?? 'unknown',
            ...(t.errorLocation ? { errorLine: t.errorLocation.line } : {}),
          })),
        };
        const pw = theirs.get(spec.name);
        // Playwright reports no location for its own "Test timeout" error; compare lines where it has one.
        const comparable = (o: Outcome): Outcome => ({
          ...o,
          tests: o.tests.map((t) =>
            pw?.tests.find((p) => p.titlePath.join('>') === t.titlePath.join('>'))?.errorLine === undefined
              ? { titlePath: t.titlePath, status: t.status }
              : t,
          ),
        });
        // Playwright's JSON lists a suite's own tests before its child suites; the runner reports file order.
        const sorted = (o: Outcome | undefined): Outcome | undefined =>
          o && {
            ...o,
            tests: [...o.tests].sort((a, b) => a.titlePath.join('>').localeCompare(b.titlePath.join('>'))),
          };
        assert.deepEqual(sorted(comparable(mine)), sorted(pw), `${spec.name}: runner vs playwright`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kills an infinite loop at its hard timeout and keeps serving', async () => {
    const started = Date.now();
    const killed = await h.client.unary('runSpec', request(site, INFINITE_LOOP, { timeoutMs: 2000 }));
    assert.equal(killed.status, common.RunStatus.TIMEOUT);
    assert.match(killed.errorMessage, /hard timeout of 2000ms/);
    assert.equal(killed.tests[0]?.status, runner.TestStatus.INTERRUPTED);
    assert.ok(Date.now() - started < 8000);
    const pass = specSource('pass.spec.ts');
    const next = await h.client.unary('runSpec', request(site, pass));
    assert.equal(next.status, common.RunStatus.PASS, `${next.errorMessage} ${JSON.stringify(next.tests)}`);
    const stats = await h.client.unary('getPoolStats', {});
    assert.ok(stats.runsKilled >= 1);
  });

  it('blocks and reports requests outside the base URL origin', async () => {
    const res = await h.client.unary(
      'runSpec',
      request(site, OFF_ALLOW_LIST, { baseUrl: `${site.origin}/external` }),
    );
    assert.equal(res.status, common.RunStatus.PASS, res.errorMessage);
    const blocked = res.blockedRequests.map((b) => b.url).sort();
    assert.deepEqual(blocked, ['http://blocked.invalid/pixel.png', 'http://cdn.invalid/lib.js']);
  });

  it('reports console errors, uncaught page errors and failed requests', async () => {
    const res = await h.client.unary('runSpec', request(site, NOISY_PAGE));
    assert.equal(res.status, common.RunStatus.PASS, res.errorMessage);
    assert.ok(
      res.consoleErrors.some((c) => c.text === 'boom from page' && !c.uncaught),
      JSON.stringify(res.consoleErrors),
    );
    assert.ok(
      res.consoleErrors.some((c) => /uncaught in page/.test(c.text) && c.uncaught),
      JSON.stringify(res.consoleErrors),
    );
    assert.ok(
      res.failedRequests.some((f) => f.url === `${site.origin}/missing.png` && f.status === 404),
      JSON.stringify(res.failedRequests),
    );
  });

  it('replaces a browser killed mid-run', async () => {
    const before = await h.client.unary('getPoolStats', {});
    const hitsBefore = site.hits.length;
    const running = h.client.unary('runSpec', request(site, SLOW_PASS));
    // The spec has loaded the page and is waiting: kill the browser under it.
    await waitUntil(() => site.hits.slice(hitsBefore).includes('/'), 10_000, 'page loaded');
    for (const id of h.stack.browsers.browserIds()) h.stack.browsers.killBrowser(id);
    const res = await running;
    assert.equal(res.status, common.RunStatus.ERROR, JSON.stringify(res.tests));
    assert.match(res.errorMessage, /browser crashed/);
    assert.equal(res.browserCrashed, true);
    const after = await h.client.unary('getPoolStats', {});
    assert.ok(after.crashes > before.crashes);
    const pass = specSource('pass.spec.ts');
    assert.equal((await h.client.unary('runSpec', request(site, pass))).status, common.RunStatus.PASS);
  });

  it('rejects bad input naming the field', async () => {
    const cases: [Partial<runner.RunSpecRequest>, RegExp][] = [
      [{ specSource: '   ' }, /spec_source: is empty/],
      [{ specSource: 'x'.repeat(300_000) }, /spec_source: is 300000 bytes/],
      [{ baseUrl: 'not a url' }, /base_url: is not a valid URL/],
      [
        { baseUrl: 'http://example.com/' },
        /base_url: origin http:\/\/example.com is not in the runner allow-list/,
      ],
      [{ specSource: undefined, specName: '../etc/passwd' }, /spec_name:/],
      [{ fileName: 'a/b.ts' }, /file_name:/],
    ];
    for (const [patch, message] of cases) {
      await assert.rejects(
        h.client.unary('runSpec', request(site, 'test', patch)),
        (err: Error & { code?: number }) => {
          assert.equal(err.code, 3, err.message);
          assert.match(err.message, message);
          return true;
        },
      );
    }
  });
});
