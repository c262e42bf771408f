// Warm Chromium browsers, each a Playwright browser server that workers and explore sessions connect
// to. A lease is one context slot on one browser. Browsers are replaced after N leases (recycled) or
// when their process dies (crash); a replacement is launched at once so capacity stays warm.

import { EventEmitter } from 'node:events';
import type { Logger } from '@superagent/logging';
import { abortReason } from './abort-reason';

/** A running browser server: where to connect, and how to stop it. */
export interface LaunchedBrowser {
  /** The sandbox proxy: what spec workers connect to. */
  wsEndpoint: string;
  /** The Playwright server itself: only for the service's own explore sessions, never a spec. */
  controlEndpoint: string;
  /** Resolves when the browser (or its host process) is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the Chromium process (crash tests). */
  killBrowser(): void;
  close(): Promise<void>;
}

export interface BrowserLauncher {
  launch(): Promise<LaunchedBrowser>;
}

export interface BrowserPoolOptions {
  size: number;
  contextsPerBrowser: number;
  recycleAfter: number;
  launcher: BrowserLauncher;
  logger: Logger;
}

interface PooledBrowser {
  id: number;
  server: LaunchedBrowser;
  wsEndpoint: string;
  controlEndpoint: string;
  leases: number;
  uses: number;
  state: 'ready' | 'draining' | 'gone';
}

export interface Lease {
  readonly browserId: number;
  /** Where a spec worker connects (the sandbox proxy). */
  readonly wsEndpoint: string;
  /** Where the service's own explore sessions connect (the server itself; never given to a spec). */
  readonly controlEndpoint: string;
  /** False once the browser died; the holder should take a new lease. */
  alive(): boolean;
  /** False once the browser takes no new work (recycling, or gone). */
  usable(): boolean;
  /**
   * Counts one more use of this slot's browser, as a new lease would (a kept context serving another
   * session); false, counting nothing, when the browser takes no new work.
   */
  renew(): boolean;
  release(): void;
}

export interface BrowserPoolStats {
  size: number;
  leased: number;
  slots: number;
  recycled: number;
  crashes: number;
  waiting: number;
}

interface Waiter {
  resolve: (lease: Lease) => void;
  reject: (err: unknown) => void;
}

/**
 * `draining`: a browser takes no new work (being recycled); `gone`: its process died; `launched`: a
 * browser (a replacement, or one of the first) takes work.
 */
