// A browser that dies under a run: the run is an ERROR ("run it again"), never a FAIL made of the
// "Target page, context or browser has been closed" errors its tests met, and those errors name the
// call the spec made, not the runner's own. The browser host's notice that its browser died and the
// worker's report reach the service on different pipes; these tests hold the host's notice back (the
// order a loaded machine can produce) and check the verdict does not depend on it. A spec that closes
// its browser itself is no crash: it is judged as Playwright would judge it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import type { BrowserLauncher } from '../../src/pool/browser-pool';
import { specSource } from '../helpers/specs';
import { startTestSite, type TestSite } from '../helpers/test-site';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';

const WAITS_ON_PAGE = `import { test } from '@playwright/test';

test('waits on the page', async ({ page }) => {
  await page.goto('/');
  await page.waitForTimeout(60_000);
});

test('comes next', async ({ page }) => {
  await page.goto('/');
});
`;

/** Closes its browser in one test; the next fails as under Playwright, the one after passes. */
const CLOSES_ITS_BROWSER = `import { test } from '@playwright/test';

test('closes the browser', async ({ browser }) => {
  await browser.close();
});

test('uses a page after that', async ({ page }) => {
  await page.goto('/');
});

test('runs in a new worker generation', async ({ page }) => {
  await page.goto('/');
});
`;

const PASS = specSource('pass.spec.ts');

/** Holds back what the pool hears of a browser's exit until `release()`. */
class HeldExits {
  private held = true;
  private readonly waiting: (() => void)[] = [];

  wrap(real: BrowserLauncher): BrowserLauncher {
    return {
      launch: async () => {
        const browser = await real.launch();
        const exited = browser.exited.then(async (how) => {
          if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
          return how;
        });
        return { ...browser, exited, killBrowser: () => browser.killBrowser(), close: () => browser.close() };
      },
    };
  }

  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('a browser that dies under a run', () => {
  let site: TestSite;
  let h: RunnerHarness;
  const exits = new HeldExits();

  before(async () => {
    site = await startTestSite();
    h = await startRunner(
      { RUNNER_WORKERS: '1', RUNNER_EXPLORE_SPARE_TABS: '0' },
      { wrapLauncher: (real) => exits.wrap(real) },
    );
  });
  after(async () => {
    exits.release();
    await h?.stop();
    await site?.close();
  });

  it('is an ERROR even when the worker reports before the pool hears the browser died', async () => {
    const hitsBefore = site.hits.length;
    const running = h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: WAITS_ON_PAGE, baseUrl: site.url, timeoutMs: 60_000 }),
    );
    await waitUntil(() => site.hits.slice(hitsBefore).includes('/'), 10_000, 'page loaded');
    const [browserId] = h.stack.browsers.browserIds();
    assert.equal(h.stack.browsers.killBrowser(browserId ?? -1), true);
    const res = await running;
    assert.equal(res.status, common.RunStatus.ERROR, `${res.errorMessage} ${JSON.stringify(res.tests)}`);
    assert.match(res.errorMessage, /browser/);
    assert.match(res.errorMessage, /run the spec again/);
    assert.equal(res.browserCrashed, true, 'the caller can tell it to run the spec again');
    // Each test's error names what the spec called (or no call), never the runner's own calls on the
    // same connection: the next test's context being prepared, the trace being saved, the connect.
    const [first, second] = res.tests;
    assert.match(
      first?.errorMessage ?? '',
      /^Error: (page\.(goto|waitForTimeout): )?Target page, context or browser has been closed$/,
    );
    assert.match(
      second?.errorMessage ?? '',
      /^Error: the runner could not connect to the browser of this run \(/,
    );
    assert.doesNotMatch(second?.errorMessage ?? '', /browserType|Call log/);

    // Once the pool hears of it, the browser is replaced and runs pass again.
    exits.release();
    await waitUntil(
      () =>
        !h.stack.browsers.browserIds().includes(browserId ?? -1) &&
        h.stack.browsers.browserIds().length === 1,
      30_000,
      'browser replaced',
    );
    const next = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: PASS, baseUrl: site.url }),
    );
    assert.equal(next.status, common.RunStatus.PASS, `${next.errorMessage} ${JSON.stringify(next.tests)}`);
    assert.equal(next.browserCrashed, false);
  });
});

