// Explore sessions of this runner: a cap on open sessions, the service's own connections to the pooled
// browsers (explore runs no spec code, so it stays in the service process), and closing them all.

import { chromium, type Browser } from 'playwright-core';
import type { Logger } from '@superagent/logging';
import type { OriginPattern } from '../domain/url-policy';
import { listFixtures } from '../fixtures';
import type { BrowserPool } from '../pool/browser-pool';
import { ExploreSession, type SessionOptions, type StepReport } from './explore-session';

export interface ExploreSessionsOptions {
  browsers: BrowserPool;
  maxSessions: number;
  idleMs: number;
  maxMs: number;
  allowedOrigins: readonly OriginPattern[];
  extraOrigins: readonly OriginPattern[];
  fixturesDir: string | undefined;
  logger: Logger;
}

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

  constructor(readonly opts: ExploreSessionsOptions) {}

  get count(): number {
    return this.open.size + this.reserved;
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
    options: Omit<SessionOptions, 'extraOrigins' | 'fixturesDir'>,
    signal: AbortSignal,
  ): Promise<{ session: ExploreSession; report: StepReport }> {
    if (this.count >= this.opts.maxSessions) throw new TooManySessions(this.opts.maxSessions);
    this.reserved++;
    try {
      const lease = await this.opts.browsers.lease(signal);
      try {
        const browser = await this.connect(lease.wsEndpoint);
        const opened = await ExploreSession.open(browser, lease, {
          ...options,
          extraOrigins: this.opts.extraOrigins,
          fixturesDir: this.opts.fixturesDir,
        });
        this.open.add(opened.session);
        return opened;
      } catch (err) {
        lease.release();
        throw err;
      }
    } finally {
      this.reserved--;
    }
  }

  async end(session: ExploreSession): Promise<void> {
    if (!this.open.delete(session)) return;
    await session.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.open].map((s) => this.end(s)));
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map(async (b) => (await b.catch(() => undefined))?.close().catch(() => undefined)));
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