export class BrowserPool extends EventEmitter<{
  gone: [browserId: number];
  draining: [browserId: number];
  launched: [browserId: number];
}> {
  private readonly browsers = new Map<number, PooledBrowser>();
  private readonly waiters: Waiter[] = [];
  private nextId = 1;
  private launching = 0;
  private recycled = 0;
  private crashes = 0;
  private closed = false;
  private reclaimer: (() => boolean) | undefined;

  constructor(private readonly opts: BrowserPoolOptions) {
    super();
  }

  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.opts.size }, () => this.launchOne()));
  }

  stats(): BrowserPoolStats {
    let leased = 0;
    for (const b of this.browsers.values()) leased += b.leases;
    return {
      size: this.opts.size,
      leased,
      slots: this.opts.size * this.opts.contextsPerBrowser,
      recycled: this.recycled,
      crashes: this.crashes,
      waiting: this.waiters.length,
    };
  }

  /**
   * Slots held by something that can give them back at once (kept and spare explore tabs): `reclaim` frees at
   * least one and says whether it did; it is asked, until a slot is free or it has none left, before a
   * lease has to wait.
   */
  setReclaimer(reclaim: () => boolean): void {
    this.reclaimer = reclaim;
  }

  /** A context slot on the least busy ready browser; waits (FIFO) while every slot is taken. */
  lease(signal?: AbortSignal): Promise<Lease> {
    if (this.closed) return Promise.reject(new Error('browser pool is closed'));
    let now = this.tryLease();
    while (!now && this.reclaimer?.()) now = this.tryLease();
    if (now) return Promise.resolve(now);
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) {
            this.waiters.splice(i, 1);
            reject(abortReason(signal));
          }
        },
        { once: true },
      );
    });
  }

  /** A context slot if one is free now: never waits, and takes no slot back from their holders. */
  leaseNow(): Lease | undefined {
    return this.closed ? undefined : this.tryLease();
  }

  /** Kills a browser process (tests use it to simulate a crash). */
  killBrowser(browserId: number): boolean {
    const b = this.browsers.get(browserId);
    if (!b || b.state === 'gone') return false;
    b.server.killBrowser();
    return true;
  }

  browserIds(): number[] {
    return [...this.browsers.values()].filter((b) => b.state !== 'gone').map((b) => b.id);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new Error('browser pool is closed'));
    const all = [...this.browsers.values()];
    this.browsers.clear();
    await Promise.all(all.map((b) => ((b.state = 'gone'), b.server.close().catch(() => undefined))));
  }

  private tryLease(): Lease | undefined {
    let best: PooledBrowser | undefined;
    for (const b of this.browsers.values()) {
      if (b.state !== 'ready' || b.leases >= this.opts.contextsPerBrowser) continue;
      if (!best || b.leases < best.leases) best = b;
    }
    if (!best) return undefined;
    const b = best;
    b.leases++;
    this.countUse(b);
    let released = false;
    return {
      browserId: b.id,
      wsEndpoint: b.wsEndpoint,
      controlEndpoint: b.controlEndpoint,
      alive: () => b.state !== 'gone',
      usable: () => !released && b.state === 'ready',
      renew: () => {
        if (released || b.state !== 'ready') return false;
        this.countUse(b);
        return true;
      },
      release: () => {
        if (released) return;
        released = true;
        b.leases--;
        if (b.state === 'draining' && b.leases === 0) this.retire(b);
        this.serveWaiters();
      },
    };
  }

  private countUse(b: PooledBrowser): void {
    b.uses++;
    if (b.uses >= this.opts.recycleAfter) this.drain(b);
  }

  private serveWaiters(): void {
    while (this.waiters.length > 0) {
      const lease = this.tryLease();
      if (!lease) return;
      this.waiters.shift()?.resolve(lease);
    }
  }

  /** Stops new leases on `b` and launches its replacement; `b` closes when its last lease ends. */
  private drain(b: PooledBrowser): void {
    b.state = 'draining';
    this.recycled++;
    this.emit('draining', b.id);
    this.opts.logger.info({ browserId: b.id, uses: b.uses }, 'recycling browser');
    void this.launchOne();
    if (b.leases === 0) this.retire(b);
  }

  private retire(b: PooledBrowser): void {
    b.state = 'gone';
    this.browsers.delete(b.id);
    b.server
      .close()
      .catch((err: unknown) =>
        this.opts.logger.warn({ err, browserId: b.id }, 'closing a recycled browser failed'),
      );
  }

  private async launchOne(): Promise<void> {
    if (this.closed) return;
    this.launching++;
    try {
      const server = await this.opts.launcher.launch();
      if (this.closed) {
        await server.close();
        return;
      }
      const b: PooledBrowser = {
        id: this.nextId++,
        server,
        wsEndpoint: server.wsEndpoint,
        controlEndpoint: server.controlEndpoint,
        leases: 0,
        uses: 0,
        state: 'ready',
      };
      this.browsers.set(b.id, b);
      void server.exited.then(({ code, signal }) => this.onExit(b, code, signal));
      this.serveWaiters();
      this.emit('launched', b.id);
    } catch (err) {
      this.opts.logger.error({ err }, 'browser launch failed');
      this.crashes++;
      // Keep the pool at size: try again shortly (bounded by the pool being closed).
      if (!this.closed) setTimeout(() => void this.launchOne(), 1000).unref();
    } finally {
      this.launching--;
    }
  }

  private onExit(b: PooledBrowser, code: number | null, signal: NodeJS.Signals | null): void {
    if (b.state === 'gone' || this.closed) return;
    const wasDraining = b.state === 'draining';
    b.state = 'gone';
    this.browsers.delete(b.id);
    this.crashes++;
    this.opts.logger.warn({ browserId: b.id, code, signal }, 'browser process died; replacing it');
    this.emit('gone', b.id);
    // A draining browser already has its replacement.
    if (!wasDraining) void this.launchOne();
  }
}
