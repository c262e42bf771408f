// Which origins a run or an exploration may reach. Pure: request validation, the worker's network
// guard and explore sessions all use the same rules.

/**
 * An origin pattern: `scheme://host[:port]`, where host may start with `*.` (any subdomain) and port
 * may be `*` (any port). `http://127.0.0.1:*` allows every local port.
 */
export interface OriginPattern {
  protocol: 'http:' | 'https:';
  host: string;
  anySubdomain: boolean;
  /** A port number, or '*' for any port. */
  port: string;
}

const PATTERN = /^(https?):\/\/(\*\.)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}|\*))?\/?$/;

export function parseOriginPattern(raw: string): OriginPattern | undefined {
  const m = PATTERN.exec(raw.trim());
  if (!m) return undefined;
  const protocol = m[1] === 'https' ? 'https:' : 'http:';
  const defaultPort = protocol === 'https:' ? '443' : '80';
  return {
    protocol,
    host: (m[3] ?? '').toLowerCase(),
    anySubdomain: m[2] !== undefined,
    port: m[4] ?? defaultPort,
  };
}

function defaultPortOf(u: URL): string {
  return u.port !== '' ? u.port : u.protocol === 'https:' ? '443' : '80';
}

export function originMatches(pattern: OriginPattern, u: URL): boolean {
  if (u.protocol !== pattern.protocol) return false;
  const host = u.hostname.toLowerCase();
  const hostOk = pattern.anySubdomain ? host.endsWith(`.${pattern.host}`) : host === pattern.host;
  if (!hostOk) return false;
  return pattern.port === '*' || pattern.port === defaultPortOf(u);
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; why: string };

/** Validates a base or start URL given by a caller against the configured allow-list. */
export function checkTargetUrl(raw: string, allowList: readonly OriginPattern[]): UrlCheck {
  if (raw.trim() === '') return { ok: false, why: 'is required' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, why: `is not a valid URL: "${raw.slice(0, 200)}"` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, why: 'must use http or https' };
  if (url.username || url.password) return { ok: false, why: 'must not contain credentials' };
  if (!allowList.some((p) => originMatches(p, url))) {
    return {
      ok: false,
      why: `origin ${url.origin} is not in the runner allow-list (RUNNER_ALLOWED_ORIGINS)`,
    };
  }
  return { ok: true, url };
}

/**
 * The filter a browser context applies to every request of a run: the base URL's own origin plus the
 * configured extra origins. Schemes that never leave the browser (data:, blob:, about:) pass.
 */
export function createRequestFilter(
  baseOrigin: string,
  extra: readonly OriginPattern[],
): (url: string) => boolean {
  return (raw: string) => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return false;
    }
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return true;
    if (u.protocol === 'ws:' || u.protocol === 'wss:') {
      u = new URL(raw.replace(/^ws/, 'http'));
    }
    if (u.origin === baseOrigin) return true;
    return extra.some((p) => originMatches(p, u));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A RegExp that matches every URL `createRequestFilter(baseOrigin, extra)` refuses (and none it
 * allows). Routing only these keeps allowed requests inside the browser server: Playwright matches
 * route patterns there and continues non-matching requests without a round trip to the worker.
 */
export function disallowedUrlPattern(
  baseOrigin: string,
  extra: readonly OriginPattern[],
  scheme: 'http' | 'ws' = 'http',
): RegExp {
  const end = '(?:[/?#]|$)';
  // The same origins for WebSockets: ws: for http:, wss: for https:.
  const as = (protocol: string): string => (scheme === 'ws' ? protocol.replace(/^http/, 'ws') : protocol);
  const allowed = [
    'data:',
    'blob:',
    'about:',
    `${escapeRegExp(as(baseOrigin))}${end}`,
    ...extra.map((p) => {
      const defaultPort = p.protocol === 'https:' ? '443' : '80';
      const port = p.port === '*' ? '(?::\\d+)?' : p.port === defaultPort ? '' : `:${p.port}`;
      const sub = p.anySubdomain ? '(?:[^/?#@]+\\.)' : '';
      return `${escapeRegExp(as(p.protocol))}//${sub}${escapeRegExp(p.host)}${port}${end}`;
    }),
  ];
  return new RegExp(`^(?!(?:${allowed.join('|')}))`, 'i');
}
