// Finished explore sessions' tabs, wiped and kept for the next session on the same origin and
// viewport. A kept tab holds its browser slot, so the pool can take it back whenever a slot is wanted;
// tabs also go after an idle minute and after serving MAX_SESSIONS_PER_TAB sessions.

import type { ExploreTab } from './explore-tab';

const IDLE_MS = 60_000;
const MAX_SESSIONS_PER_TAB = 50;

export interface WarmTabsOptions {
  /** Tabs kept at most (0: none, every session gets a new context). */
  max: number;
  /** True while someone waits for a browser slot: a finished tab then gives its slot back. */
  slotsWanted: () => boolean;
}

export class WarmTabs {
  /** Oldest first. */
  private readonly idle: { tab: ExploreTab; timer: NodeJS.Timeout }[] = [];
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

  /** Wipes a finished session's tab and keeps it, or closes it when it cannot or need not be kept. */
  async keep(tab: ExploreTab): Promise<void> {
    tab.sessions++;
    const wanted = (): boolean =>
      !this.closed && this.opts.max > 0 && tab.sessions < MAX_SESSIONS_PER_TAB && !this.opts.slotsWanted();
    if (!wanted() || !(await tab.wipe()) || !wanted()) {
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

  /** Closes the longest-idle tab, giving its slot back at once; false when none is kept. */
  reclaim(): boolean {
    if (this.idle.length === 0) return false;
    void this.remove(0).discard();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((e) => (clearTimeout(e.timer), e.tab.discard())));
  }

  private remove(i: number): ExploreTab {
    const [entry] = this.idle.splice(i, 1);
    if (!entry) throw new Error(`no idle tab at ${i}`);
    clearTimeout(entry.timer);
    return entry.tab;
  }
}
