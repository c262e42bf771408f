// What a spec gets in place of Playwright's browser, context, page and API request objects: the same
// objects behind proxies that apply the run's network policy to API requests (every redirect hop is
// checked), keep the network guard's route when a spec removes routes, refuse CDP sessions with a
// clear message, and hand out guarded objects from the accessors (page.context(), context.browser(),
// browser.contexts(), context.pages()). These are the friendly path only: spec code can reach
// Playwright's connection internals, so what must hold is enforced again in the browser host
// (browser/sandbox-policy.ts).

import type {
  APIRequestContext,
  APIResponse,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
  Request,
  Route,
} from 'playwright-core';
import type { ContextGuard } from '../browser/context-guard';
import type { RunRecorder } from '../browser/event-recorder';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 20;
const VERBS: Readonly<Record<string, string>> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  head: 'HEAD',
};

// Options that would let a spec route around the network guard.
export const REFUSED_OPTIONS = ['proxy', 'clientCertificates'] as const;

type FetchOptions = Record<string, unknown> & {
  method?: string;
  maxRedirects?: number;
  failOnStatusCode?: boolean;
};

function defined(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

/** One request of a redirect chain, as `followRedirects` asks for it. */
interface Hop {
  url: string;
  method: string;
  /** False once a redirect turned the request into a GET without its body. */
  keepBody: boolean;
}

/**
 * Makes a request and follows its redirects here, one hop at a time (`send` asks Playwright with
 * `maxRedirects: 0`, which the browser host insists on), so every hop is checked against the run's
 * origins; a refused one is reported as blocked and fails the call, named `what`.
 */
async function followRedirects(
  what: string,
  start: { url: string; method: string; maxRedirects: number },
  allowed: (url: string) => boolean,
  recorder: RunRecorder,
  send: (hop: Hop, first: boolean) => Promise<APIResponse>,
): Promise<APIResponse> {
  const hop: Hop = { url: start.url, method: start.method, keepBody: true };
  const check = (): void => {
    if (allowed(hop.url)) return;
    recorder.blocked(hop.url, hop.method);
    throw new Error(`${what}: ${hop.url} blocked by the runner network policy`);
  };
  check();
  let response = await send(hop, true);
  for (let hops = 0; start.maxRedirects > 0 && REDIRECT_STATUSES.has(response.status()); hops++) {
    const location = response.headers()['location'];
    if (!location) break;
    if (hops >= start.maxRedirects) throw new Error(`${what}: Max redirect count exceeded`);
    const status = response.status();
    await response.dispose();
    hop.url = new URL(location, hop.url).href;
    // 307 and 308 repeat the request as it was; the others become a GET without a body.
    if (status !== 307 && status !== 308) {
      hop.keepBody = false;
      if (hop.method !== 'HEAD') hop.method = 'GET';
    }
    check();
    response = await send(hop, false);
  }
  return response;
}

/** An API request context that refuses URLs outside the run's allowed origins, every redirect hop too. */
export function guardRequests(
  ctx: APIRequestContext,
  baseURL: string,
  allowed: (url: string) => boolean,
  recorder: RunRecorder,
): APIRequestContext {
  const send = async (
    name: string,
    urlOrRequest: string | Request,
    options: FetchOptions = {},
  ): Promise<APIResponse> => {
    const fromRequest = typeof urlOrRequest !== 'string';
    const start = {
      url: new URL(fromRequest ? urlOrRequest.url() : urlOrRequest, baseURL).href,
      method: (options.method ?? VERBS[name] ?? (fromRequest ? urlOrRequest.method() : 'GET')).toUpperCase(),
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    };
    const { data, form, multipart, params: _params, ...rest } = options;
    const response = await followRedirects(
      `apiRequestContext.${name}`,
      start,
      allowed,
      recorder,
      (hop, first) =>
        first
          ? ctx.fetch(urlOrRequest, {
              ...options,
              method: hop.method,
              maxRedirects: 0,
              failOnStatusCode: false,
            })
          : ctx.fetch(
              hop.url,
              defined({
                ...rest,
                method: hop.method,
                maxRedirects: 0,
                failOnStatusCode: false,
                ...(hop.keepBody ? { data, form, multipart } : {}),
              }),
            ),
    );
    if (options.failOnStatusCode === true && !response.ok())
      throw new Error(`apiRequestContext.${name}: ${response.status()} ${response.statusText()}`);
    return response;
  };
  return new Proxy(ctx, {
    get(target, prop) {
      const member: unknown = Reflect.get(target, prop, target);
      if (typeof member !== 'function') return member;
      if (typeof prop === 'string' && (prop === 'fetch' || prop in VERBS))
        return (urlOrRequest: string | Request, options?: FetchOptions) => send(prop, urlOrRequest, options);
      return (member as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

type RouteHandler = (route: Route, request: Request) => unknown;
type RouteFetchOptions = Parameters<Route['fetch']>[0] & {};

/** `route.fetch()` with every redirect hop checked (see followRedirects). */
function fetchHopByHop(
  route: Route,
  options: RouteFetchOptions,
  allowed: (url: string) => boolean,
  recorder: RunRecorder,
): Promise<APIResponse> {
  const request = route.request();
  const start = {
    url: new URL(options.url ?? request.url(), request.url()).href,
    method: (options.method ?? request.method()).toUpperCase(),
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
  };
  return followRedirects('route.fetch', start, allowed, recorder, (hop) =>
    route.fetch({
      ...options,
      url: hop.url,
      method: hop.method,
      maxRedirects: 0,
      ...(hop.keepBody ? {} : { postData: '' }),
    }),
  );
}

export interface SandboxDeps {
  /** The run's base URL (contexts without their own baseURL resolve against it). */
  baseURL: string;
  allowed: (url: string) => boolean;
  recorder: RunRecorder;
  guardOf(context: BrowserContext): ContextGuard | undefined;
  /** Adds the run's network guard and event capture to a context the spec created. */
  guard(context: BrowserContext): Promise<void>;
}

function refusedCdp(): Promise<never> {
  return Promise.reject(
    new Error(
      'CDP sessions are not available to specs: the runner shares its browsers between runs (use the Playwright API)',
    ),
  );
}

function refusedBrowserTracing(): Promise<never> {
  return Promise.reject(
    new Error(
      'browser.startTracing() is not available to specs: Chromium tracing records the whole browser, which the runner shares between runs (use context.tracing)',
    ),
  );
}

/** Wraps the objects of one run; the same object always gets the same wrapper. */
export class SandboxedApi {
  private readonly wrappers = new WeakMap<object, object>();
  private readonly targets = new WeakMap<object, object>();
  private readonly baseURLs = new WeakMap<BrowserContext, string>();

  constructor(private readonly deps: SandboxDeps) {}

  private cached<T extends object>(target: T, make: () => T): T {
    if (this.targets.has(target)) return target;
    let wrapper = this.wrappers.get(target) as T | undefined;
    if (!wrapper) {
      wrapper = make();
      this.wrappers.set(target, wrapper);
      this.targets.set(wrapper, target);
    }
    return wrapper;
  }

  private readonly routeHandlers = new WeakMap<RouteHandler, RouteHandler>();

  /** The spec's route handler, given routes whose `fetch` follows redirects hop by hop. */
  private routeHandler(handler: unknown): unknown {
    if (typeof handler !== 'function') return handler;
    const spec = handler as RouteHandler;
    let wrapped = this.routeHandlers.get(spec);
    if (!wrapped) {
      const { allowed, recorder } = this.deps;
      wrapped = (route, request) =>
        spec(
          new Proxy(route, {
            get(target, prop) {
              const member: unknown = Reflect.get(target, prop, target);
              if (prop === 'fetch')
                return (options?: RouteFetchOptions) =>
                  fetchHopByHop(target, options ?? {}, allowed, recorder);
              return typeof member === 'function'
                ? (member as (...a: unknown[]) => unknown).bind(target)
                : member;
            },
          }),
          request,
        );
      this.routeHandlers.set(spec, wrapped);
    }
    return wrapped;
  }

  /** This instance, for the proxy traps (whose own `this` is the handler). */
  private self(): SandboxedApi {
    return this;
  }

  /** The Playwright object behind a wrapper (or `obj` itself). */
  unwrap<T extends object>(obj: T): T {
    return (this.targets.get(obj) as T | undefined) ?? obj;
  }

  browser(browser: Browser): Browser {
    const api = this.self();
    return this.cached(browser, () => {
      const guarded: Browser = new Proxy(browser, {
        get(target, prop) {
          const member: unknown = Reflect.get(target, prop, target);
          if (typeof member !== 'function') return member;
          const fn = (member as (...args: unknown[]) => unknown).bind(target);
          switch (prop) {
            case 'newContext':
              return (options?: BrowserContextOptions) =>
                api.newContext(target, options ?? {}, 'browser.newContext');
            case 'newPage':
              return async (options?: BrowserContextOptions) =>
                (await api.newContext(target, options ?? {}, 'browser.newPage')).newPage();
            case 'contexts':
              return () => target.contexts().map((c) => api.context(c));
            case 'close':
              // Its connection then goes away: the run must not take that for a browser crash.
              return (...args: unknown[]) => {
                api.deps.recorder.browserClosedBySpec = true;
                return fn(...args);
              };
            case 'newBrowserCDPSession':
              return refusedCdp;
            case 'startTracing':
              return refusedBrowserTracing;
            default:
              return fn;
          }
        },
      });
      return guarded;
    });
  }

  /**
   * A context created by the spec (through `apiName`, named in errors): the run's defaults and guard,
   * closed when the run ends.
   */
  private async newContext(
    browser: Browser,
    options: BrowserContextOptions,
    apiName: string,
  ): Promise<BrowserContext> {
    for (const name of REFUSED_OPTIONS)
      if (name in options) throw new Error(`${apiName}({ ${name} }) is not allowed by the runner`);
    const baseURL = options.baseURL ?? this.deps.baseURL;
    if (!this.deps.allowed(new URL(baseURL).href))
      throw new Error(`baseURL ${baseURL} is outside the origins this run may reach`);
    const context = await browser.newContext({ ...options, baseURL, serviceWorkers: 'block' });
    await this.deps.guard(context);
    return this.context(context, baseURL);
  }

  context(context: BrowserContext, baseURL?: string): BrowserContext {
    if (baseURL) this.baseURLs.set(context, baseURL);
    const api = this.self();
    return this.cached(context, () => {
      return new Proxy(context, {
        get(target, prop) {
          if (prop === 'request') return api.request(target);
          const member: unknown = Reflect.get(target, prop, target);
          if (typeof member !== 'function') return member;
          const fn = (member as (...args: unknown[]) => unknown).bind(target);
          switch (prop) {
            case 'browser':
              return () => {
                const b = target.browser();
                return b ? api.browser(b) : null;
              };
            case 'pages':
              return () => target.pages().map((p) => api.page(p));
            case 'newPage':
              return async () => api.page(await target.newPage());
            case 'newCDPSession':
              return refusedCdp;
            case 'route':
              return (url: unknown, handler: unknown, ...rest: unknown[]) =>
                fn(url, api.routeHandler(handler), ...rest);
            case 'unrouteAll':
              return async (...args: unknown[]) => {
                await fn(...args);
                await api.deps.guardOf(target)?.reinstall();
              };
            case 'unroute':
              return async (url: unknown, handler?: unknown) => {
                await fn(url, ...(handler === undefined ? [] : [api.routeHandler(handler)]));
                const guard = api.deps.guardOf(target);
                if (guard && url instanceof RegExp && url.source === guard.pattern.source)
                  await guard.reinstall();
              };
            default:
              return fn;
          }
        },
      });
    });
  }

  page(page: Page): Page {
    const api = this.self();
    return this.cached(page, () => {
      return new Proxy(page, {
        get(target, prop) {
          if (prop === 'request') return api.request(target.context());
          const member: unknown = Reflect.get(target, prop, target);
          if (typeof member !== 'function') return member;
          if (prop === 'context') return () => api.context(target.context());
          const fn = (member as (...args: unknown[]) => unknown).bind(target);
          if (prop === 'route')
            return (url: unknown, handler: unknown, ...rest: unknown[]) =>
              fn(url, api.routeHandler(handler), ...rest);
          if (prop === 'unroute')
            return (url: unknown, handler?: unknown) =>
              fn(url, ...(handler === undefined ? [] : [api.routeHandler(handler)]));
          return fn;
        },
      });
    });
  }

  private request(context: BrowserContext): APIRequestContext {
    return this.cached(context.request, () =>
      guardRequests(
        context.request,
        this.baseURLs.get(context) ?? this.deps.baseURL,
        this.deps.allowed,
        this.deps.recorder,
      ),
    );
  }
}
