// The network fence and event capture every browser context gets before a page uses it, for spec runs
// (inside the worker) and explore sessions (inside the service): requests outside the allowed origins
// are aborted and reported, WebSockets to them are closed before they connect and reported;
// console errors, page errors, failed requests and HTTP errors are recorded.

import type { BrowserContext, Route, WebSocketRoute } from 'playwright-core';

export interface ContextEvents {
  blocked(url: string, method: string): void;
  console(kind: 'console' | 'pageerror', text: string, url: string): void;
  failed(url: string, method: string, reason: string): void;
  httpError(url: string, method: string, status: number): void;
}

const BLOCKED = 'net::ERR_BLOCKED_BY_CLIENT';

export interface ContextGuard {
  /** The route pattern of the fence (`unroute` with an equal pattern removes it). */
  readonly pattern: RegExp;
  /** Adds the fence's route again (after a spec's `unrouteAll` or `unroute` removed it). */
  reinstall(): Promise<void>;
}

/** `events()` is read at event time, so a context prepared before its run reports to that run. */
export async function guardContext(
  context: BrowserContext,
  allowed: (url: string) => boolean,
  refusedPattern: RegExp,
  events: () => ContextEvents | undefined,
  refusedWebSockets: RegExp,
): Promise<ContextGuard> {
  // Only refused URLs are routed: allowed requests never leave the browser server.
  const fence = async (route: Route): Promise<void> => {
    const request = route.request();
    if (allowed(request.url())) return route.fallback();
    events()?.blocked(request.url(), request.method());
    return route.abort('blockedbyclient');
  };
  await context.route(refusedPattern, fence);
  // Page routes do not see WebSockets: a socket to a refused origin is closed before it connects.
  // Only refused URLs are routed (a pattern, not a function, which would route every socket and carry
  // each frame of the app's own sockets through the protocol).
  await context.routeWebSocket(refusedWebSockets, (ws: WebSocketRoute) => {
    if (allowed(ws.url())) {
      ws.connectToServer();
      return;
    }
    events()?.blocked(ws.url(), 'GET');
    void ws.close({ code: 1008, reason: 'blocked by the runner network policy' }).catch(() => undefined);
  });
  context.on('console', (msg) => {
    // Chromium logs every request the guard blocked; those are reported as blocked requests instead.
    if (msg.type() === 'error' && !msg.text().includes(BLOCKED))
      events()?.console('console', msg.text(), msg.location().url);
  });
  context.on('weberror', (webError) =>
    events()?.console('pageerror', String(webError.error()), webError.page()?.url() ?? ''),
  );
  context.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    if (!failure.startsWith(BLOCKED)) events()?.failed(request.url(), request.method(), failure);
  });
  context.on('response', (response) => {
    // The favicon Chromium asks for on its own is not the page's request.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      events()?.httpError(response.url(), response.request().method(), response.status());
    }
  });
  return {
    pattern: refusedPattern,
    reinstall: () => context.route(refusedPattern, fence).then(() => undefined),
  };
}
