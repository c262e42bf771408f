// A browser recycled after RUNNER_RECYCLE_AFTER leases closes once its work is done: idle spec
// workers leave it for the replacement instead of keeping it open (and running specs on it) until
// they retire, which with RUNNER_WORKER_MAX_RUNS may be never.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { ask } from '../helpers/explore-client';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';
import { specSource } from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';

const PASS = specSource('pass.spec.ts');

describe('a recycled browser', () => {
  let site: TestSite;
  let h: RunnerHarness;

  before(async () => {
    site = await startTestSite();
    // Two workers take two leases at start-up; the third lease (an explore session) recycles.
    h = await startRunner({
      RUNNER_WORKERS: '2',
      RUNNER_RECYCLE_AFTER: '3',
      RUNNER_EXPLORE_SPARE_TABS: '0',
      RUNNER_EXPLORE_WARM_TABS: '0',
    });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it('closes once its last session ends: idle workers move to the replacement, and runs pass there', async () => {
    await waitUntil(() => h.stack.browsers.browserIds().length === 1, 30_000, 'the browser is up');
    const [first] = h.stack.browsers.browserIds();
    assert.ok(first !== undefined);
    const call = h.client.bidi('explore');
    call.on('error', () => undefined);
    const opened = await ask(call, {
      open: { url: site.url, viewport: undefined, maxSnapshotNodes: 0, actionTimeoutMs: 0 },
    });
    assert.equal(opened.ok, true, opened.error);
    assert.ok((await h.client.unary('getPoolStats', {})).recycled >= 1, 'the third lease recycles');
    await ask(call, { close: {} });
    await waitUntil(
      () => !h.stack.browsers.browserIds().includes(first),
      30_000,
      'the recycled browser closed (no worker holds it)',
    );
    const res = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: PASS, baseUrl: site.url }),
    );
    assert.equal(res.status, common.RunStatus.PASS, `${res.errorMessage} ${JSON.stringify(res.tests)}`);
  });
});
