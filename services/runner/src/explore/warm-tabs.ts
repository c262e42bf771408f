// Tabs ready for explore sessions (explore-tab.ts):
// - kept: finished sessions' tabs, wiped and kept for the next session on the same origin and
//   viewport; they go after an idle minute or after serving MAX_SESSIONS_PER_TAB sessions;
// - spares: blank tabs opened while no session runs, for a session on any origin.
// Every such tab holds its browser slot, so the pool can take it back whenever a slot is wanted, and
// it goes as soon as its browser takes no more work (recycling, crash).

import type { ExploreTab } from './explore-tab';

const IDLE_MS = 60_000;
const MAX_SESSIONS_PER_TAB = 50;

export interface WarmTabsOptions {
  /** Tabs kept at most (0: none, every session gets a new context). */
  max: number;
  /** Blank tabs held ready for sessions on any origin (0: none). */
  spares: number;
  /** A blank tab on a browser slot free now, or undefined when none is free (never waits for one). */
  openSpare: () => Promise<ExploreTab | undefined>;
  /** True while someone waits for a browser slot: a finished tab then gives its slot back. */
  slotsWanted: () => boolean;
  /** A wipe that failed (the tab is closed instead of kept). */
  onWipeFailed: (err: unknown) => void;
  /** Opening a spare failed (no more are opened until the next `fillSpares`). */
  onSpareFailed: (err: unknown) => void;
}

export class WarmTabs {
  /** Oldest first. */
  private readonly idle: { tab: ExploreTab; timer: NodeJS.Timeout }[] = [];
  private readonly spareTabs: ExploreTab[] = [];
  /** Spares being opened. */
  private filling: Promise<void> | undefined;
  /** Wipes under way, so that closing waits for them. */
  private readonly wiping = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: WarmTabsOptions) {}

  /** Kept tabs. */
  get size(): number {
    return this.idle.length;
  }

  get spareCount(): number {
    return this.spareTabs.length;
  }

  /** The most recently kept fit tab for `key`, counted as a new use of its browser slot. */
  take(key: string): ExploreTab | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i];
      if (entry?.tab.key !== key) continue;
      this.remove(i);
      if (entry.tab.reusable && entry.tab.lease.renew()) return entry.tab;
      void entry.tab.discard();
    }
    return undefined;
  }

  /** A blank spare (its lease counted the use); the caller binds it to an origin. */
  takeSpare(): ExploreTab | undefined {
    for (let tab = this.spareTabs.pop(); tab; tab = this.spareTabs.pop()) {
      if (tab.reusable) return tab;
      void tab.discard();
    }
    return undefined;
  }

  /**
   * Opens spares, one after another, until there are enough or no browser slot is free; resolves
   * when done (a call while it runs joins it).
   */
  fillSpares(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.filling ??= this.fill().finally(() => (this.filling = undefined));
    return this.filling;
  }

  private async fill(): Promise<void> {
    while (!this.closed && this.spareTabs.length < this.opts.spares) {
      let tab: ExploreTab | undefined;
      try {
        tab = await this.opts.openSpare();
      } catch (err) {
        this.opts.onSpareFailed(err);
        return;
      }
      if (!tab) return;
      // Closed meanwhile; or a lease now waits for the slot this spare took (a spare being opened
      // cannot be reclaimed); or its browser began draining when this use was counted.
      if (this.closed || this.opts.slotsWanted() || !tab.reusable) {
        await tab.discard();
        return;
      }
      this.spareTabs.push(tab);
    }
  }

  /**
   * Wipes a finished session's tab in the background and keeps it, or closes it when it cannot or
   * need not be kept.
   */
  keep(tab: ExploreTab): void {
    const wiping = this.wipeAndKeep(tab).finally(() => this.wiping.delete(wiping));
    this.wiping.add(wiping);
  }

  /**
   * Gives slots back at once: every tab whose browser takes no more work, or else the kept tab idle
   * longest, or else a spare. False when no tab is held.
   */
  reclaim(): boolean {
    if (this.dropUnfit() > 0) return true;
    if (this.idle.length > 0) {
      void this.remove(0).discard();
      return true;
    }
    const spare = this.spareTabs.shift();
    if (!spare) return false;
    void spare.discard();
    return true;
  }

  /** Resolves once the wipes under way have ended (each tab kept or closed). */
  async settled(): Promise<void> {
    await Promise.all(this.wiping);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([this.settled(), this.filling]);
    await Promise.all([
      ...this.idle.splice(0).map((e) => (clearTimeout(e.timer), e.tab.discard())),
      ...this.spareTabs.splice(0).map((tab) => tab.discard()),
    ]);
  }

  private async wipeAndKeep(tab: ExploreTab): Promise<void> {
    tab.sessions++;
    const wanted = (): boolean =>
      !this.closed && this.opts.max > 0 && tab.sessions < MAX_SESSIONS_PER_TAB && !this.opts.slotsWanted();
    let wiped = false;
    if (wanted()) {
      try {
        wiped = await tab.wipe();
      } catch (err) {
        this.opts.onWipeFailed(err);
      }
    }
    if (!wiped || !wanted()) {
      await tab.discard();
      return;
    }
    if (this.idle.length >= this.opts.max) void this.remove(0).discard();
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((e) => e.tab === tab);
      if (i >= 0) void this.remove(i).discard();
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ tab, timer });
  }

  /** Closes the tabs that are no longer fit (their browser is recycling or gone); how many. */
  dropUnfit(): number {
    let closed = 0;
    for (let i = this.spareTabs.length - 1; i >= 0; i--) {
      const tab = this.spareTabs[i];
      if (!tab || tab.reusable) continue;
      this.spareTabs.splice(i, 1);
      void tab.discard();
      closed++;
    }
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i];
      if (!entry || entry.tab.reusable) continue;
      void this.remove(i).discard();
      closed++;
    }
    return closed;
  }

  private remove(i: number): ExploreTab {
    const [entry] = this.idle.splice(i, 1);
    if (!entry) throw new Error(`no idle tab at ${i}`);
    clearTimeout(entry.timer);
    return entry.tab;
  }
}
