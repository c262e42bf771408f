import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@superagent/logging';
import type { ExploreSession } from '../../src/explore/explore-session';
import { ExploreSessions, type ExploreSessionsOptions } from '../../src/explore/explore-sessions';
import type { BrowserPool } from '../../src/pool/browser-pool';
import { LOOPBACK, testBrowserPool, type TestBrowserPool } from '../helpers/browser-pool';
import { waitUntil } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

/** What a page can leave behind in the browser for the next visitor of its origin. */
function leaveTraces(): Promise<void> {
  localStorage.setItem('theme', 'dark');
  sessionStorage.setItem('step', '3');
  document.cookie = 'session=abc; path=/';
  window.name = 'left-over';
  // Written while the page is being left: after the session has ended.
  addEventListener('pagehide', () => localStorage.setItem('late', 'yes'));
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('drafts', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('drafts');
    open.onsuccess = () => {
      open.result.close();
      resolve();
    };
    open.onerror = () => reject(open.error ?? new Error('indexedDB failed'));
  });
}

async function traces(session: ExploreSession): Promise<unknown> {
  return session.tab.page.evaluate(async () => ({
    local: { ...localStorage },
    session: { ...sessionStorage },
    cookie: document.cookie,
    name: window.name,
    databases: (await indexedDB.databases()).map((d) => d.name),
    history: history.length,
  }));
}

/** What a page opened in a new context finds (its history: the blank page it started on, then this). */
const NONE = { local: {}, session: {}, cookie: '', name: '', databases: [], history: 2 };

/** Explore sessions on `pool` for the loopback test sites; the tab settings are each test's own. */
function exploreSessions(
  pool: BrowserPool,
  tabs: Pick<ExploreSessionsOptions, 'maxSessions' | 'extraOrigins' | 'warmTabs' | 'spareTabs'>,
): ExploreSessions {
  return new ExploreSessions({
    browsers: pool,
    idleMs: 60_000,
    maxMs: 60_000,
    allowedOrigins: [LOOPBACK],
    fixturesDir: undefined,
    logger: silentLogger(),
    ...tabs,
  });
}

/**
 * Two test sites, started with the browser pool before the suite; the sessions, the pool and the
 * sites are closed after it.
 */
function useSites(
  browsers: TestBrowserPool,
  sessions: ExploreSessions,
): { readonly site: TestSite; readonly other: TestSite } {
  const sites: { site?: TestSite; other?: TestSite } = {};
  before(async () => {
    [sites.site, sites.other] = await Promise.all([startTestSite(), startTestSite()]);
    await browsers.pool.start();
  });
  after(async () => {
    await sessions.close();
    await browsers.close();
    await Promise.all([sites.site?.close(), sites.other?.close()]);
  });
  return {
    get site() {
      if (!sites.site) throw new Error('the test sites start before the suite');
      return sites.site;
    },
    get other() {
      if (!sites.other) throw new Error('the test sites start before the suite');
      return sites.other;
    },
  };
}

