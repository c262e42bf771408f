// Which runs share a worker process: never runs for different origins; runs for the same origin up to
// RUNNER_WORKER_MAX_RUNS. A spec marks the process it ran in, the next one looks for the mark.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { common, type runner } from '@superagent/proto';
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

const MARK = `import { test, expect } from '@playwright/test';

test('marks its process', async ({ page }) => {
  await page.goto('/');
  const g = globalThis as { marked?: boolean };
  expect(g.marked, 'an earlier spec ran in this process').toBeUndefined();
  g.marked = true;
});
`;

describe('worker isolation', () => {
  let site: TestSite;
  let h: RunnerHarness;
  before(async () => {
    site = await startTestSite();
    h = await startRunner({ RUNNER_WORKERS: '1', RUNNER_WORKER_MAX_RUNS: '5' });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  const run = (baseUrl: string): Promise<runner.RunSpecResponse> =>
    h.client.unary('runSpec', {
      specSource: MARK,
      specName: undefined,
      baseUrl,
      timeoutMs: 20_000,
      artifacts: { trace: false, screenshotOnFailure: false, video: undefined },
      fileName: 'mark.spec.ts',
      taskId: '',
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
});
