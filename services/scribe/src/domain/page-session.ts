// What the generators need from a live page: one command at a time, each answered with the
// snapshot after it and what it changed. The runner's Explore stream implements it; unit tests can
// script it.
import type { runner } from '@superagent/proto';

export interface PageAnswer {
  ok: boolean;
  error: string;
  snapshot: runner.Snapshot | undefined;
  changes: runner.Changes | undefined;
  durationMs: number;
}

export interface PageAct {
  action: runner.Action;
  locator?: runner.Locator;
  value?: string;
  values?: string[];
  timeoutMs?: number;
}

export interface PageSession {
  act(act: PageAct): Promise<PageAnswer>;
}
