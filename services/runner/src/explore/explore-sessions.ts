// Explore sessions of this runner: a cap on open sessions, the service's own connections to the pooled
// browsers (explore runs no spec code, so it stays in the service process), finished sessions' tabs
// kept warm for the next ones, and closing them all.

import { chromium, type Browser } from 'playwright-core';
import type { Logger } from '@superagent/logging';
import type { OriginPattern } from '../domain/url-policy';
import { listFixtures } from '../fixtures';
import type { BrowserPool } from '../pool/browser-pool';
import { ExploreSession, type SessionOptions, type StepReport } from './explore-session';
import { ExploreTab, tabKey, type TabShape } from './explore-tab';
import { WarmTabs } from './warm-tabs';

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

  constructor(readonly opts: ExploreSessionsOptions) {
    this.warm = new WarmTabs({
      max: opts.warmTabs,
      slotsWanted: () => opts.browsers.stats().waiting > 0,
      onWipeFailed: (err) => opts.logger.warn({ err }, 'wiping a finished explore tab failed; closing it'),
    });
    opts.browsers.setReclaimer(() => this.warm.reclaim());
    // Tabs kept on a browser being recycled would keep it running until they expire. Deferred: the
    // pool emits while it hands out a lease, and closing a tab gives a slot back.
    const dropUnfit = (): void => void setImmediate(() => this.warm.dropUnfit());
    opts.browsers.on('draining', dropUnfit);
    opts.browsers.on('gone', dropUnfit);
  }

  get count(): number {
    return this.open.size + this.reserved;
  }

  /** Finished sessions' tabs kept, ready for the next session. */
  get warmCount(): number {
    return this.warm.size;
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
      this.version = (await this.connect(lease.wsEndpoint)).version();
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
      const tab = this.warm.take(tabKey(shape)) ?? (await this.newTab(shape, signal));
      try {
        const opened = await ExploreSession.open(tab, { ...options, fixturesDir: this.opts.fixturesDir });
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

  /** Ends a session; its tab is wiped and kept for the next one, or closed (in the background). */
  end(session: ExploreSession): void {
    if (this.open.delete(session)) this.warm.keep(session.tab);
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

  private async newTab(shape: TabShape, signal: AbortSignal): Promise<ExploreTab> {
    const lease = await this.opts.browsers.lease(signal);
    try {
      return await ExploreTab.open(
        await this.connect(lease.wsEndpoint),
        lease,
        shape,
        this.opts.extraOrigins,
      );
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
