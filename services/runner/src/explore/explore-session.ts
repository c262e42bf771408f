// One live exploration on a tab (explore-tab.ts: a fenced context and its page, new or kept from an
// earlier session): step-by-step actions on Playwright locators. After every step it answers with a
// compact snapshot of the page (each node with a locator verified to match exactly that one element)
// and what the step changed.

import type { Dialog, Frame, Locator, Page } from 'playwright-core';
import { categorize, stripAnsi } from '../domain/error-category';
import { type LocatorSpec, locatorCode } from '../domain/locator';
import type { ConsoleMessage, ErrorCategory, FailedRequest } from '../domain/run-result';
import { diffLines, toLocatorSpec, uniqueCandidates } from '../domain/snapshot';
import { RunRecorder } from '../browser/event-recorder';
import { uploadFiles } from '../fixtures';
import type { ExploreTab, TabOwner } from './explore-tab';
import { frameSelector, MAX_FRAMES, mergeFrameSnapshot } from './frames';
import { toPlaywright } from './locators';
import { callHelper, settleAndCollect, type SettleAndCollectArgs } from './settle-script';
import type { RawNode, RawSnapshot } from './snapshot-script';

export type ExploreActionKind =
  'goto' | 'click' | 'fill' | 'select' | 'check' | 'uncheck' | 'press' | 'upload' | 'waitForLoad' | 'hover';

export interface ExploreAction {
  action: ExploreActionKind;
  locator?: LocatorSpec;
  value: string;
  values: string[];
  timeoutMs: number;
}

export interface SnapshotNode extends Omit<RawNode, 'candidates' | 'interactive' | 'container' | 'item'> {
  locator?: LocatorSpec & { code: string };
}

export interface PageSnapshot {
  url: string;
  title: string;
  nodes: SnapshotNode[];
  truncated: boolean;
  totalNodes: number;
}

export interface StepChanges {
  urlBefore: string;
  urlAfter: string;
  newText: string[];
  removedText: string[];
  dialogs: { type: string; message: string }[];
  newFrames: string[];
  failedRequests: FailedRequest[];
  consoleErrors: ConsoleMessage[];
}

export interface StepReport {
  ok: boolean;
  error?: { message: string; category: ErrorCategory };
  snapshot?: PageSnapshot;
  changes?: StepChanges;
  durationMs: number;
}

export interface SessionOptions {
  url: string;
  viewport?: { width: number; height: number };
  maxNodes: number;
  actionTimeoutMs: number;
  fixturesDir: string | undefined;
  testIdAttribute?: string;
}

/** Locators checked with Playwright itself per snapshot (controls and headings first). */
const VERIFY_BUDGET = 150;
/** Confirmed locators a session remembers before starting over. */
const MAX_CONFIRMED = 5000;
const SETTLE_QUIET_MS = 120;
const SETTLE_MAX_MS = 1500;
/** How long requests a step started may keep its snapshot waiting for their answers. */
const SETTLE_NETWORK_MAX_MS = 3000;

/** Same candidates (with their in-page counts) in the same places: the verified choice still holds. */
function choiceKey(raw: RawSnapshot): string | undefined {
  if (raw.total > raw.nodes.length) return undefined;
  return JSON.stringify(raw.nodes.map((n) => [n.role, n.interactive, n.container, n.item, n.candidates]));
}

export class ExploreSession implements TabOwner {
  private steps = 0;
  /** A step (open, act) is under way: its Playwright calls may still act on the page. */
  private stepping = false;
  private recorder = new RunRecorder();
  private dialogs: { type: string; message: string }[] = [];
  private lastLines: string[] = [];
  /** The last snapshot's locator choice, reused while the page's candidates are unchanged. */
  private lastChoice: { key: string; chosen: (LocatorSpec | undefined)[] } | undefined;
  /** Locators Playwright found unique, by page URL (see `verify`). */
  private readonly confirmed = new Set<string>();
  private readonly page: Page;

  private constructor(
    readonly tab: ExploreTab,
    private readonly opts: SessionOptions,
  ) {
    this.page = tab.page;
  }

  /** Starts a session on `tab` (new or kept) by opening the session's URL. */
  static async open(
    tab: ExploreTab,
    opts: SessionOptions,
  ): Promise<{ session: ExploreSession; report: StepReport }> {
    const started = performance.now();
    const session = new ExploreSession(tab, opts);
    tab.owner = session;
    tab.context.setDefaultTimeout(opts.actionTimeoutMs);
    const report = await session.step(started, async () => {
      await session.page.goto(opts.url, { timeout: opts.actionTimeoutMs, waitUntil: 'load' });
    });
    return { session, report: { ...report, changes: undefined } };
  }

  get events(): RunRecorder {
    return this.recorder;
  }

  onDialog(dialog: Dialog): void {
    this.dialogs.push({ type: dialog.type(), message: dialog.message().slice(0, 2000) });
    // The step would otherwise hang on a modal dialog; explore accepts it and reports it.
    dialog.accept().catch(() => undefined);
  }

  get pageUrl(): string {
    return this.page.url();
  }

