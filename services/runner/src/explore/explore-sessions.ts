// Explore sessions of this runner: a cap on open sessions, the service's own connections to the pooled
// browsers (explore runs no spec code, so it stays in the service process), tabs made ahead of use
// (blank spares, finished sessions' tabs kept for their origin), and closing them all.

import { chromium, type Browser } from 'playwright-core';
import type { Logger } from '@superagent/logging';
import type { OriginPattern } from '../domain/url-policy';
import { listFixtures } from '../fixtures';
import type { BrowserPool, Lease } from '../pool/browser-pool';
import { ExploreSession, type SessionOptions, type StepReport } from './explore-session';
import { ExploreTab, tabKey, type TabShape } from './explore-tab';
import { WarmTabs } from './warm-tabs';
import { unlessAborted } from './unless-aborted';

export interface ExploreSessionsOptions {
  browsers: BrowserPool;
  maxSessions: number;
  idleMs: number;
  maxMs: number;
  allowedOrigins: readonly OriginPattern[];
  extraOrigins: readonly OriginPattern[];
  fixturesDir: string | undefined;
  /** Finished sessions' tabs kept for the next sessions (0: every session gets a new context). */
  warmTabs: number;
  /** Blank tabs held ready for sessions on any origin, opened while no session runs (0: none). */
  spareTabs: number;
  logger: Logger;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

export class TooManySessions extends Error {
  constructor(max: number) {
    super(`${max} explore sessions are open (RUNNER_MAX_EXPLORE_SESSIONS)`);
    this.name = 'TooManySessions';
  }
}

export class ExploreSessions {
  private readonly connections = new Map<string, Promise<Browser>>();
  private readonly open = new Set<ExploreSession>();
  private reserved = 0;
  private version = '';
  private readonly warm: WarmTabs;
  /** Set once start-up opened the spares (before that, the workers take their slots first). */
  private sparesWanted = false;

  constructor(readonly opts: ExploreSessionsOptions) {
    this.warm = new WarmTabs({
      max: opts.warmTabs,
      spares: opts.spareTabs,
      openSpare: () => this.openSpare(),
      slotsWanted: () => opts.browsers.stats().waiting > 0,
      onWipeFailed: (err) => opts.logger.warn({ err }, 'wiping a finished explore tab failed; closing it'),
      onSpareFailed: (err) => opts.logger.warn({ err }, 'opening a spare explore tab failed'),
    });
    opts.browsers.setReclaimer(() => this.warm.reclaim());
    // Tabs held on a browser being recycled would keep it running until they expire; spares are
    // opened again on the others. Deferred: the pool emits while it hands out a lease, and closing a
    // tab gives a slot back.
    const dropUnfit = (): void =>
      void setImmediate(() => {
        if (this.warm.dropUnfit() > 0) this.refillSpares();
      });
    opts.browsers.on('draining', dropUnfit);
    opts.browsers.on('gone', dropUnfit);
    opts.browsers.on('launched', () => void setImmediate(() => this.refillSpares()));
  }

  get count(): number {
    return this.open.size + this.reserved;
  }

  /** Finished sessions' tabs kept, ready for the next session on their origin. */
  get warmCount(): number {
    return this.warm.size;
  }

  /** Blank tabs ready for a session on any origin. */
  get spareCount(): number {
    return this.warm.spareCount;
  }

  /**
   * Opens the spare tabs (at start-up, once the workers hold their slots); resolves once they are
   * open or no browser slot is free. From then on, spares taken or lost are replaced whenever no
   * session runs.
   */
  openSpares(): Promise<void> {
    this.sparesWanted = true;
    return this.warm.fillSpares();
  }

  /** The fixture files sessions can upload (read now: the directory may change while running). */
  fixtures(): string[] {
    return listFixtures(this.opts.fixturesDir);
  }

  browserVersion(): string {
    return this.version;
  }

  /** Connects once to learn the browser version (GetPoolStats). */
  async probeVersion(): Promise<void> {
    const lease = await this.opts.browsers.lease();
    try {
      this.version = (await this.connect(lease.controlEndpoint)).version();
    } finally {
      lease.release();
    }
  }

