// Playwright's built-in fixtures (browser, context, page, request, baseURL and the context options
// that test.use() can set), bound to the run's browser session, network guard and artifact options.
// The objects a spec gets are the guarded wrappers of guarded-api.ts; contexts a spec creates are
// closed when its run ends.

import fs from 'node:fs';
import path from 'node:path';
import {
  request as apiRequest,
  selectors,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { createRequestFilter } from '../domain/url-policy';
import type { BrowserSession } from './browser-session';
import { guardRequests, REFUSED_OPTIONS, SandboxedApi } from './guarded-api';
import type { RunMessage } from './protocol';
import type { RunRecorder } from '../browser/event-recorder';
import type { FixtureDef, FixtureFn } from './runtime/model';
import type { TestInfoImpl } from './runtime/test-info';

// test.use() keys that become browser.newContext() options.
const CONTEXT_OPTIONS = [
  'acceptDownloads',
  'bypassCSP',
  'colorScheme',
  'contrast',
  'deviceScaleFactor',
  'extraHTTPHeaders',
  'forcedColors',
  'geolocation',
  'hasTouch',
  'httpCredentials',
  'ignoreHTTPSErrors',
  'isMobile',
  'javaScriptEnabled',
  'locale',
  'offline',
  'permissions',
  'reducedMotion',
  'screen',
  'storageState',
  'timezoneId',
  'userAgent',
  'viewport',
] as const;

const OTHER_OPTIONS = [
  'headless',
  'channel',
  'launchOptions',
  'defaultBrowserType',
  'video',
  'trace',
  'screenshot',
  'connectOptions',
  'serviceWorkers',
] as const;

function value(name: string, v: unknown, scope: 'test' | 'worker' = 'test'): FixtureDef {
  return { name, scope, auto: false, option: true, value: v, deps: [] };
}

function fixture(name: string, scope: 'test' | 'worker', deps: string[], fn: FixtureFn): FixtureDef {
  return { name, scope, auto: false, option: false, fn, deps };
}

export interface BuiltinDeps {
  session: BrowserSession;
  run: RunMessage;
  recorder: RunRecorder;
  /** Tests left after the current one; a context for the next is prepared while one runs. */
  remainingTests(): number;
}

function isFailure(info: TestInfoImpl): boolean {
  return info.status !== info.expectedStatus && info.status !== 'skipped';
}

export function builtinRegistry(deps: BuiltinDeps): Map<string, FixtureDef> {
  const { session, run, recorder } = deps;
  const registry = new Map<string, FixtureDef>();
  const add = (def: FixtureDef): void => void registry.set(def.name, def);
  const allowed = createRequestFilter(new URL(run.key.baseURL).origin, run.key.extraOrigins);

  add(value('browserName', 'chromium', 'worker'));
  add(value('baseURL', run.key.baseURL));
  add(value('testIdAttribute', 'data-testid'));
  add(value('actionTimeout', 0));
  add(value('navigationTimeout', 0));
  add(value('contextOptions', {}));
  for (const name of CONTEXT_OPTIONS) add(value(name, undefined));
  for (const name of [...REFUSED_OPTIONS, ...OTHER_OPTIONS]) add(value(name, undefined));

  const api = new SandboxedApi({
    baseURL: run.key.baseURL,
    allowed,
    recorder,
    guardOf: (context) => session.guardOf(context),
    guard: (context) => session.guard(context, run.key),
  });

  add(
    fixture('browser', 'worker', [], async (_fx, use) => {
      await use(api.browser(await session.browser(run.key.wsEndpoint)));
      // The contexts the spec created are closed when its run ends.
      await session.closeForeignContexts();
    }),
  );

  const contextDeps = [
    // As in Playwright: a test's context comes from the worker's browser.
    'browser',
    'baseURL',
    'contextOptions',
    'actionTimeout',
    'navigationTimeout',
    'testIdAttribute',
    ...CONTEXT_OPTIONS,
    ...REFUSED_OPTIONS,
  ];
  add(
    fixture('context', 'test', contextDeps, async (fx, use, rawInfo) => {
      const info = rawInfo as TestInfoImpl;
      for (const name of REFUSED_OPTIONS)
        if (fx[name] !== undefined) throw new Error(`test.use({ ${name} }) is not allowed by the runner`);
      // A spec that closed its browser (browser.close()) gets Playwright's own answer in the tests
      // that follow, until the worker generation restarts after the failure (with a new connection);
      // the prepared context lived on the closed connection.
      const browser = fx.browser as Partial<Browser> | undefined;
      if (typeof browser?.isConnected === 'function' && !browser.isConnected())
        throw new Error('browser.newContext: Target page, context or browser has been closed');
      const options: Record<string, unknown> = { ...(fx.contextOptions as object) };
      for (const name of CONTEXT_OPTIONS) if (fx[name] !== undefined) options[name] = fx[name];
      if (fx.baseURL !== run.key.baseURL) options.baseURL = fx.baseURL;
      if (typeof fx.baseURL === 'string' && !allowed(new URL(fx.baseURL).href)) {
        throw new Error(`baseURL ${fx.baseURL} is outside the origins this run may reach`);
      }
      // Global to the worker: set on every test so an earlier run's choice never leaks into this one.
      selectors.setTestIdAttribute(String(fx.testIdAttribute));
      const isDefault = Object.keys(options).length === 0;
      const context = await session.takeContext(
        run.key,
        isDefault ? undefined : options,
        deps.remainingTests() > 0,
      );
      context.setDefaultTimeout(Number(fx.actionTimeout) || 0);
      context.setDefaultNavigationTimeout(Number(fx.navigationTimeout) || 0);
      if (run.artifacts.trace !== 'off')
        await context.tracing.start({
          screenshots: run.artifacts.traceScreenshots,
          snapshots: true,
          title: info.titlePath.join(' › '),
        });
      await use(api.context(context, typeof fx.baseURL === 'string' ? fx.baseURL : undefined));

      const dir = info.outputDir;
      const keep = (mode: string, onFailure: string): boolean =>
        mode === 'on' || (mode === onFailure && isFailure(info));
      if (keep(run.artifacts.screenshot, 'only-on-failure')) {
        fs.mkdirSync(dir, { recursive: true });
        const pages = context.pages().filter((p) => !p.isClosed());
        for (const [i, page] of pages.entries()) {
          const file = path.join(dir, `screenshot-${i}.png`);
          const taken = await page.screenshot({ path: file, timeout: 5000, caret: 'hide' }).then(
            () => true,
            () => false,
          );
          if (taken) recorder.artifact('screenshot', file);
        }
      }
      if (run.artifacts.trace !== 'off' && keep(run.artifacts.trace, 'retain-on-failure')) {
        fs.mkdirSync(dir, { recursive: true });
        const file = path.join(dir, 'trace.zip');
        await context.tracing.stop({ path: file });
        recorder.artifact('trace', file);
      }
      // Closing discards an unsaved trace too; the result never waits for it.
      session.release(context, !isFailure(info));
      // After the run's last test, the contexts the spec created are closed (whatever fixtures it used).
      if (deps.remainingTests() === 0) await session.closeForeignContexts();
    }),
  );

  add(
    fixture('page', 'test', ['context'], async (fx, use) => {
      const context = api.unwrap(fx.context as BrowserContext);
      const page: Page = session.preparedPage(context) ?? (await context.newPage());
      await use(api.page(page));
    }),
  );

  add(
    fixture(
      'request',
      'test',
      ['baseURL', 'extraHTTPHeaders', 'httpCredentials', 'ignoreHTTPSErrors', 'userAgent'],
      async (fx, use) => {
        const baseURL = String(fx.baseURL);
        const ctx = await apiRequest.newContext({
          baseURL,
          extraHTTPHeaders: fx.extraHTTPHeaders as Record<string, string> | undefined,
          httpCredentials: fx.httpCredentials as { username: string; password: string } | undefined,
          ignoreHTTPSErrors: fx.ignoreHTTPSErrors as boolean | undefined,
          userAgent: fx.userAgent as string | undefined,
        });
        await use(guardRequests(ctx, baseURL, allowed, recorder));
        await ctx.dispose();
      },
    ),
  );
  return registry;
}
