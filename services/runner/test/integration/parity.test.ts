// The runner's verdicts must match `npx playwright test` on the same specs: the same test titles,
// per-test statuses, run verdict and error lines. Playwright aborts a whole invocation when any file
// fails to load, so the specs that do not load run in a second invocation.

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
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';
import { SPECS, type SpecCase } from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';

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
    const loadError = report.errors.some((e) => e.location?.file.endsWith(spec.name));
    const suite = report.suites.find((s) => s.file.endsWith(spec.name));
    const tests: Outcome['tests'] = [];
    const statuses: { status: TestStatus; expectedStatus: PwTest['expectedStatus'] }[] = [];
    if (suite) walk(suite, [], tests, statuses);
    outcomes.set(spec.name, {
      verdict: verdict({ tests: statuses, loadError, killedAtTimeout: false }),
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

describe('parity with npx playwright test', () => {
  let site: TestSite;
  let h: RunnerHarness;
  let dir: string;
  before(async () => {
    site = await startTestSite();
    h = await startRunner();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-parity-'));
    const testPkg = path.dirname(require.resolve('@playwright/test/package.json'));
    fs.symlinkSync(path.resolve(testPkg, '..', '..'), path.join(dir, 'node_modules'));
    const config = {
      testDir: '.',
      timeout: 30_000,
      retries: 0,
      outputDir: path.join(dir, 'results'),
      use: {
        baseURL: site.url,
        launchOptions: { executablePath: h.stack.settings.config.RUNNER_CHROMIUM_PATH, args: CHROMIUM_FLAGS },
      },
    };
    fs.writeFileSync(
      path.join(dir, 'playwright.config.js'),
      `module.exports = ${JSON.stringify(config, null, 2)};\n`,
    );
    for (const spec of SPECS) fs.writeFileSync(path.join(dir, spec.name), spec.source);
  });
  after(async () => {
    await h?.stop();
    await site?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same verdicts, test statuses and error lines', async () => {
    const loading = SPECS.filter((s) => !s.loadError);
    const failing = SPECS.filter((s) => s.loadError);
    const [pwLoading, pwFailing, ours] = await Promise.all([
      runPlaywright(
        dir,
        loading.map((s) => s.name),
      ),
      runPlaywright(
        dir,
        failing.map((s) => s.name),
      ),
      Promise.all(
        SPECS.map((s) =>
          h.client.unary('runSpec', {
            specSource: s.source,
            specName: undefined,
            baseUrl: site.url,
            timeoutMs: 30_000,
            artifacts: { trace: false, screenshotOnFailure: false, video: undefined },
            fileName: s.name,
            taskId: '',
          }),
        ),
      ),
    ]);
    const theirs = new Map([
      ...playwrightOutcomes(pwLoading, loading),
      ...playwrightOutcomes(pwFailing, failing),
    ]);
    for (const [i, spec] of SPECS.entries()) {
      const res = ours[i];
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
      assert.equal(mine.verdict, spec.status, spec.name);
    }
  });
});
