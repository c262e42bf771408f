import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { common, runner } from '@superagent/proto';
import type { LocatorSpec } from '../../src/domain/locator';
import { toPlaywright } from '../../src/explore/locators';
import { act, ask, role } from '../helpers/explore-client';
import { startRunner, waitUntil, type RunnerHarness } from '../helpers/runner-harness';
import { startTestSite, type TestSite } from '../helpers/test-site';

function node(res: runner.ExploreResponse, r: string, name: string): runner.SnapshotNode | undefined {
  return res.snapshot?.nodes.find((n) => n.role === r && n.name === name);
}

function specOf(l: runner.Locator): LocatorSpec {
  const kinds: Record<number, LocatorSpec['kind']> = {
    1: 'role',
    2: 'label',
    3: 'testId',
    4: 'text',
    5: 'placeholder',
    6: 'css',
    7: 'altText',
    8: 'title',
  };
  return {
    kind: kinds[l.kind] ?? 'css',
    role: l.role,
    name: l.name,
    value: l.value,
    exact: l.exact,
    ...(l.within ? { within: specOf(l.within) } : {}),
  };
}

describe('Explore', () => {
  let site: TestSite;
  let h: RunnerHarness;
  let fixtures: string;
  let browser: Browser;
  before(async () => {
    site = await startTestSite();
    fixtures = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-fixtures-'));
    fs.writeFileSync(path.join(fixtures, 'avatar.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    h = await startRunner({ RUNNER_FIXTURES_DIR: fixtures });
    browser = await chromium.launch({
      executablePath: h.stack.settings.config.RUNNER_CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });
  after(async () => {
    await browser?.close();
    await h?.stop();
    await site?.close();
    if (fixtures) fs.rmSync(fixtures, { recursive: true, force: true });
  });

  it('opens a page and offers a unique, ready-made locator for what a test needs', async () => {
    const stats = () => h.client.unary('getPoolStats', {});
    assert.equal((await stats()).exploreSpareTabs, 2, 'spare tabs opened at start-up (the default)');
    const call = h.client.bidi('explore');
    // The server ends the stream after close; that late status is not an error here.
    call.on('error', () => undefined);
    const opened = await ask(call, {
      open: { url: site.url, viewport: undefined, maxSnapshotNodes: 0, actionTimeoutMs: 0 },
    });
    assert.equal(opened.ok, true, opened.error);
    assert.equal((await stats()).exploreSpareTabs, 1, 'the session took a spare');
    assert.equal(opened.stepIndex, 0);
    assert.deepEqual(opened.fixtureFiles, ['avatar.png'], 'the fixture files it can upload');
    assert.equal(opened.snapshot?.title, 'Test Shop');
    assert.equal(
      node(opened, 'heading', 'Welcome to the shop')?.locator?.code,
      "page.getByRole('heading', { name: 'Welcome to the shop' })",
    );
    assert.equal(node(opened, 'heading', 'Welcome to the shop')?.level, 1);
    assert.equal(
      node(opened, 'button', 'Log in')?.locator?.code,
      "page.getByRole('button', { name: 'Log in' })",
    );
    const email = node(opened, 'textbox', 'Email');
    assert.equal(email?.label, 'Email');
    assert.equal(email?.inputType, 'email');
    assert.equal(email?.required, true);
    assert.equal(node(opened, 'checkbox', 'Remember me')?.checked, false);
    assert.deepEqual(node(opened, 'combobox', 'Country')?.options, ['France', 'Chile']);
    assert.equal(node(opened, 'button', 'Say hello')?.testId, 'alert-btn');
    // A <th> heads its column, or its row when it says so (scope) or sits among data cells.
    assert.ok(node(opened, 'columnheader', 'Trail'));
    assert.ok(node(opened, 'rowheader', 'Brook Walk'));
    assert.ok(node(opened, 'rowheader', 'Summit Trail'));
    assert.ok(
      opened.snapshot?.nodes.some((n) => n.role === 'textbox' && n.placeholder === 'Search products'),
    );
    assert.ok(
      opened.snapshot?.nodes.some((n) => n.role === 'link' && n.name === 'About us' && n.href === '/about'),
    );
    // Two identical "Buy" buttons: no locator would pick one, so none is offered.
    assert.ok(
      opened.snapshot?.nodes
        .filter((n) => n.role === 'button' && n.name === 'Buy')
        .every((n) => n.locator === undefined),
    );

    // Every offered locator matches exactly one element (checked with a separate browser).
    const page = await browser.newPage();
    await page.goto(site.url);
    for (const n of opened.snapshot?.nodes ?? []) {
      if (!n.locator) continue;
      assert.equal(await toPlaywright(page, specOf(n.locator)).count(), 1, n.locator.code);
    }
    await page.close();
    const closed = await ask(call, { close: {} });
    assert.equal(closed.closed, true);
    await waitUntil(
      async () => {
        const s = await stats();
        return s.exploreSessions === 0 && s.exploreWarmTabs === 1 && s.exploreSpareTabs === 2;
      },
      10_000,
      'explore session freed, its tab kept for the origin, and the spare replaced',
    );
  });

  it('acts step by step and reports what changed', async () => {
    const call = h.client.bidi('explore');
    await ask(call, {
      open: {
        url: site.url,
        viewport: { width: 1024, height: 768 },
        maxSnapshotNodes: 0,
        actionTimeoutMs: 3000,
      },
    });

    const filled = await ask(
      call,
      act(runner.Action.FILL, { kind: runner.LocatorKind.LABEL, value: 'Email' }, 'ann@example.com'),
    );
    assert.equal(filled.ok, true, filled.error);
    assert.equal(filled.stepIndex, 1);
    assert.equal(node(filled, 'textbox', 'Email')?.value, 'ann@example.com');

    const password = await ask(
      call,
      act(runner.Action.FILL, { kind: runner.LocatorKind.LABEL, value: 'Password' }, 's3cret'),
    );
    assert.equal(password.snapshot?.nodes.find((n) => n.label === 'Password')?.value, '••••');

    const clicked = await ask(call, act(runner.Action.CLICK, role('button', 'Log in')));
    assert.equal(clicked.ok, true, clicked.error);
    assert.ok(
      clicked.changes?.newText.includes('Signed in as ann@example.com'),
      JSON.stringify(clicked.changes),
    );
    assert.ok(clicked.changes?.removedText.includes('Please sign in.'));
    // The confirmation sits in a live region (role=status, no name): its text is what it says.
    const status = clicked.snapshot?.nodes.find((n) => n.role === 'status');
    assert.equal(status?.text, 'Signed in as ann@example.com', JSON.stringify(status));
    assert.equal(status?.locator?.code, "page.getByRole('status')");

    const selected = await ask(
      call,
      act(runner.Action.SELECT, { kind: runner.LocatorKind.LABEL, value: 'Country' }, 'Chile'),
    );
    assert.equal(node(selected, 'combobox', 'Country')?.value, 'Chile');
    const checked = await ask(call, act(runner.Action.CHECK, role('checkbox', 'Remember me')));
    assert.equal(node(checked, 'checkbox', 'Remember me')?.checked, true);
    const uploaded = await ask(
      call,
      act(runner.Action.UPLOAD, { kind: runner.LocatorKind.LABEL, value: 'Document' }, '', ['avatar.png']),
    );
    assert.equal(uploaded.ok, true, uploaded.error);
    assert.equal(uploaded.snapshot?.nodes.find((n) => n.label === 'Document')?.value, 'avatar.png');

    const alerted = await ask(
      call,
      act(runner.Action.CLICK, { kind: runner.LocatorKind.TEST_ID, value: 'alert-btn' }),
    );
    assert.deepEqual(alerted.changes?.dialogs, [{ type: 'alert', message: 'Hello there' }]);
    const framed = await ask(call, act(runner.Action.CLICK, role('button', 'Open frame')));
    assert.deepEqual(framed.changes?.newFrames, [`${site.origin}/frame`]);
    const cart = await ask(call, act(runner.Action.CLICK, role('button', 'Open cart')));
    assert.equal(node(cart, 'dialog', 'Cart')?.locator?.code, "page.getByRole('dialog', { name: 'Cart' })");
    assert.ok(cart.changes?.newText.includes('Your cart is empty'));

    const missing = await ask(call, act(runner.Action.CLICK, role('button', 'Checkout now')));
    assert.equal(missing.ok, false);
    assert.equal(missing.errorCategory, common.ErrorCategory.SELECTOR, missing.error);
    assert.ok(missing.snapshot, 'a failed step still shows the page');

    const blocked = await ask(call, act(runner.Action.GOTO, undefined, 'http://example.com/'));
    assert.equal(blocked.ok, false);
    assert.equal(blocked.errorCategory, common.ErrorCategory.NETWORK, blocked.error);

    const about = await ask(call, act(runner.Action.GOTO, undefined, '/about'));
    assert.equal(about.changes?.urlAfter, `${site.origin}/about`);
    assert.equal(about.snapshot?.title, 'About');

    const closed = await ask(call, { close: {} });
    assert.equal(closed.closed, true);
    assert.equal(closed.stepIndex, about.stepIndex + 1);
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).exploreSessions === 0,
      5000,
      'explore session freed',
    );
  });

  it('marks what an open modal dialog blocks, so that nothing waits out a timeout on it', async () => {
    const call = h.client.bidi('explore');
    const opened = await ask(call, {
      open: {
        url: `${site.origin}/confirm`,
        viewport: { width: 1024, height: 768 },
        maxSnapshotNodes: 0,
        actionTimeoutMs: 3000,
      },
    });
    assert.equal(node(opened, 'button', 'Delete Bothy map')?.blocked, false);
    assert.equal(node(opened, 'button', 'Archive all')?.disabled, true);
    // Disabled by its fieldset, as Playwright's toBeDisabled sees it.
    assert.equal(node(opened, 'checkbox', 'Email')?.disabled, true);
    // The fieldset is a group named by its legend, holding its controls (a scope for "… of Channels").
    const group = node(opened, 'group', 'Channels');
    assert.equal(group?.locator?.code, "page.getByRole('group', { name: 'Channels' })");
    assert.equal(node(opened, 'checkbox', 'Email')?.depth, (group?.depth ?? -2) + 1);
    const asked = await ask(call, act(runner.Action.CLICK, role('button', 'Delete Bothy map')));
    assert.equal(asked.ok, true, asked.error);
    // Behind the modal: still shown, but blocked; the dialog's own controls are not.
    assert.equal(node(asked, 'button', 'Delete Bothy map')?.blocked, true);
    assert.equal(node(asked, 'heading', 'Projects')?.blocked, true);
    assert.equal(node(asked, 'button', 'Cancel')?.blocked, false);
    assert.equal(node(asked, 'button', 'Delete this project')?.blocked, false);
    assert.equal(node(asked, 'button', 'Delete this project')?.disabled, true);
    // The open modal took the focus to its first control that can have it; only that node says so.
    assert.deepEqual(
      asked.snapshot?.nodes.filter((n) => n.focused).map((n) => `${n.role} ${n.name}`),
      ['button Cancel'],
    );
    const cancelled = await ask(call, act(runner.Action.CLICK, role('button', 'Cancel')));
    assert.equal(cancelled.ok, true, cancelled.error);
    assert.equal(node(cancelled, 'button', 'Delete Bothy map')?.blocked, false);
    await ask(call, { close: {} });
  });

  it('finds a control repeated on every list item by the text only its item shows, and offers none where nothing tells the items apart', async () => {
    const call = h.client.bidi('explore');
    const opened = await ask(call, {
      open: {
        url: `${site.origin}/comments`,
        viewport: { width: 1024, height: 768 },
        maxSnapshotNodes: 0,
        actionTimeoutMs: 3000,
      },
    });
    const deletes = opened.snapshot?.nodes.filter((n) => n.role === 'button' && n.name === 'Delete') ?? [];
    assert.deepEqual(
      deletes.map((n) => n.locator?.code ?? ''),
      [
        `page.locator('li:has-text("Alpha one")').getByRole('button', { name: 'Delete' })`,
        `page.locator('li:has-text("Beta two")').getByRole('button', { name: 'Delete' })`,
        '',
        '',
      ],
    );
    const deleted = await ask(call, act(runner.Action.CLICK, deletes[1]?.locator));
    assert.equal(deleted.ok, true, deleted.error);
    await ask(call, { close: {} });
  });

  it('waits for the answers to the requests a step started (fetch and XHR) before its snapshot', async () => {
    const call = h.client.bidi('explore');
    call.on('error', () => undefined);
    const opened = await ask(call, {
      open: { url: `${site.origin}/slow-save`, viewport: undefined, maxSnapshotNodes: 0, actionTimeoutMs: 0 },
    });
    assert.equal(opened.ok, true, opened.error);
    const saved = await ask(call, act(runner.Action.CLICK, role('button', 'Save')));
    assert.equal(saved.ok, true, saved.error);
    assert.ok(saved.changes?.newText.includes('Saved: server says ok'), JSON.stringify(saved.changes));
    const uploaded = await ask(call, act(runner.Action.CLICK, role('button', 'Upload')));
    assert.equal(uploaded.ok, true, uploaded.error);
    assert.ok(
      uploaded.changes?.newText.includes('Uploaded: server says ok'),
      JSON.stringify(uploaded.changes),
    );
    await ask(call, { close: {} });
  });

  it('frees the context when the client goes away', async () => {
    const call = h.client.bidi('explore');
    call.on('error', () => undefined);
    await ask(call, {
      open: { url: site.url, viewport: undefined, maxSnapshotNodes: 50, actionTimeoutMs: 0 },
    });
    assert.equal((await h.client.unary('getPoolStats', {})).exploreSessions, 1);
    call.cancel();
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).exploreSessions === 0,
      5000,
      'explore session freed',
    );
    // Half-closing the stream (no close message) frees it too.
    const ended = h.client.bidi('explore');
    await ask(ended, {
      open: { url: site.url, viewport: undefined, maxSnapshotNodes: 50, actionTimeoutMs: 0 },
    });
    assert.equal((await h.client.unary('getPoolStats', {})).exploreSessions, 1);
    ended.end();
    await waitUntil(
      async () => (await h.client.unary('getPoolStats', {})).exploreSessions === 0,
      5000,
      'explore session freed',
    );
  });

  it('frees the session at once when the client goes away in the middle of a step, and keeps no tab a step still acts on', async () => {
    const stats = () => h.client.unary('getPoolStats', {});
    const call = h.client.bidi('explore');
    call.on('error', () => undefined);
    await ask(call, {
      open: { url: site.url, viewport: undefined, maxSnapshotNodes: 50, actionTimeoutMs: 0 },
    });
    const warmBefore = (await stats()).exploreWarmTabs;
    // A click on something the page never shows waits for its whole timeout (a minute here).
    call.write({
      open: undefined,
      close: undefined,
      act: {
        action: runner.Action.CLICK,
        locator: runner.Locator.fromPartial({ kind: runner.LocatorKind.TEST_ID, value: 'never-there' }),
        value: '',
        values: [],
        timeoutMs: 60_000,
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelledAt = Date.now();
    call.cancel();
    await waitUntil(async () => (await stats()).exploreSessions === 0, 5000, 'explore session freed');
    assert.ok(Date.now() - cancelledAt < 5000);
    assert.equal(
      (await stats()).exploreWarmTabs,
      warmBefore,
      'the tab the click still waits on is closed, not kept',
    );
  });

  it('gives specs the same fixture files by name', async () => {
    const res = await h.client.unary('runSpec', {
      specSource: `import { test, expect } from '@playwright/test';
test('uploads a fixture', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Document').setInputFiles(['avatar.png']);
  await expect(page.getByLabel('Document')).toHaveValue(/avatar\\.png$/);
});
`,
      specName: undefined,
      baseUrl: site.url,
      timeoutMs: 20_000,
      artifacts: { trace: false, screenshotOnFailure: false, video: undefined },
      fileName: 'upload.spec.ts',
      taskId: '',
    });
    assert.equal(res.status, common.RunStatus.PASS, res.tests[0]?.errorMessage ?? res.errorMessage);
  });

  it('rejects a stream that does not start with open, or opens a URL outside the allow-list', async () => {
    const first = h.client.bidi('explore');
    await assert.rejects(
      ask(first, act(runner.Action.CLICK, role('button', 'Log in'))),
      (err: Error & { code?: number }) => err.code === 3 && /open: the first message/.test(err.message),
    );
    const outside = h.client.bidi('explore');
    await assert.rejects(
      ask(outside, {
        open: { url: 'http://example.com/', viewport: undefined, maxSnapshotNodes: 0, actionTimeoutMs: 0 },
      }),
      (err: Error & { code?: number }) => err.code === 3 && /open.url/.test(err.message),
    );
  });
});