describe('a spec that closes its own browser', () => {
  let site: TestSite;
  let h: RunnerHarness;

  before(async () => {
    site = await startTestSite();
    h = await startRunner({ RUNNER_WORKERS: '1', RUNNER_EXPLORE_SPARE_TABS: '0' });
  });
  after(async () => {
    await h?.stop();
    await site?.close();
  });

  it('is judged as under Playwright, not reported as a browser crash, and leaves the worker fit', async () => {
    const res = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: CLOSES_ITS_BROWSER, baseUrl: site.url }),
    );
    assert.equal(res.status, common.RunStatus.FAIL, `${res.errorMessage} ${JSON.stringify(res.tests)}`);
    assert.equal(res.browserCrashed, false, 'nothing to run again');
    assert.deepEqual(
      res.tests.map((t) => [t.status, t.errorMessage]),
      [
        [runner.TestStatus.PASSED, ''],
        [
          runner.TestStatus.FAILED,
          'Error: browser.newContext: Target page, context or browser has been closed',
        ],
        [runner.TestStatus.PASSED, ''],
      ],
    );
    // The same worker's next run gets a live browser connection and context.
    const next = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: PASS, baseUrl: site.url }),
    );
    assert.equal(next.status, common.RunStatus.PASS, `${next.errorMessage} ${JSON.stringify(next.tests)}`);
  });
});

/** Lets the first launch through and holds every later one (a replacement browser that is slow to come). */
class HeldRelaunch {
  private launches = 0;
  private held = true;
  private readonly waiting: (() => void)[] = [];

  wrap(real: BrowserLauncher): BrowserLauncher {
    return {
      launch: async () => {
        if (this.launches++ > 0 && this.held)
          await new Promise<void>((resolve) => this.waiting.push(resolve));
        return real.launch();
      },
    };
  }

  release(): void {
    this.held = false;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('a run while the crashed browser is not replaced yet', () => {
  let site: TestSite;
  let h: RunnerHarness;
  const relaunch = new HeldRelaunch();

  before(async () => {
    site = await startTestSite();
    h = await startRunner(
      { RUNNER_WORKERS: '1', RUNNER_EXPLORE_SPARE_TABS: '0' },
      { wrapLauncher: (real) => relaunch.wrap(real) },
    );
  });
  after(async () => {
    relaunch.release();
    await h?.stop();
    await site?.close();
  });

  it('ends at its hard limit instead of waiting for the idle worker to get a browser again', async () => {
    const [browserId] = h.stack.browsers.browserIds();
    assert.equal(h.stack.browsers.killBrowser(browserId ?? -1), true);
    await waitUntil(() => h.stack.browsers.browserIds().length === 0, 10_000, 'the pool hears of the crash');
    // The call's deadline is far beyond the run's hard limit: only a run that ignores its limit meets it.
    const res = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: PASS, baseUrl: site.url, timeoutMs: 1500 }),
      { deadlineMs: 30_000 },
    );
    assert.equal(res.status, common.RunStatus.TIMEOUT, res.errorMessage);
    assert.match(res.errorMessage, /hard timeout of \d+ms/);
    assert.equal(h.stack.admission.running, 0, 'the run gave its place back');

    relaunch.release();
    await waitUntil(() => h.stack.browsers.browserIds().length === 1, 30_000, 'browser replaced');
    const next = await h.client.unary(
      'runSpec',
      runner.RunSpecRequest.fromPartial({ specSource: PASS, baseUrl: site.url }),
    );
    assert.equal(next.status, common.RunStatus.PASS, `${next.errorMessage} ${JSON.stringify(next.tests)}`);
  });
});