describe('Explore tabs kept between sessions', () => {
  const browsers = testBrowserPool('explore-tabs', { contextsPerBrowser: 3, recycleAfter: 1000 });
  const pool = browsers.pool;
  const sessions = exploreSessions(pool, {
    maxSessions: 2,
    extraOrigins: [LOOPBACK],
    warmTabs: 3,
    spareTabs: 0,
  });
  const start = async (
    url: string,
    viewport?: { width: number; height: number },
  ): Promise<ExploreSession> => {
    const opened = await sessions.start(
      { url, maxNodes: 100, actionTimeoutMs: 5000, ...(viewport ? { viewport } : {}) },
      new AbortController().signal,
    );
    assert.equal(opened.report.ok, true, opened.report.error?.message);
    return opened.session;
  };
  /** Ends a session and waits until its tab has been kept or closed. */
  const end = async (session: ExploreSession): Promise<void> => {
    sessions.end(session);
    await sessions.tabsSettled();
  };

  const sites = useSites(browsers, sessions);

  it("hands a finished session's tab to the next session on its origin, wiped of what the page left", async () => {
    const first = await start(sites.site.url);
    assert.deepEqual(await traces(first), NONE, 'a new context');
    await first.tab.page.evaluate(leaveTraces);
    await end(first);
    assert.equal(sessions.warmCount, 1, 'the tab is kept');

    const second = await start(new URL('/about', sites.site.url).href);
    assert.ok(second.tab === first.tab, 'the same tab serves the next session');
    assert.equal(sessions.warmCount, 0);
    assert.deepEqual(await traces(second), NONE);
    // Page events now reach the new session: the dialog is reported to it (and accepted).
    await end(second);
    const third = await start(sites.site.url);
    assert.ok(third.tab === first.tab, 'the same tab');
    const hello = await third.act({
      action: 'click',
      locator: { kind: 'testId', value: 'alert-btn' },
      value: '',
      values: [],
      timeoutMs: 5000,
    });
    assert.equal(hello.ok, true, hello.error?.message);
    assert.deepEqual(
      hello.changes?.dialogs.map((d) => d.message),
      ['Hello there'],
    );
    await end(third);
  });

  it("never answers the next session from the previous session's HTTP cache", async () => {
    const cached = new URL('/cached', sites.site.url).href;
    const fetches = (): number => sites.site.hits.filter((path) => path === '/cached').length;
    const before = fetches();
    const first = await start(cached);
    await end(first);
    const second = await start(cached);
    assert.ok(second.tab === first.tab, 'the same tab');
    assert.equal(fetches() - before, 2, 'the kept tab fetched the cacheable page again');
    await end(second);
  });

  it('keeps tabs apart by origin and viewport', async () => {
    const a = await start(sites.site.url);
    await end(a);
    const b = await start(sites.other.url);
    assert.ok(b.tab !== a.tab, 'another origin gets a tab of its own');
    await end(b);
    const c = await start(sites.site.url, { width: 400, height: 800 });
    assert.ok(c.tab !== a.tab, 'another viewport too');
    await end(c);
    const d = await start(sites.site.url);
    assert.ok(d.tab === a.tab, 'the first tab was kept for its origin and viewport');
    await end(d);
  });

  it('closes a tab that visited another origin or opened a popup, instead of keeping it', async () => {
    const a = await start(sites.site.url);
    const away = await a.act({
      action: 'goto',
      value: new URL('/about', sites.other.url).href,
      values: [],
      timeoutMs: 5000,
    });
    assert.equal(away.ok, true, away.error?.message);
    await end(a);
    assert.equal(a.tab.page.isClosed(), true, 'its storage is on an origin the wipe does not cover');

    const b = await start(sites.site.url);
    assert.ok(b.tab !== a.tab, 'another tab');
    await b.tab.page.evaluate(() => window.open('/about'));
    await end(b);
    assert.equal(b.tab.page.isClosed(), true, 'the popup could write to storage after a wipe');
  });

  it('gives a kept tab its browser slot back as soon as a lease would have to wait', async () => {
    await end(await start(sites.site.url));
    await end(await start(sites.other.url));
    await end(await start(sites.site.url, { width: 400, height: 800 }));
    assert.equal(sessions.warmCount, 3);
    assert.equal(pool.stats().leased, 3, 'kept tabs hold their slots');
    // Every slot is taken by a kept tab: the leases are served at once, from slots they give back.
    const leases = await Promise.all([pool.lease(), pool.lease(), pool.lease()]);
    assert.equal(sessions.warmCount, 0);
    assert.equal(pool.stats().waiting, 0);
    for (const l of leases) l.release();
  });

  it('drops kept tabs as soon as their browser is gone, and opens the next session on its replacement', async () => {
    const a = await start(sites.site.url);
    await end(a);
    assert.equal(sessions.warmCount, 1);
    assert.equal(pool.killBrowser(a.tab.lease.browserId), true);
    await waitUntil(() => sessions.warmCount === 0, 10_000, 'kept tab dropped');
    await waitUntil(() => pool.browserIds().length === 1, 30_000, 'browser replaced');
    const b = await start(sites.site.url);
    assert.ok(b.tab !== a.tab, 'a new tab on the new browser');
    await end(b);
  });
});

