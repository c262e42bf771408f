// What a run leaves in its worker's scratch directory: every run works in a directory of its own
// (working directory, TMPDIR, spec file, outputs, artifacts), removed once the run is answered and
// its artifacts are in the store; a worker serving many runs does not pile them up until it retires.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

/** Writes files every way a spec can (relative paths, TMPDIR, test outputs), then fails: artifacts too. */
const LEAVES_FILES = `import { test, expect } from '@playwright/test';
import fs from 'fs';
import os from 'os';
import path from 'path';

test('leaves files behind', async ({ page }, testInfo) => {
  expect(fs.readFileSync('sample.txt', 'utf8')).toBe('fixture');
  fs.writeFileSync('sample.txt', 'changed by the spec');
  await page.goto('/');
  fs.writeFileSync('left-behind.txt', 'x'.repeat(20_000));
  fs.writeFileSync(path.join(os.tmpdir(), 'temp.txt'), 'x'.repeat(20_000));
  // Its folder exists once outputPath returns, as under Playwright.
  fs.writeFileSync(testInfo.outputPath('output.txt'), 'x'.repeat(20_000));
  await page.screenshot({ path: 'page.png' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Goodbye', { timeout: 300 });
});
`;

/**
 * Writes where a spec may not (a path outside the scratch directory, the worker's scratch directory
 * itself) and where it may (HOME, a folder beside its own directory under runs/); `outside` names
 * the forbidden absolute path.
 */
const writesOutside = (outside: string): string => `import { test, expect } from '@playwright/test';
import fs from 'fs';
import os from 'os';
import path from 'path';

test('an absolute path outside', () => {
  fs.writeFileSync(${JSON.stringify(outside)}, 'x');
});
test("the worker's scratch directory", () => {
  fs.writeFileSync(path.resolve('../../in-scratch.txt'), 'x');
});
test('home and a folder beside its own', () => {
  expect(os.homedir()).toBe(process.cwd());
  fs.writeFileSync(path.join(os.homedir(), '.tool-rc'), 'x'.repeat(20_000));
  fs.mkdirSync('../beside', { recursive: true });
  fs.writeFileSync('../beside/left.txt', 'x'.repeat(20_000));
});
`;

/** Every file under `dir` with its size, sorted. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${path.relative(dir, p)} ${fs.statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe("a run's scratch files", () => {
  let site: TestSite;
  let h: RunnerHarness;
  const fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-fixtures-'));

  before(async () => {
    fs.writeFileSync(path.join(fixturesDir, 'sample.txt'), 'fixture');
    site = await startTestSite();
    h = await startRunner({
      RUNNER_WORKERS: '1',
      RUNNER_WORKER_MAX_RUNS: '20',
      RUNNER_EXPLORE_SPARE_TABS: '0',
      RUNNER_FIXTURES_DIR: fixturesDir,
    });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
    fs.rmSync(fixturesDir, { recursive: true, force: true });
  });

  it('are removed once the run is answered, so the scratch directory does not grow across runs', async () => {
    const scratchRoot = path.join(h.dir, 'scratch');
    const [workerDir, ...others] = fs.readdirSync(scratchRoot).filter((n) => n !== 'browsers');
    assert.ok(workerDir, 'one worker');
    assert.deepEqual(others, [], 'one worker');
    const scratch = path.join(scratchRoot, workerDir);
    const before = filesUnder(scratch);
    for (let i = 1; i <= 3; i++) {
      const res = await h.client.unary(
        'runSpec',
        runner.RunSpecRequest.fromPartial({
          specSource: LEAVES_FILES,
          baseUrl: site.url,
          artifacts: { trace: true, screenshotOnFailure: true, video: false },
        }),
      );
      assert.equal(res.status, common.RunStatus.FAIL, res.tests[0]?.errorMessage);
      assert.match(res.tests[0]?.errorMessage ?? '', /Goodbye/, 'the spec ran to its last line');
      assert.equal(res.artifacts.length, 2, 'its trace and screenshot are in the store');
      assert.deepEqual(
        fs.readdirSync(scratchRoot).filter((n) => n !== 'browsers'),
        [workerDir],
        'the same worker served every run',
      );
      assert.deepEqual(filesUnder(scratch), before, `after run ${i}`);
    }
  });

  it('are confined to the run: a write elsewhere fails its test with a clear error, none outlives the run', async () => {
    const scratchRoot = path.join(h.dir, 'scratch');
    const [workerDir] = fs.readdirSync(scratchRoot).filter((n) => n !== 'browsers');
    assert.ok(workerDir, 'one worker');
    const scratch = path.join(scratchRoot, workerDir);
    const before = filesUnder(scratch);
    const outside = path.join(h.dir, 'outside.txt');
    const refused = (file: string): string =>
      `Error: the runner refused to write ${file}: a spec may write only in its run's own directory (its working directory, os.tmpdir(), os.homedir(), testInfo.outputPath()), which is removed when the run ends`;
    for (let i = 1; i <= 2; i++) {
      const res = await h.client.unary(
        'runSpec',
        runner.RunSpecRequest.fromPartial({ specSource: writesOutside(outside), baseUrl: site.url }),
      );
      assert.equal(res.status, common.RunStatus.FAIL);
      assert.deepEqual(
        res.tests.map((t) => t.status),
        [runner.TestStatus.FAILED, runner.TestStatus.FAILED, runner.TestStatus.PASSED],
      );
      assert.equal(res.tests[0]?.errorMessage, refused(outside));
      assert.equal(res.tests[1]?.errorMessage, refused(path.join(scratch, 'in-scratch.txt')));
      assert.equal(res.tests[1]?.errorLocation?.line, 10, 'the line of the write');
      assert.equal(fs.existsSync(outside), false);
      assert.deepEqual(filesUnder(scratch), before, `after run ${i}: HOME and runs/beside went with the run`);
    }
  });
});
