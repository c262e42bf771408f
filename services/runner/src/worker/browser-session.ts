// The worker's side of the warm pool: a connection to a pooled browser (launched by the service) and
// a context + page prepared before the run arrives, so a run does not wait for Chromium to start a
// renderer. Every context gets the run's network guard and event capture before any page uses it.
// Contexts a spec opens itself are closed when its run ends.

import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { guardContext, type ContextGuard } from '../browser/context-guard';
import {
  browserOversizeInCloseReason,
  malformedInCloseReason,
  oversizeInCloseReason,
} from '../browser/sandbox-policy';
import type { BrowserMisuse } from '../domain/run-result';
import { createRequestFilter, disallowedUrlPattern } from '../domain/url-policy';
import type { ContextKey } from './protocol';
import type { RunRecorder } from '../browser/event-recorder';

const MAX_FINISHED = 2;

/** Why a connection failed, without Playwright's API name and call log. */
function connectFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return (message.split('\n')[0] ?? '').replace(/^browserType\.connect: /, '').trim() || 'no reason given';
}

/**
 * Why the browser connection of `browser` closed, as Playwright's client was told: the close reason
 * the other end gave (the sandbox proxy's, for a malformed or oversize message either way), or its own error when
 * it closed the connection itself. Playwright keeps it only on the connection
 * (`Connection._closedError`, whose message is the reason; playwright-core 1.65); sandbox.test.ts
 * fails if that changes.
 */
