// A fenced browser context with one page that explore sessions use one after another. A new context
// costs Chromium about as much again as the page load itself (a renderer process to start, Playwright's
// injected script to compile), so a finished session's tab is wiped and kept for the next session on
// the same origin and viewport. Wiping leaves the page (its unload handlers run), then clears cookies
// and every kind of storage of the origin, session storage included, the window name and the mouse
// position, and forgets the page's history up to the blank page, where a new page starts too. A tab
// whose page crashed, that opened another page (a popup), or that visited another origin (whose
// storage we would also have to find) is closed instead.

import type { Browser, BrowserContext, CDPSession, Dialog, Page } from 'playwright-core';
import { guardContext, type ContextEvents } from '../browser/context-guard';
import { createRequestFilter, disallowedUrlPattern, type OriginPattern } from '../domain/url-policy';
import type { Lease } from '../pool/browser-pool';
import { INSTALL_HELPER } from './settle-script';

export interface TabShape {
  origin: string;
  viewport: { width: number; height: number };
}

/** The session using a tab: page events go to it. */
export interface TabOwner {
  readonly events: ContextEvents;
  onDialog(dialog: Dialog): void;
}

const WIPE_TIMEOUT_MS = 5000;

/** Tabs can serve the same origin and viewport only. */
export function tabKey(shape: TabShape): string {
  return `${shape.origin} ${shape.viewport.width}x${shape.viewport.height}`;
}

function leftOrigin(url: string, origin: string): boolean {
  if (!/^https?:/i.test(url)) return false;
  try {
    return new URL(url).origin !== origin;
  } catch {
    return true;
  }
}

export class ExploreTab {
  owner: TabOwner | undefined;
  /** Sessions served so far. */
  sessions = 0;
  /** Crashed, opened a popup, or visited another origin: not fit for another session. */
  private unfit = false;

  private constructor(
    readonly key: string,
    private readonly origin: string,
    readonly context: BrowserContext,
    readonly page: Page,
    readonly lease: Lease,
    private readonly cdp: CDPSession,
  ) {
    page.on('dialog', (dialog) => {
      if (this.owner) this.owner.onDialog(dialog);
      else dialog.accept().catch(() => undefined);
    });
    page.on('crash', () => (this.unfit = true));
    page.on('framenavigated', (frame) => {
      if (leftOrigin(frame.url(), origin)) this.unfit = true;
    });
    // A popup lives on in the context and could write to storage after the wipe.
    context.on('page', (other) => {
      if (other !== page) this.unfit = true;
    });
  }

  static async open(
    browser: Browser,
    lease: Lease,
    shape: TabShape,
    extraOrigins: readonly OriginPattern[],
  ): Promise<ExploreTab> {
    const context = await browser.newContext({
      baseURL: shape.origin,
      viewport: shape.viewport,
      serviceWorkers: 'block',
    });
    try {
      await context.addInitScript({ content: INSTALL_HELPER });
      const page = await context.newPage();
      const tab = new ExploreTab(
        tabKey(shape),
        shape.origin,
        context,
        page,
        lease,
        await context.newCDPSession(page),
      );
      await guardContext(
        context,
        createRequestFilter(shape.origin, extraOrigins),
        disallowedUrlPattern(shape.origin, extraOrigins),
        () => tab.owner?.events,
      );
      return tab;
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
  }

  /** Still fit for another session: its page is alive, on its own origin, on a browser taking work. */
  get reusable(): boolean {
    return !this.unfit && !this.page.isClosed() && this.lease.usable();
  }

  /**
   * Leaves the page and clears what the session left behind; false when the tab is not fit to be
   * kept. Throws when a step of the wipe failed (the tab is then not kept either).
   */
  async wipe(): Promise<boolean> {
    this.owner = undefined;
    if (!this.reusable) return false;
    await this.page.goto('about:blank', { timeout: WIPE_TIMEOUT_MS });
    await Promise.all([
      this.context.clearCookies(),
      this.cdp.send('Storage.clearDataForOrigin', { origin: this.origin, storageTypes: 'all' }),
      // Only the blank page stays in the history, as in a new page before its first navigation.
      this.cdp.send('Page.resetNavigationHistory'),
      this.page.evaluate(() => {
        window.name = '';
      }),
      // Where a click left it, the pointer would hover the next page's first snapshot.
      this.page.mouse.move(0, 0),
    ]);
    return this.reusable;
  }

  /** Gives the slot back at once; the context closes in the background. */
  discard(): Promise<void> {
    this.owner = undefined;
    this.lease.release();
    return this.context.close().catch(() => undefined);
  }
}
