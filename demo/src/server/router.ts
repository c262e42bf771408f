// Matches a request to a route and turns thrown errors into pages: HttpError keeps its status,
// anything else is a 500 reported once on stderr (the demo has no logger of its own).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http';
import { resolveVisitor } from './visitors';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly visitorId: string;
  /** Capture groups of a RegExp path, in order. */
  readonly params: readonly string[];
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** An exact pathname, or a RegExp anchored by the route author. */
  readonly path: string | RegExp;
  handle(ctx: RequestContext): void | Promise<void>;
}

export type ErrorRenderer = (ctx: RequestContext, status: number, message: string) => void;

interface Match {
  readonly route: Route;
  readonly params: readonly string[];
}

function findRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): Match | 'wrong-method' | undefined {
  let pathMatched = false;
  for (const route of routes) {
    let params: readonly string[] | undefined;
    if (typeof route.path === 'string') {
      if (route.path === pathname) params = [];
    } else {
      const m = route.path.exec(pathname);
      if (m !== null) params = m.slice(1).map((p) => p ?? '');
    }
    if (params === undefined) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  return pathMatched ? 'wrong-method' : undefined;
}

export function createRequestHandler(options: {
  readonly routes: readonly Route[];
  readonly cookieName: string;
  readonly renderError: ErrorRenderer;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { routes, cookieName, renderError } = options;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const visitorId = resolveVisitor(req, res, cookieName);
    const found = findRoute(routes, req.method ?? 'GET', url.pathname);
    const ctx: RequestContext = {
      req,
      res,
      url,
      visitorId,
      params: typeof found === 'object' ? found.params : [],
    };
    const fail = (err: unknown): void => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof HttpError ? err.message : 'Something went wrong on our side.';
      if (!(err instanceof HttpError)) {
        process.stderr.write(
          `${JSON.stringify({ msg: 'demo request failed', path: url.pathname, err: String(err) })}\n`,
        );
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      try {
        renderError(ctx, status, message);
      } catch {
        res.destroy();
      }
    };
    if (found === undefined) return fail(new HttpError(404, 'Page not found.'));
    if (found === 'wrong-method') return fail(new HttpError(405, 'Method not allowed.'));
    try {
      const pending = found.route.handle(ctx);
      if (pending instanceof Promise) pending.catch(fail);
    } catch (err: unknown) {
      fail(err);
    }
  };
}
