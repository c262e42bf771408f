// A cookie-keeping HTTP client for tests: like one browser context, without the browser.
// Cookies are keyed by name only, which matches how browsers scope them (by host, not port).

export class TestClient {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    }
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) {
      const pair = cookie.split(';')[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return res;
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  postJson(url: string, value: unknown): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(value),
    });
  }

  /** Follows redirects like a browser (303 and 302 become GET), returning the final response. */
  async follow(res: Response, base: string): Promise<{ res: Response; url: string }> {
    let current = res;
    let url = base;
    for (let hops = 0; current.status >= 300 && current.status < 400; hops += 1) {
      if (hops > 10) throw new Error('too many redirects');
      url = new URL(current.headers.get('location') ?? '', url).toString();
      current = await this.get(url);
    }
    return { res: current, url };
  }
}

export function location(res: Response): string {
  const value = res.headers.get('location');
  if (value === null) throw new Error(`expected a redirect, got HTTP ${res.status}`);
  return value;
}

/** Markup with whitespace between tags removed and other runs collapsed, for stable matching. */
export function squash(markup: string): string {
  return markup
    .replace(/\s+/g, ' ')
    .replace(/\s*(<[^>]+>)\s*/g, '$1')
    .replace(/\s*\/?>/g, '>');
}