  async act(action: ExploreAction): Promise<StepReport> {
    const started = performance.now();
    const timeout = action.timeoutMs > 0 ? action.timeoutMs : this.opts.actionTimeoutMs;
    const target = (): Locator => {
      if (!action.locator) throw new Error('a locator is required');
      return toPlaywright(this.page, action.locator);
    };
    return this.step(started, async () => {
      switch (action.action) {
        case 'goto':
          // Relative URLs resolve against the session's origin, even after an error page.
          await this.page.goto(this.tab.resolve(action.value), { timeout, waitUntil: 'load' });
          return;
        case 'click':
          await target().click({ timeout });
          return;
        case 'fill':
          await target().fill(action.value, { timeout });
          return;
        case 'select':
          await target().selectOption(action.values.length > 0 ? action.values : action.value, { timeout });
          return;
        case 'check':
          await target().check({ timeout });
          return;
        case 'uncheck':
          await target().uncheck({ timeout });
          return;
        case 'press':
          if (action.locator) await target().press(action.value, { timeout });
          else await this.page.keyboard.press(action.value);
          return;
        case 'upload':
          await target().setInputFiles(uploadFiles(this.opts.fixturesDir, action.values), { timeout });
          return;
        case 'hover':
          await target().hover({ timeout });
          return;
        case 'waitForLoad':
          await this.page.waitForLoadState('load', { timeout });
          await this.page
            .waitForLoadState('networkidle', { timeout: Math.min(timeout, 3000) })
            .catch(() => undefined);
          return;
      }
    });
  }

  /** Runs one step and reports it: error (if any), snapshot after it, and what changed. */
  private async step(started: number, body: () => Promise<void>): Promise<StepReport> {
    this.stepping = true;
    try {
      return await this.stepReport(started, body);
    } finally {
      this.stepping = false;
    }
  }

  /** True while a step runs: a session ended now leaves a Playwright call acting on its page. */
  get busy(): boolean {
    return this.stepping;
  }

  private async stepReport(started: number, body: () => Promise<void>): Promise<StepReport> {
    this.recorder = new RunRecorder();
    this.dialogs = [];
    const urlBefore = this.page.url();
    const framesBefore = new Set<Frame>(this.page.frames());
    let error: StepReport['error'];
    try {
      await body();
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const message = stripAnsi(e.message);
      error = { message: message.slice(0, 4000), category: categorize({ name: e.name, message }) };
    }
    let snapshot: PageSnapshot | undefined;
    let lines: string[] = this.lastLines;
    try {
      const taken = await this.snapshot();
      snapshot = taken.snapshot;
      lines = taken.lines;
    } catch (err) {
      // The page may be navigating or gone (crash): the step still reports its error.
      error ??= {
        message: `snapshot failed: ${err instanceof Error ? err.message : String(err)}`,
        category: 'unknown',
      };
    }
    const diff = diffLines(this.lastLines, lines);
    this.lastLines = lines;
    this.steps++;
    const changes: StepChanges = {
      urlBefore,
      urlAfter: this.page.url(),
      newText: diff.added,
      removedText: diff.removed,
      dialogs: this.dialogs,
      newFrames: this.page
        .frames()
        .filter((f) => !framesBefore.has(f))
        .map((f) => f.url())
        .slice(0, 20),
      failedRequests: this.recorder.failedRequests,
      consoleErrors: this.recorder.consoleErrors,
    };
    return {
      ok: error === undefined,
      ...(error ? { error } : {}),
      ...(snapshot ? { snapshot } : {}),
      changes,
      durationMs: Math.round(performance.now() - started),
    };
  }

  /** The snapshot once the DOM has been quiet for a moment (or a cap), so it shows the step's result. */
  private async settledSnapshot(): Promise<RawSnapshot> {
    const args: SettleAndCollectArgs = {
      testIdAttribute: this.opts.testIdAttribute ?? 'data-testid',
      maxNodes: this.opts.maxNodes,
      maxText: 200,
      quietMs: SETTLE_QUIET_MS,
      maxMs: SETTLE_MAX_MS,
      networkMaxMs: SETTLE_NETWORK_MAX_MS,
    };
    for (let attempt = 1; ; attempt++) {
      await this.page.waitForLoadState('domcontentloaded', { timeout: SETTLE_MAX_MS }).catch(() => undefined);
      try {
        const json =
          (await this.page.evaluate(callHelper, args)) ?? (await this.page.evaluate(settleAndCollect, args));
        return await this.withFrames(JSON.parse(json) as RawSnapshot, {
          ...args,
          quietMs: 0,
          maxMs: 0,
          networkMaxMs: 0,
        });
      } catch (err) {
        // A navigation the step started replaced the document mid-wait: settle on the new one.
        if (attempt >= 2 || !/context was destroyed|navigat/i.test(String(err))) throw err;
      }
    }
  }

