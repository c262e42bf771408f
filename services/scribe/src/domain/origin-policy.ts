// Which base URLs scribe may explore: origin patterns from config (`http://127.0.0.1:*`,
// `https://*.example.com`). A base URL is allowed when its scheme, host and port match one pattern
// and it carries no credentials, so scribe never opens arbitrary hosts on a caller's behalf.

export interface OriginPattern {
  protocol: string;
  /** Lower-case host; a leading `*.` matches any subdomain (not the bare domain). */
  host: string;
  /** '*' for any port; '' for the scheme's default port. */
  port: string;
}

export function parseOriginPattern(raw: string): OriginPattern {
  const m = /^(https?):\/\/(\*\.)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}|\*))?\/?$/.exec(raw.trim());
  if (!m) throw new Error(`not an origin pattern: ${raw}`);
  return {
    protocol: `${m[1] ?? 'http'}:`,
    host: `${m[2] ?? ''}${(m[3] ?? '').toLowerCase()}`,
    port: m[4] ?? '',
  };
}

function defaultPort(protocol: string): string {
  return protocol === 'https:' ? '443' : '80';
}

function matches(p: OriginPattern, url: URL): boolean {
  if (p.protocol !== url.protocol) return false;
  const host = url.hostname.toLowerCase();
  if (p.host.startsWith('*.')) {
    if (!host.endsWith(p.host.slice(1))) return false;
  } else if (p.host !== host) return false;
  if (p.port === '*') return true;
  const port = url.port === '' ? defaultPort(url.protocol) : url.port;
  return (p.port === '' ? defaultPort(p.protocol) : p.port) === port;
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; problem: string };

/** Parses and checks a base URL against the allowed origins. */
export function checkBaseUrl(raw: string, allowed: readonly OriginPattern[]): UrlVerdict {
  if (raw.trim() === '') return { ok: false, problem: 'required' };
  if (raw.length > 2048) return { ok: false, problem: 'longer than 2,048 characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, problem: `scheme ${url.protocol} not allowed (http or https)` };
  if (url.username !== '' || url.password !== '') return { ok: false, problem: 'must not carry credentials' };
  if (!allowed.some((p) => matches(p, url)))
    return { ok: false, problem: `origin ${url.origin} is not allowed` };
  return { ok: true, url };
}

/** The site a pattern belongs to: the base URL's origin (scheme, host, port). */
export function siteOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return '';
  }
}
