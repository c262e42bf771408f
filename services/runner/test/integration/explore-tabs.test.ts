import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '@superagent/logging';
import { chromiumLauncher } from '../../src/browser/launcher';
import { DEFAULT_CHROMIUM_PATH } from '../../src/config';
import { parseOriginPattern, type OriginPattern } from '../../src/domain/url-policy';
import type { ExploreSession } from '../../src/explore/explore-session';
import { ExploreSessions } from '../../src/explore/explore-sessions';
import { BrowserPool } from '../../src/pool/browser-pool';
import { startTestSite, type TestSite } from '../helpers/test-site';

const local = parseOriginPattern('http://127.0.0.1:*') as OriginPattern;

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
  }));
}

const NONE = { local: {}, session: {}, cookie: '', name: '', databases: [] };

describe('Explore tabs kept between sessions', () => {
  const home = path.join(os.tmpdir(), `runner-explore-tabs-test-${process.pid}`);
  const pool = new BrowserPool({
    size: 1,
    contextsPerBrowser: 2,
    recycleAfter: 1000,
    launcher: chromiumLauncher(DEFAULT_CHROMIUM_PATH, [local], home),
    logger: silentLogger(),
  });
  const sessions = new ExploreSessions({
    browsers: pool,
    maxSessions: 2,
    idleMs: 60_000,
    maxMs: 60_000,
    allowedOrigins: [local],
    extraOrigins: [local],
    fixturesDir: undefined,
    warmTabs: 2,
    logger: silentLogger(),
  });
  let site: TestSite;
  let other: TestSite;
  const start = (url: string, viewport?: { width: number; height: number }) =>
    sessions.start(
      { url, maxNodes: 100, actionTimeoutMs: 5000, ...(viewport ? { viewport } : {}) },
      new AbortController().signal,
    );

  before(async () => {
    [site, other] = await Promise.all([startTestSite(), startTestSite()]);
    await pool.start();
  });
  after(async () => {
    await sessions.close();
    await pool.close();
    await Promise.all([site?.close(), other?.close()]);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("hands a finished session's tab to the next session on its origin, wiped of what the page left", async () => {
    const first = await start(site.url);
    assert.equal(first.report.ok, true, first.report.error?.message);
    await first.session.tab.page.evaluate(leaveTraces);
    await sessions.end(first.session);
    assert.equal(sessions.warmCount, 1, 'the tab is kept');

    const second = await start(new URL('/about', site.url).href);
    assert.equal(second.report.ok, true, second.report.error?.message);
    assert.equal(second.session.tab, first.session.tab, 'the same tab serves the next session');
    assert.equal(sessions.warmCount, 0);
    assert.equal(second.report.snapshot?.title, 'About');
    assert.deepEqual(await traces(second.session), NONE);
    // Page events now reach the new session: the dialog is reported to it (and accepted).
    await sessions.end(second.session);
    const third = await start(site.url);
    const hello = await third.session.act({
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
    await sessions.end(third.session);
  });

  it('keeps tabs apart by origin and viewport', async () => {
    const a = await start(site.url);
    await sessions.end(a.session);
    const b = await start(other.url);
    assert.notEqual(b.session.tab, a.session.tab, 'another origin gets a tab of its own');
    const c = await start(site.url, { width: 400, height: 800 });
    assert.notEqual(c.session.tab, a.session.tab, 'another viewport too');
    await sessions.end(b.session);
    await sessions.end(c.session);
  });

  it('closes a tab that visited another origin instead of keeping it', async () => {
    const a = await start(site.url);
    const away = await a.session.act({
      action: 'goto',
      value: new URL('/about', other.url).href,
      values: [],
      timeoutMs: 5000,
    });
    assert.equal(away.ok, true, away.error?.message);
    const kept = sessions.warmCount;
    await sessions.end(a.session);
    assert.equal(sessions.warmCount, kept, 'not kept: its storage is on an origin the wipe does not cover');
    const b = await start(site.url);
    assert.notEqual(b.session.tab, a.session.tab);
    await sessions.end(b.session);
  });

  it('gives a kept tab its browser slot back as soon as a lease would have to wait', async () => {
    assert.ok(sessions.warmCount >= 1, 'a tab is kept from the tests before');
    const held = pool.stats().leased;
    assert.equal(held, sessions.warmCount, 'kept tabs hold their slots');
    // Two slots in all: both leases are served at once, from slots the kept tabs give back.
    const leases = await Promise.all([pool.lease(), pool.lease()]);
    assert.equal(sessions.warmCount, 0);
    assert.equal(pool.stats().waiting, 0);
    for (const l of leases) l.release();
  });
});