  /** The page's snapshot with those of its visible child frames added (frames settle with the page). */
  private async withFrames(raw: RawSnapshot, args: SettleAndCollectArgs): Promise<RawSnapshot> {
    let merged = raw;
    for (const frame of this.page.mainFrame().childFrames().slice(0, MAX_FRAMES)) {
      const selector = await frameSelector(frame);
      if (!selector) continue;
      // A frame that navigates or goes away meanwhile is left out of this snapshot.
      const json = await frame
        .evaluate(callHelper, args)
        .then(async (helped) => helped ?? (await frame.evaluate(settleAndCollect, args)))
        .catch(() => undefined);
      if (json !== undefined)
        merged = mergeFrameSnapshot(merged, JSON.parse(json) as RawSnapshot, selector, args.maxNodes);
    }
    return merged;
  }

  private async snapshot(): Promise<{ snapshot: PageSnapshot; lines: string[] }> {
    const raw = await this.settledSnapshot();
    const key = choiceKey(raw);
    const chosen =
      key !== undefined && this.lastChoice?.key === key
        ? this.lastChoice.chosen
        : await this.chooseLocators(raw.url, raw.nodes);
    this.lastChoice = key === undefined ? undefined : { key, chosen };
    const nodes: SnapshotNode[] = raw.nodes.map((n, i) => {
      const { candidates: _c, interactive: _i, container: _k, item: _t, ...rest } = n;
      const locator = chosen[i];
      return locator ? { ...rest, locator: { ...locator, code: locatorCode(locator) } } : rest;
    });
    return {
      snapshot: {
        url: raw.url,
        title: raw.title,
        nodes,
        truncated: raw.total > raw.nodes.length,
        totalNodes: raw.total,
      },
      lines: raw.lines,
    };
  }

  /**
   * The locator for each node: the first candidate the page counted as unique, verified with
   * Playwright for controls and headings (its role and name engine is the one tests will use); when a
   * check fails, the next candidate, then the role candidate scoped within the enclosing container.
   */
  private async chooseLocators(url: string, nodes: RawNode[]): Promise<(LocatorSpec | undefined)[]> {
    const chosen: (LocatorSpec | undefined)[] = nodes.map(() => undefined);
    const pending = nodes.map((n) => uniqueCandidates(n.candidates));
    const mustVerify = (n: RawNode): boolean =>
      n.interactive || n.role === 'heading' || n.role === 'dialog' || n.role === 'alertdialog';
    let budget = VERIFY_BUDGET;
    for (let round = 0; round < 3; round++) {
      const checks: { i: number; spec: LocatorSpec }[] = [];
      for (const [i, n] of nodes.entries()) {
        if (chosen[i]) continue;
        const next = pending[i]?.shift();
        if (!next) continue;
        const spec = toLocatorSpec(next);
        if (mustVerify(n) && budget > 0) {
          budget--;
          checks.push({ i, spec });
        } else if (!mustVerify(n)) chosen[i] = spec;
      }
      if (checks.length === 0) break;
      const unique = await this.verify(
        url,
        checks.map((c) => c.spec),
      );
      checks.forEach((c, k) => {
        if (unique[k]) chosen[c.i] = c.spec;
      });
    }
    // Still ambiguous: the role locator inside the nearest container that has a locator, else inside
    // the list item (row, article) only it is in.
    for (const scopeOf of [
      (n: RawNode): LocatorSpec | undefined => (n.container >= 0 ? chosen[n.container] : undefined),
      (n: RawNode): LocatorSpec | undefined => (n.item ? { kind: 'css', value: n.item } : undefined),
    ]) {
      const scoped: { i: number; spec: LocatorSpec }[] = [];
      for (const [i, n] of nodes.entries()) {
        if (chosen[i] || budget <= 0) continue;
        const parent = scopeOf(n);
        const role = n.candidates.find((c) => c.kind === 'role' && c.name);
        if (!parent || !role) continue;
        budget--;
        scoped.push({ i, spec: toLocatorSpec({ ...role, exact: false }, parent) });
      }
      // Never counted by the page, so never remembered: asked every time.
      const unique = await Promise.all(scoped.map((c) => this.playwrightUnique(c.spec)));
      scoped.forEach((c, k) => {
        if (unique[k]) chosen[c.i] = c.spec;
      });
    }
    return chosen;
  }

  /**
   * Whether Playwright finds exactly one element for each locator. The page counted each candidate
   * as unique before it is asked here; Playwright agreeing is remembered for the session by URL, so
   * while the page still counts that candidate as unique it is not asked again, and a step that
   * changes part of a page re-checks only what is new.
   */
  private async verify(url: string, specs: LocatorSpec[]): Promise<boolean[]> {
    const keys = specs.map((spec) => `${url}\n${JSON.stringify(spec)}`);
    const unique = await Promise.all(
      specs.map(async (spec, k) => this.confirmed.has(keys[k] ?? '') || this.playwrightUnique(spec)),
    );
    if (this.confirmed.size > MAX_CONFIRMED) this.confirmed.clear();
    unique.forEach((yes, k) => {
      if (yes) this.confirmed.add(keys[k] ?? '');
    });
    return unique;
  }

  /** Playwright finds exactly one element (false also when the check fails). */
  private playwrightUnique(spec: LocatorSpec): Promise<boolean> {
    return toPlaywright(this.page, spec)
      .count()
      .then(
        (n) => n === 1,
        () => false,
      );
  }
}
