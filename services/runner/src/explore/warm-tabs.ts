// Finished explore sessions' tabs, wiped and kept for the next session on the same origin and
// viewport. A kept tab holds its browser slot, so the pool can take it back whenever a slot is wanted;
// tabs also go after an idle minute, after serving MAX_SESSIONS_PER_TAB sessions, and as soon as
// their browser takes no more work (recycling, crash).

import type { ExploreTab } from './explore-tab';

const IDLE_MS = 60_000;
const MAX_SESSIONS_PER_TAB = 50;

export interface WarmTabsOptions {
  /** Tabs kept at most (0: none, every session gets a new context). */
  max: number;
  /** True while someone waits for a browser slot: a finished tab then gives its slot back. */
  slotsWanted: () => boolean;
  /** A wipe that failed (the tab is closed instead of kept). */
  onWipeFailed: (err: unknown) => void;
}

export class WarmTabs {
  /** Oldest first. */
  private readonly idle: { tab: ExploreTab; timer: NodeJS.Timeout }[] = [];
  /** Wipes under way, so that closing waits for them. */
  private readonly wiping = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly opts: WarmTabsOptions) {}

  get size(): number {
    return this.idle.length;
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

  /**
   * Wipes a finished session's tab in the background and keeps it, or closes it when it cannot or
   * need not be kept.
   */
  keep(tab: ExploreTab): void {
    const wiping = this.wipeAndKeep(tab).finally(() => this.wiping.delete(wiping));
    this.wiping.add(wiping);
  }

  /**
   * Gives slots back at once: every kept tab whose browser takes no more work, or else the one idle
   * longest. False when no tab is kept.
   */
  reclaim(): boolean {
    if (this.dropUnfit() > 0) return true;
    if (this.idle.length === 0) return false;
    void this.remove(0).discard();
    return true;
  }

  /** Resolves once the wipes under way have ended (each tab kept or closed). */
  async settled(): Promise<void> {
    await Promise.all(this.wiping);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    await Promise.all(this.idle.splice(0).map((e) => (clearTimeout(e.timer), e.tab.discard())));
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
    if (this.idle.length >= this.opts.max) this.reclaim();
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((e) => e.tab === tab);
      if (i >= 0) void this.remove(i).discard();
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ tab, timer });
  }

  /** Closes the kept tabs that are no longer fit (their browser is recycling or gone); how many. */
  dropUnfit(): number {
    let closed = 0;
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