describe('Spare explore tabs', () => {
  const browsers = testBrowserPool('explore-spares', { contextsPerBrowser: 3, recycleAfter: 1000 });
  const pool = browsers.pool;
  // No other origin is allowed: binding a spare must fence it to its session's origin.
  const sessions = exploreSessions(pool, { maxSessions: 2, extraOrigins: [], warmTabs: 0, spareTabs: 2 });
  const act = (session: ExploreSession, action: 'goto', value: string) =>
    session.act({ action, value, values: [], timeoutMs: 5000 });

  const sites = useSites(browsers, sessions);

  it('opens spares on free slots and binds one to the origin and viewport of the session that takes it', async () => {
    await sessions.openSpares();
    assert.equal(sessions.spareCount, 2);
    assert.equal(pool.stats().leased, 2, 'each spare holds a slot');

    const opened = await sessions.start(
      { url: sites.site.url, maxNodes: 100, actionTimeoutMs: 5000, viewport: { width: 400, height: 800 } },
      new AbortController().signal,
    );
    assert.equal(opened.report.ok, true, opened.report.error?.message);
    const session = opened.session;
    assert.equal(sessions.spareCount, 1, 'the session took a spare');
    assert.equal(pool.stats().leased, 2, 'and no new slot');
    assert.deepEqual(
      await session.tab.page.evaluate(() => [innerWidth, innerHeight, history.length]),
      [400, 800, 2],
      "the session's viewport; history: the blank page, then the session's",
    );
    const relative = await act(session, 'goto', '/about');
    assert.equal(relative.ok, true, relative.error?.message);
    assert.equal(session.pageUrl, new URL('/about', sites.site.url).href, "relative to the session's origin");
    const away = await act(session, 'goto', sites.other.url);
    assert.equal(away.ok, false, 'another origin is refused');
    assert.match(away.error?.message ?? '', /ERR_BLOCKED_BY_CLIENT/);

    sessions.end(session);
    await sessions.tabsSettled();
    await waitUntil(() => sessions.spareCount === 2, 10_000, 'the spare replaced once no session runs');
    assert.equal(session.tab.page.isClosed(), true, 'no tabs are kept (RUNNER_EXPLORE_WARM_TABS=0)');
  });

  it('gives a spare slot back when a lease would wait, and opens none when no slot is free', async () => {
    await sessions.openSpares();
    const free = await pool.lease();
    assert.equal(pool.stats().leased, 3, 'every slot is taken');
    const wanted = await pool.lease();
    assert.equal(sessions.spareCount, 1, 'a spare gave its slot back');
    await sessions.openSpares();
    assert.equal(sessions.spareCount, 1, 'no slot is free: no spare is opened, and none is waited for');
    free.release();
    wanted.release();
  });

  it('gives up a spare still being opened when a lease waits for its slot', async () => {
    await sessions.openSpares();
    // Every slot taken, no spare left: the two leases after the first took the spares' slots.
    const held = [await pool.lease(), await pool.lease(), await pool.lease()];
    assert.equal(sessions.spareCount, 0);
    held.pop()?.release();
    const filling = sessions.openSpares(); // takes the free slot at once, then opens the tab
    const waiting = pool.lease();
    assert.equal(pool.stats().waiting, 1, 'the spare being opened cannot be reclaimed yet');
    await filling;
    const served = await waiting;
    assert.equal(sessions.spareCount, 0, 'the spare gave its slot to the waiting lease');
    for (const lease of [...held, served]) lease.release();
  });

  it('drops spares of a browser that died and opens new ones on its replacement', async () => {
    await sessions.openSpares();
    assert.equal(sessions.spareCount, 2);
    const [browserId] = pool.browserIds();
    assert.equal(pool.killBrowser(browserId as number), true);
    await waitUntil(() => pool.browserIds()[0] !== browserId, 30_000, 'browser replaced');
    await waitUntil(() => sessions.spareCount === 2, 30_000, 'spares on the replacement');
    const opened = await sessions.start(
      { url: sites.site.url, maxNodes: 100, actionTimeoutMs: 5000 },
      new AbortController().signal,
    );
    assert.equal(opened.report.ok, true, opened.report.error?.message);
    assert.equal(sessions.spareCount, 1, 'the session took a spare');
    assert.equal(opened.session.tab.lease.browserId, pool.browserIds()[0]);
    sessions.end(opened.session);
    await sessions.tabsSettled();
  });
});

describe('Spare explore tabs on a browser being recycled', () => {
  const browsers = testBrowserPool('explore-spares-recycled', { contextsPerBrowser: 3, recycleAfter: 2 });
  const pool = browsers.pool;
  const sessions = exploreSessions(pool, { maxSessions: 1, extraOrigins: [], warmTabs: 0, spareTabs: 1 });
  after(async () => {
    await sessions.close();
    await browsers.close();
  });

  it('keeps no spare on a browser that began draining when the spare counted its use', async () => {
    await pool.start();
    const [first] = pool.browserIds();
    const lease = await pool.lease(); // use 1 of 2
    await sessions.openSpares(); // use 2: the browser drains, and the spare opened on it goes
    lease.release();
    await waitUntil(
      () => pool.browserIds().length === 1 && pool.browserIds()[0] !== first,
      30_000,
      'the recycled browser closed, nothing holding it',
    );
    await waitUntil(() => sessions.spareCount === 1, 30_000, 'a spare on the replacement');
  });
});
