// One live exploration: a fenced browser context on a pooled browser, a page, and step-by-step
// actions on Playwright locators. After every step it answers with a compact snapshot of the page
// (each node with a locator verified to match exactly that one element) and what the step changed.

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { guardContext } from '../browser/context-guard';
import { categorize, stripAnsi } from '../domain/error-category';
import { type LocatorSpec, locatorCode } from '../domain/locator';
import type { ConsoleMessage, ErrorCategory, FailedRequest } from '../domain/run-result';
import { diffLines, toLocatorSpec, uniqueCandidates } from '../domain/snapshot';
import { createRequestFilter, disallowedUrlPattern, type OriginPattern } from '../domain/url-policy';
import type { Lease } from '../pool/browser-pool';
import { RunRecorder } from '../browser/event-recorder';
import { toPlaywright } from './locators';
import { collectSnapshot, type RawNode, type RawSnapshot } from './snapshot-script';

export type ExploreActionKind =
  'goto' | 'click' | 'fill' | 'select' | 'check' | 'uncheck' | 'press' | 'upload' | 'waitForLoad' | 'hover';

export interface ExploreAction {
  action: ExploreActionKind;
  locator?: LocatorSpec;
  value: string;
  values: string[];
  timeoutMs: number;
}

export interface SnapshotNode extends Omit<RawNode, 'candidates' | 'interactive' | 'container'> {
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
  extraOrigins: readonly OriginPattern[];
  fixturesDir: string | undefined;
  testIdAttribute?: string;
}

/** Locators checked with Playwright itself per snapshot (controls and headings first). */
const VERIFY_BUDGET = 150;
const SETTLE_QUIET_MS = 120;
const SETTLE_MAX_MS = 1500;

export class ExploreSession {
  private steps = 0;
  private recorder = new RunRecorder();
  private dialogs: { type: string; message: string }[] = [];
  private lastLines: string[] = [];

  private constructor(
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly lease: Lease,
    private readonly opts: SessionOptions,
  ) {
    page.on('dialog', (dialog) => {
      this.dialogs.push({ type: dialog.type(), message: dialog.message().slice(0, 2000) });
      // The step would otherwise hang on a modal dialog; explore accepts it and reports it.
      dialog.accept().catch(() => undefined);
    });
  }

  static async open(
    browser: Browser,
    lease: Lease,
    opts: SessionOptions,
  ): Promise<{ session: ExploreSession; report: StepReport }> {
    const started = performance.now();
    const origin = new URL(opts.url).origin;
    const context = await browser.newContext({
      baseURL: origin,
      viewport: opts.viewport ?? { width: 1280, height: 720 },
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      const session = new ExploreSession(context, page, lease, opts);
      await guardContext(
        context,
        createRequestFilter(origin, opts.extraOrigins),
        disallowedUrlPattern(origin, opts.extraOrigins),
        () => session.recorder,
      );
      context.setDefaultTimeout(opts.actionTimeoutMs);
      const report = await session.step(started, async () => {
        await page.goto(opts.url, { timeout: opts.actionTimeoutMs, waitUntil: 'load' });
      });
      return { session, report: { ...report, changes: undefined } };
    } catch (err) {
      await context.close().catch(() => undefined);
      throw err;
    }
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
          // Relative URLs resolve against the opened origin (the context's baseURL), even after an error page.
          await this.page.goto(action.value, { timeout, waitUntil: 'load' });
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
          await target().setInputFiles(this.fixtureFiles(action.values), { timeout });
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

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    this.lease.release();
  }

  private fixtureFiles(names: readonly string[]): string[] {
    const dir = this.opts.fixturesDir;
    if (!dir)
      throw new Error(
        'this runner has no fixture directory (RUNNER_FIXTURES_DIR): uploads are not available',
      );
    return names.map((name) => {
      const file = path.join(dir, name);
      if (path.dirname(file) !== path.resolve(dir) || !fs.existsSync(file))
        throw new Error(`unknown fixture file "${name}"`);
      return file;
    });
  }

  /** Runs one step and reports it: error (if any), snapshot after it, and what changed. */
  private async step(started: number, body: () => Promise<void>): Promise<StepReport> {
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
    await this.settle();
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

  /** Waits until the DOM has been quiet for a moment (or a cap), so the snapshot shows the result. */
  private async settle(): Promise<void> {
    await this.page.waitForLoadState('domcontentloaded', { timeout: SETTLE_MAX_MS }).catch(() => undefined);
    await this.page
      .evaluate(
        ({ quietMs, maxMs }) =>
          new Promise<void>((resolve) => {
            let timer = setTimeout(done, quietMs);
            const cap = setTimeout(done, maxMs);
            const observer = new MutationObserver(() => {
              clearTimeout(timer);
              timer = setTimeout(done, quietMs);
            });
            observer.observe(document, {
              subtree: true,
              childList: true,
              attributes: true,
              characterData: true,
            });
            function done(): void {
              observer.disconnect();
              clearTimeout(timer);
              clearTimeout(cap);
              resolve();
            }
          }),
        { quietMs: SETTLE_QUIET_MS, maxMs: SETTLE_MAX_MS },
      )
      .catch(() => undefined);
  }

  private async snapshot(): Promise<{ snapshot: PageSnapshot; lines: string[] }> {
    const raw: RawSnapshot = await this.page.evaluate(collectSnapshot, {
      testIdAttribute: this.opts.testIdAttribute ?? 'data-testid',
      maxNodes: this.opts.maxNodes,
      maxText: 200,
    });
    const chosen = await this.chooseLocators(raw.nodes);
    const nodes: SnapshotNode[] = raw.nodes.map((n, i) => {
      const { candidates: _c, interactive: _i, container: _k, ...rest } = n;
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
  private async chooseLocators(nodes: RawNode[]): Promise<(LocatorSpec | undefined)[]> {
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
      const counts = await Promise.all(
        checks.map((c) =>
          toPlaywright(this.page, c.spec)
            .count()
            .catch(() => -1),
        ),
      );
      checks.forEach((c, k) => {
        if (counts[k] === 1) chosen[c.i] = c.spec;
      });
    }
    // Still ambiguous: the role locator inside the nearest container that has a locator.
    const scoped: { i: number; spec: LocatorSpec }[] = [];
    for (const [i, n] of nodes.entries()) {
      if (chosen[i] || budget <= 0) continue;
      const parent = n.container >= 0 ? chosen[n.container] : undefined;
      const role = n.candidates.find((c) => c.kind === 'role' && c.name);
      if (!parent || !role) continue;
      budget--;
      scoped.push({ i, spec: toLocatorSpec({ ...role, exact: false }, parent) });
    }
    const counts = await Promise.all(
      scoped.map((c) =>
        toPlaywright(this.page, c.spec)
          .count()
          .catch(() => -1),
      ),
    );
    scoped.forEach((c, k) => {
      if (counts[k] === 1) chosen[c.i] = c.spec;
    });
    return chosen;
  }
}