export function connectionCloseReason(browser: Browser): string | undefined {
  try {
    const connection = (browser as unknown as { _connection?: { _closedError?: unknown } })._connection;
    const closed = connection?._closedError;
    return closed instanceof Error ? closed.message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The error Playwright's client closes its connection with when the server answers a call the client
 * never made (`Connection.dispatch`, playwright-core 1.65; sandbox.test.ts fails if it changes). The
 * server only answers calls it received, so other code wrote that call to the connection: spec code
 * reaching Playwright's internals (a call to an object the server never created, or under an id of
 * its own). Call names may come before it, as before the proxy's reasons.
 */
const FOREIGN_ANSWER = /^(?:[a-z][A-Za-z]*\.[A-Za-z]+: )*Error: Cannot find command to respond: /;

/**
 * Whether the connection of `browser` closed because of what the spec sent on it or what the browser
 * sent back (the browser is fine), and what: see BrowserMisuse.
 */
export function browserMisuse(browser: Browser): BrowserMisuse | undefined {
  const reason = connectionCloseReason(browser);
  const what = malformedInCloseReason(reason);
  if (what !== undefined) return { kind: 'malformed', what };
  if (oversizeInCloseReason(reason)) return { kind: 'oversize' };
  if (browserOversizeInCloseReason(reason)) return { kind: 'browser-oversize' };
  if (reason !== undefined && FOREIGN_ANSWER.test(reason)) return { kind: 'foreign-call' };
  return undefined;
}

interface Prepared {
  keyJson: string;
  ready: Promise<{ context: BrowserContext; page: Page } | undefined>;
}

export class BrowserSession {
  private readonly browsers = new Map<string, Promise<Browser>>();
  private readonly preparedPages = new WeakMap<BrowserContext, Page>();
  private readonly guards = new WeakMap<BrowserContext, ContextGuard>();
  /** Contexts the session created and still manages (the spare, tests' contexts, finished ones). */
  private readonly own = new Set<BrowserContext>();
  private spare: Prepared | undefined;
  /** Contexts of finished tests, closed when the next context is prepared (off the run's path). */
  private readonly finished: BrowserContext[] = [];
  /** The run that receives events; contexts prepared before a run report nothing until it starts. */
  recorder: RunRecorder | undefined;

  async browser(wsEndpoint: string): Promise<Browser> {
    let pending = this.browsers.get(wsEndpoint);
    if (!pending) {
      pending = chromium.connect(wsEndpoint, { timeout: 10_000 }).catch((err: unknown) => {
        // Said as what happened: Playwright's message names browserType.connect, a call the spec
        // did not make (and may not), and its call log the browser's endpoint.
        throw new Error(`the runner could not connect to the browser of this run (${connectFailure(err)})`);
      });
      this.browsers.set(wsEndpoint, pending);
      pending.then(
        (b) =>
          b.on('disconnected', () => {
            this.browsers.delete(wsEndpoint);
            // A context prepared on a connection that is gone would fail the next test that takes it.
            if (this.spare && (JSON.parse(this.spare.keyJson) as ContextKey).wsEndpoint === wsEndpoint)
              this.spare = undefined;
          }),
        () => this.browsers.delete(wsEndpoint),
      );
    }
    return pending;
  }

  /** Creates a context+page for `key` ahead of time (replacing a spare prepared for another key). */
  prepare(key: ContextKey): Promise<void> {
    // Finished contexts close first, so "prepared" also means the browser has nothing left to tear down.
    const closing = Promise.all([this.closeFinished(), this.closeForeignContexts()]).then(() => undefined);
    const keyJson = JSON.stringify(key);
    if (this.spare?.keyJson === keyJson) {
      const spare = this.spare.ready;
      return closing.then(() => spare).then(() => undefined);
    }
    this.discardSpare();
    if (key.baseURL === '') return closing.then(() => this.browser(key.wsEndpoint)).then(() => undefined);
    const ready = closing
      .then(() => this.create(key, {}))
      .then(
        (created) => created,
        () => undefined,
      );
    this.spare = { keyJson, ready };
    return ready.then((created) => {
      if (!created) throw new Error(`could not prepare a context on ${key.wsEndpoint}`);
    });
  }

  /** A fresh context for a test: the prepared spare when the options are the defaults, else a new one. */
  async takeContext(
    key: ContextKey,
    options: BrowserContextOptions | undefined,
    prepareNext: boolean,
  ): Promise<BrowserContext> {
    const keyJson = JSON.stringify(key);
    let created: { context: BrowserContext; page: Page } | undefined;
    if (!options && this.spare?.keyJson === keyJson) {
      created = await this.spare.ready;
      this.spare = undefined;
    }
    created ??= await this.create(key, options ?? {});
    // While this test runs, start the next test's context (the spec has more tests to run).
    if (prepareNext && !this.spare) {
      this.spare = { keyJson, ready: this.create(key, {}).catch(() => undefined) };
    }
    return created.context;
  }

  /** The page created together with the context, if the test has not closed it. */
  preparedPage(context: BrowserContext): Page | undefined {
    const page = this.preparedPages.get(context);
    return page && !page.isClosed() ? page : undefined;
  }

  /** Adds the network guard and event capture to a context (also used for contexts a spec creates). */
  async guard(context: BrowserContext, key: ContextKey): Promise<void> {
    const origin = new URL(key.baseURL).origin;
    const guard = await guardContext(
      context,
      createRequestFilter(origin, key.extraOrigins),
      disallowedUrlPattern(origin, key.extraOrigins),
      () => this.recorder,
      disallowedUrlPattern(origin, key.extraOrigins, 'ws'),
    );
    this.guards.set(context, guard);
  }

  /** The network guard of a context (to put its route back after a spec removed routes). */
  guardOf(context: BrowserContext): ContextGuard | undefined {
    return this.guards.get(context);
  }

  /**
   * Closes every context open on this worker's browser connections that the session does not manage:
   * the ones a spec created (through the `browser` fixture or Playwright's internals alike). Called
   * when a run ends and before a context is prepared for the next one.
   */
  async closeForeignContexts(): Promise<void> {
    // A spare being created is the session's own once created.
    await this.spare?.ready;
    const closing: Promise<void>[] = [];
    for (const pending of this.browsers.values()) {
      const browser = await pending.catch(() => undefined);
      for (const context of browser?.contexts() ?? [])
        if (!this.own.has(context)) closing.push(context.close().catch(() => undefined));
    }
    await Promise.all(closing);
  }

  private async create(
    key: ContextKey,
    options: BrowserContextOptions,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const browser = await this.browser(key.wsEndpoint);
    // Service workers would fetch outside the context's routes, so they are blocked.
    const context = await browser.newContext({
      ...options,
      baseURL: options.baseURL ?? key.baseURL,
      serviceWorkers: 'block',
    });
    this.own.add(context);
    context.once('close', () => this.own.delete(context));
    await this.guard(context, key);
    const page = await context.newPage();
    this.preparedPages.set(context, page);
    return { context, page };
  }

  /**
   * A finished test's context. Closing it costs the browser work that would compete with other runs,
   * so a passed test's context is closed later (with the next preparation); a failed one at once, as
   * its page may still be busy.
   */
  release(context: BrowserContext, passed: boolean): void {
    if (passed) this.finished.push(context);
    else void context.close().catch(() => undefined);
    while (this.finished.length > MAX_FINISHED)
      void this.finished
        .shift()
        ?.close()
        .catch(() => undefined);
  }

  private closeFinished(): Promise<void> {
    const closing = this.finished.splice(0).map((context) => context.close().catch(() => undefined));
    return Promise.all(closing).then(() => undefined);
  }

  private discardSpare(): void {
    const spare = this.spare;
    this.spare = undefined;
    if (spare) void spare.ready.then((created) => created?.context.close().catch(() => undefined));
  }

  async close(): Promise<void> {
    await this.closeFinished();
    this.discardSpare();
    const browsers = [...this.browsers.values()];
    this.browsers.clear();
    await Promise.all(
      browsers.map(async (b) => (await b.catch(() => undefined))?.close().catch(() => undefined)),
    );
  }
}
