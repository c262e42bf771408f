// A runner with one worker: which runs share a worker process (never runs for different origins; runs
// for the same origin up to RUNNER_WORKER_MAX_RUNS), the bounded queue, and call deadlines.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { common, type runner } from '@superagent/proto';
import { SLOW_PASS } from '../helpers/specs';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

const MARK = `import { test, expect } from '@playwright/test';

test('marks its process', async ({ page }) => {
  await page.goto('/');
  const g = globalThis as { marked?: boolean };
  expect(g.marked, 'an earlier spec ran in this process').toBeUndefined();
  g.marked = true;
});
`;

describe('pool limits', () => {
  let site: TestSite;
  let h: RunnerHarness;
  const specsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-specs-'));
  const fixturesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-fixtures-'));
  before(async () => {
    fs.writeFileSync(
      path.join(specsDir, 'stored.spec.ts'),
      "import { test, expect } from '@playwright/test';\ntest('stored', () => { expect(1 + 1).toBe(2); });\n",
    );
    fs.writeFileSync(path.join(fixturesDir, 'sample.txt'), 'original');
    site = await startTestSite();
    h = await startRunner({
      RUNNER_WORKERS: '1',
      RUNNER_MAX_EXPLORE_SESSIONS: '1',
      RUNNER_WORKER_MAX_RUNS: '5',
      RUNNER_MAX_QUEUE: '1',
      RUNNER_SPECS_DIR: specsDir,
      RUNNER_FIXTURES_DIR: fixturesDir,
    });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
    fs.rmSync(specsDir, { recursive: true, force: true });
    fs.rmSync(fixturesDir, { recursive: true, force: true });
  });

  const run = (baseUrl: string, source = MARK, deadlineMs?: number): Promise<runner.RunSpecResponse> =>
    h.client.unary(
      'runSpec',
      {
        specSource: source,
        specName: undefined,
        baseUrl,
        timeoutMs: 20_000,
        artifacts: { trace: false, screenshotOnFailure: false, video: undefined },
        fileName: 'mark.spec.ts',
        taskId: '',
      },
      deadlineMs === undefined ? undefined : { deadlineMs },
    );

  it('opens no more spare explore tabs than explore sessions can be open', async () => {
    const stats = await h.client.unary('getPoolStats', {});
    assert.equal(stats.exploreSpareTabs, 1, 'RUNNER_EXPLORE_SPARE_TABS=2, RUNNER_MAX_EXPLORE_SESSIONS=1');
  });

  it('gives a spec for another origin a process no spec has touched, and reuses it for the same origin', async () => {
    const sameServerOtherOrigin = site.url.replace('127.0.0.1', 'localhost');
    assert.equal((await run(site.url)).status, common.RunStatus.PASS);
    assert.equal(
      (await run(sameServerOtherOrigin)).status,
      common.RunStatus.PASS,
      'fresh process for another origin',
    );
    const again = await run(sameServerOtherOrigin);
    assert.equal(again.status, common.RunStatus.FAIL, 'same origin: the worker is reused');
    assert.match(again.tests[0]?.errorMessage ?? '', /an earlier spec ran in this process/);
  });

  it('gives every run fresh copies of the fixture files, whatever an earlier spec in the process did to them', async () => {
    const tamper = `import { test } from '@playwright/test';
import * as fs from 'node:fs';
test('tampers', () => {
  fs.writeFileSync('sample.txt', 'tampered');
  (globalThis as { tampered?: boolean }).tampered = true;
});
`;
    const check = `import { test, expect } from '@playwright/test';
import * as fs from 'node:fs';
test('reads', () => {
  expect((globalThis as { tampered?: boolean }).tampered, 'the same process as the tampering spec').toBe(true);
  expect(fs.readFileSync('sample.txt', 'utf8')).toBe('original');
});
`;
    const first = await run(site.url, tamper);
    assert.equal(first.status, common.RunStatus.PASS, first.tests[0]?.errorMessage ?? first.errorMessage);
    const second = await run(site.url, check);
    assert.equal(second.status, common.RunStatus.PASS, second.tests[0]?.errorMessage ?? second.errorMessage);
  });

  it('queues up to RUNNER_MAX_QUEUE runs and refuses the next with RESOURCE_EXHAUSTED', async () => {
    const running = run(site.url, SLOW_PASS);
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).busy === 1,
      10_000,
      'slow run started',
    );
    const queued = run(site.url, SLOW_PASS);
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).queued === 1,
      10_000,
      'second run queued',
    );
    await assert.rejects(run(site.url), (err: Error & { code?: number }) => {
      assert.equal(err.code, 8, err.message);
      assert.match(err.message, /run queue/);
      return true;
    });
    assert.equal((await running).status, common.RunStatus.PASS);
    assert.equal((await queued).status, common.RunStatus.PASS);
    assert.ok((await h.client.unary('getPoolStats', {})).runsRejected >= 1);
  });

  it("ends a run before the caller's deadline, and drops a queued run whose deadline passed", async () => {
    const started = Date.now();
    const cut = await run(site.url, SLOW_PASS, 3000);
    assert.equal(cut.status, common.RunStatus.TIMEOUT, 'killed at the deadline, answered in time');
    assert.ok(Date.now() - started < 3000);
    const running = run(site.url, SLOW_PASS);
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).busy === 1,
      10_000,
      'slow run started',
    );
    await assert.rejects(run(site.url, MARK, 500), (err: Error & { code?: number }) => err.code === 4);
    assert.equal((await h.client.unary('getPoolStats', {})).queued, 0);
    assert.equal((await running).status, common.RunStatus.PASS);
  });

  it('runs a stored spec by name and refuses unknown names', async () => {
    const req = {
      specSource: undefined,
      baseUrl: site.url,
      timeoutMs: 20_000,
      artifacts: undefined,
      fileName: '',
      taskId: '',
    };
    const res = await h.client.unary('runSpec', { ...req, specName: 'stored.spec.ts' });
    assert.equal(res.status, common.RunStatus.PASS, res.errorMessage);
    assert.deepEqual(res.tests[0]?.titlePath, ['stored']);
    await assert.rejects(
      h.client.unary('runSpec', { ...req, specName: 'missing.spec.ts' }),
      (err: Error & { code?: number }) => {
        assert.equal(err.code, 3);
        assert.match(err.message, /spec_name: unknown spec "missing.spec.ts"/);
        return true;
      },
    );
  });

  it('keeps a spec from signalling other processes', async () => {
    const res = await run(
      site.url,
      "import { test } from '@playwright/test';\ntest('kills the service', () => { process.kill(process.ppid, 'SIGKILL'); });\n",
    );
    assert.equal(res.status, common.RunStatus.FAIL);
    assert.match(res.tests[0]?.errorMessage ?? '', /process.kill\(\) is not available to specs/);
    assert.ok((await h.client.unary('getPoolStats', {})).workers >= 1, 'the service still answers');
  });
});