  async start(
    options: Omit<SessionOptions, 'fixturesDir'>,
    signal: AbortSignal,
  ): Promise<{ session: ExploreSession; report: StepReport }> {
    if (this.count >= this.opts.maxSessions) throw new TooManySessions(this.opts.maxSessions);
    this.reserved++;
    try {
      const shape: TabShape = {
        origin: new URL(options.url).origin,
        viewport: options.viewport ?? DEFAULT_VIEWPORT,
      };
      const tab =
        this.warm.take(tabKey(shape)) ?? (await this.bindSpare(shape)) ?? (await this.newTab(shape, signal));
      try {
        // A caller that goes away while the page opens frees the tab at once (closing it ends the
        // navigation), instead of holding it until the open's own timeout.
        const opened = await unlessAborted(
          ExploreSession.open(tab, { ...options, fixturesDir: this.opts.fixturesDir }),
          signal,
        );
        this.open.add(opened.session);
        return opened;
      } catch (err) {
        await tab.discard();
        throw err;
      }
    } finally {
      this.reserved--;
    }
  }

  /**
   * Ends a session; its tab is wiped and kept for the next one, or closed (in the background). A
   * session ended in the middle of a step (its caller went away) has its tab closed: the step's
   * Playwright call would otherwise go on waiting, and act, on the next session's page. Once no
   * session runs, spares taken meanwhile are replaced.
   */
  end(session: ExploreSession): void {
    if (!this.open.delete(session)) return;
    if (session.busy) void session.tab.discard();
    else this.warm.keep(session.tab);
    this.refillSpares();
  }

  /** Resolves once ended sessions' tabs have been kept or closed. */
  tabsSettled(): Promise<void> {
    return this.warm.settled();
  }

  async close(): Promise<void> {
    for (const session of this.open) this.end(session);
    await this.warm.close();
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map(async (b) => (await b.catch(() => undefined))?.close().catch(() => undefined)));
  }

  /**
   * Spares are opened again only once no session runs, so that opening them does not compete with
   * sessions in flight (a fill under way goes on when a session starts).
   */
  private refillSpares(): void {
    if (this.sparesWanted && this.count === 0) void this.warm.fillSpares();
  }

  /** A spare bound to `shape`, or undefined when none is left (or binding it failed). */
  private async bindSpare(shape: TabShape): Promise<ExploreTab | undefined> {
    const spare = this.warm.takeSpare();
    if (!spare) return undefined;
    try {
      await spare.bind(shape, this.opts.extraOrigins);
      return spare;
    } catch (err) {
      this.opts.logger.warn({ err }, 'binding a spare explore tab failed; opening a new one');
      await spare.discard();
      return undefined;
    }
  }

  /** A blank tab on a slot free now; undefined when every slot is taken. */
  private async openSpare(): Promise<ExploreTab | undefined> {
    const lease = this.opts.browsers.leaseNow();
    return lease ? this.openTab(lease) : undefined;
  }

  private async newTab(shape: TabShape, signal: AbortSignal): Promise<ExploreTab> {
    return this.openTab(await this.opts.browsers.lease(signal), shape);
  }

  /** A tab on `lease`'s browser, bound to `shape` or blank (a spare); the slot goes back if it fails. */
  private async openTab(lease: Lease, shape?: TabShape): Promise<ExploreTab> {
    try {
      const browser = await this.connect(lease.controlEndpoint);
      return shape
        ? await ExploreTab.open(browser, lease, shape, this.opts.extraOrigins)
        : await ExploreTab.blank(browser, lease, DEFAULT_VIEWPORT);
    } catch (err) {
      lease.release();
      throw err;
    }
  }

  private connect(wsEndpoint: string): Promise<Browser> {
    let pending = this.connections.get(wsEndpoint);
    if (!pending) {
      pending = chromium.connect(wsEndpoint, { timeout: 10_000 });
      this.connections.set(wsEndpoint, pending);
      pending.then(
        (b) => b.on('disconnected', () => this.connections.delete(wsEndpoint)),
        () => this.connections.delete(wsEndpoint),
      );
    }
    return pending;
  }
}
