// A fenced browser context with one page that explore sessions use one after another. A new context
// costs Chromium about as much again as the page load itself (a renderer process to start, Playwright's
// injected script to compile), so tabs are made ahead of use and kept:
// - a spare tab is opened blank, with no origin yet, while the runner is idle; a session on any origin
//   takes it, and binding it to that origin fences its network (see `bind`);
// - a finished session's tab is wiped and kept for the next session on the same origin and viewport.
//   Wiping leaves the page (its unload handlers run), then clears cookies and every kind of storage of
//   the origin, session storage included, the window name and the mouse position, and forgets the
//   page's history up to the blank page, where a new page starts too. Nothing comes from an HTTP
//   cache: Playwright turns a context's cache off while it routes requests, and the fence does.
// A tab whose page crashed, that opened another page (a popup), or that visited another origin (whose
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

function leftOrigin(url: string, origin: string | undefined): boolean {
  if (!/^https?:/i.test(url)) return false;
  // A spare goes nowhere before it is bound.
  if (origin === undefined) return true;
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
  /** The origin and viewport it serves (`tabKey`); unset while the tab is a blank spare. */
  private bound: { key: string; origin: string } | undefined;

  private constructor(
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
      if (leftOrigin(frame.url(), this.bound?.origin)) this.unfit = true;
    });
    // A popup lives on in the context and could write to storage after the wipe.
    context.on('page', (other) => {
      if (other !== page) this.unfit = true;
    });
  }

  /** A tab for `shape`: a new context, bound at once. */
  static async open(
    browser: Browser,
    lease: Lease,
    shape: TabShape,
    extraOrigins: readonly OriginPattern[],
  ): Promise<ExploreTab> {
    const tab = await ExploreTab.blank(browser, lease, shape.viewport);
    try {
      await tab.bind(shape, extraOrigins);
      return tab;
    } catch (err) {
      await tab.context.close().catch(() => undefined);
      throw err;
    }
  }

  /** A new context on a blank page, bound to no origin yet (a spare). */
  static async blank(browser: Browser, lease: Lease, viewport: TabShape['viewport']): Promise<ExploreTab> {
    const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
    try {
      await context.addInitScript({ content: INSTALL_HELPER });
      const page = await context.newPage();
      return new ExploreTab(context, page, lease, await context.newCDPSession(page));
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
  }

  /** Which origin and viewport the tab serves; undefined for a spare. */
  get key(): string | undefined {
    return this.bound?.key;
  }

  /**
   * Makes a spare serve `shape`: requests outside its origin (and `extraOrigins`) are refused from
   * now on, and the page takes the viewport. Once only, before its first navigation.
   */
  async bind(shape: TabShape, extraOrigins: readonly OriginPattern[]): Promise<void> {
    if (this.bound) throw new Error(`the tab already serves ${this.bound.key}`);
    this.bound = { key: tabKey(shape), origin: shape.origin };
    const current = this.page.viewportSize();
    await Promise.all([
      guardContext(
        this.context,
        createRequestFilter(shape.origin, extraOrigins),
        disallowedUrlPattern(shape.origin, extraOrigins),
        () => this.owner?.events,
        disallowedUrlPattern(shape.origin, extraOrigins, 'ws'),
      ),
      current?.width === shape.viewport.width && current.height === shape.viewport.height
        ? undefined
        : this.page.setViewportSize(shape.viewport),
    ]);
  }

  /** `url` resolved against the tab's origin, as a context's baseURL would resolve it. */
  resolve(url: string): string {
    try {
      return new URL(url, this.bound?.origin).href;
    } catch {
      return url; // not a URL: the navigation reports why
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
    if (!this.reusable || !this.bound) return false;
    await this.page.goto('about:blank', { timeout: WIPE_TIMEOUT_MS });
    await Promise.all([
      this.context.clearCookies(),
      this.cdp.send('Storage.clearDataForOrigin', { origin: this.bound.origin, storageTypes: 'all' }),
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
