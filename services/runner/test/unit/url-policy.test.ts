import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkTargetUrl,
  createRequestFilter,
  disallowedUrlPattern,
  originMatches,
  parseOriginPattern,
  type OriginPattern,
} from '../../src/domain/url-policy';

const p = (raw: string): OriginPattern => {
  const parsed = parseOriginPattern(raw);
  assert.ok(parsed, raw);
  return parsed;
};

describe('url policy', () => {
  it('parses origin patterns with wildcard ports and subdomains', () => {
    assert.deepEqual(p('http://127.0.0.1:*'), {
      protocol: 'http:',
      host: '127.0.0.1',
      anySubdomain: false,
      port: '*',
    });
    assert.deepEqual(p('https://*.example.com'), {
      protocol: 'https:',
      host: 'example.com',
      anySubdomain: true,
      port: '443',
    });
    assert.equal(parseOriginPattern('ftp://x'), undefined);
    assert.equal(parseOriginPattern('http://x/path'), undefined);
  });
  it('matches origins', () => {
    assert.equal(originMatches(p('http://127.0.0.1:*'), new URL('http://127.0.0.1:5173/a')), true);
    assert.equal(originMatches(p('http://127.0.0.1:*'), new URL('https://127.0.0.1:5173/a')), false);
    assert.equal(originMatches(p('https://*.example.com'), new URL('https://shop.example.com/')), true);
    assert.equal(originMatches(p('https://*.example.com'), new URL('https://example.com/')), false);
    assert.equal(originMatches(p('http://localhost'), new URL('http://localhost:8080/')), false);
    assert.equal(originMatches(p('http://[::1]:*'), new URL('http://[::1]:3000/')), true);
  });
  it('validates caller URLs and says why', () => {
    const allow = [p('http://127.0.0.1:*')];
    assert.equal(checkTargetUrl('http://127.0.0.1:3000/app', allow).ok, true);
    const cases: [string, RegExp][] = [
      ['', /is required/],
      ['nope', /is not a valid URL/],
      ['file:///etc/passwd', /must use http or https/],
      ['http://user:pw@127.0.0.1:1/', /credentials/],
      ['http://10.0.0.1/', /not in the runner allow-list/],
    ];
    for (const [raw, why] of cases) {
      const r = checkTargetUrl(raw, allow);
      assert.equal(r.ok, false, raw);
      if (!r.ok) assert.match(r.why, why);
    }
  });
  it("filters a run's requests to its own origin and the extra origins", () => {
    const allowed = createRequestFilter('http://127.0.0.1:3000', [p('https://cdn.example.com')]);
    assert.equal(allowed('http://127.0.0.1:3000/app.js'), true);
    assert.equal(allowed('http://127.0.0.1:3001/'), false);
    assert.equal(allowed('https://cdn.example.com/lib.js'), true);
    assert.equal(allowed('ws://127.0.0.1:3000/socket'), true);
    assert.equal(allowed('http://169.254.169.254/latest/meta-data'), false);
    assert.equal(allowed('data:text/plain,hi'), true);
    assert.equal(allowed('not a url'), false);
  });
  it('routes exactly the URLs the filter refuses', () => {
    const extra = [p('https://*.cdn.example.com'), p('http://assets.example.org:*')];
    const allowed = createRequestFilter('http://127.0.0.1:3000', extra);
    const refused = disallowedUrlPattern('http://127.0.0.1:3000', extra);
    const urls = [
      'http://127.0.0.1:3000/',
      'http://127.0.0.1:3000',
      'http://127.0.0.1:3000?x=1',
      'http://127.0.0.1:30001/',
      'http://127.0.0.1:3000.evil.com/',
      'http://127.0.0.1:3000@evil.com/',
      'https://img.cdn.example.com/a.png',
      'https://cdn.example.com/a.png',
      'https://a.b.cdn.example.com/a.png',
      'http://img.cdn.example.com/a.png',
      'http://assets.example.org:8080/x.js',
      'http://assets.example.org/x.js',
      'http://assets.example.org.evil.com/x.js',
      'http://169.254.169.254/',
      'data:text/plain,hi',
    ];
    for (const url of urls) assert.equal(refused.test(url), !allowed(url), url);
    // The same origins for WebSockets (ws: for http:, wss: for https:).
    const refusedSockets = disallowedUrlPattern('http://127.0.0.1:3000', extra, 'ws');
    for (const url of urls.filter((u) => u.startsWith('http')).map((u) => u.replace(/^http/, 'ws')))
      assert.equal(refusedSockets.test(url), !allowed(url), url);
  });
});
