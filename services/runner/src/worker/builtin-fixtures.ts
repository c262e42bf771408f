// Playwright's built-in fixtures (browser, context, page, request, baseURL and the context options
// that test.use() can set), bound to the run's browser session, network guard and artifact options.

import fs from 'node:fs';
import path from 'node:path';
import {
  request as apiRequest,
  selectors,
  type APIRequestContext,
  type BrowserContext,
  type BrowserContextOptions,
} from 'playwright-core';
import { createRequestFilter } from '../domain/url-policy';
import type { BrowserSession } from './browser-session';
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

// Options that would let a spec route around the network guard.
const REFUSED_OPTIONS = ['proxy', 'clientCertificates'] as const;

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

/** An API request context that refuses URLs outside the run's allowed origins. */
function guardRequests(
  ctx: APIRequestContext,
  baseURL: string,
  allowed: (url: string) => boolean,
  recorder: RunRecorder,
): APIRequestContext {
  const methods = new Set(['fetch', 'get', 'post', 'put', 'patch', 'delete', 'head']);
  return new Proxy(ctx, {
    get(target, prop) {
      const member: unknown = Reflect.get(target, prop, target);
      if (typeof member !== 'function') return member;
      const fn = member as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || !methods.has(prop)) return fn.bind(target);
      return (urlOrRequest: unknown, ...rest: unknown[]) => {
        const raw =
          typeof urlOrRequest === 'string' ? urlOrRequest : (urlOrRequest as { url(): string }).url();
        const url = new URL(raw, baseURL).href;
        if (!allowed(url)) {
          recorder.blocked(url, prop === 'fetch' ? 'GET' : prop.toUpperCase());
          return Promise.reject(
            new Error(`apiRequestContext.${prop}: ${url} blocked by the runner network policy`),
          );
        }
        return fn.call(target, urlOrRequest, ...rest);
      };
    },
  });
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

  add(
    fixture('browser', 'worker', [], async (_fx, use) => {
      const browser = await session.browser(run.key.wsEndpoint);
      // Contexts a spec creates itself get the same guard and event capture.
      const guarded = new Proxy(browser, {
        get(target, prop) {
          const member: unknown = Reflect.get(target, prop, target);
          if (typeof member !== 'function') return member;
          const fn = (member as (...args: unknown[]) => unknown).bind(target);
          if (prop === 'newContext') {
            return async (options: BrowserContextOptions = {}) => {
              for (const name of REFUSED_OPTIONS)
                if (name in options)
                  throw new Error(`browser.newContext({ ${name} }) is not allowed by the runner`);
              const context = (await fn({
                baseURL: run.key.baseURL,
                ...options,
                serviceWorkers: 'block',
              })) as BrowserContext;
              await session.guard(context, run.key);
              return context;
            };
          }
          if (prop === 'newPage') return async () => (await guarded.newContext()).newPage();
          return fn;
        },
      });
      await use(guarded);
    }),
  );

  const contextDeps = [
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
      await use(context);

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
    }),
  );

  add(
    fixture('page', 'test', ['context'], async (fx, use) => {
      const context = fx.context as BrowserContext;
      await use(session.preparedPage(context) ?? (await context.newPage()));
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
