// The spec sandbox end to end: the real service (browser pool with its sandbox proxy, sandboxed
// workers, gRPC on loopback) runs hostile specs against a local app, while a "secret" server on
// another loopback address (outside the allow-list) and a server on another local port (allowed by
// the browser's host rules, not by the run) record what reaches them. Each hostile spec asserts the
// refusal itself, so a PASS verdict means every attempt was stopped.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { common, runner } from '@superagent/proto';
import { startRunner, type RunnerHarness } from '../helpers/runner-harness';

interface Server {
  origin: string;
  hits: string[];
  upgrades: string[];
  close(): Promise<void>;
}

const APP_PAGE = `<!doctype html><title>App</title><h1>App</h1>
<form><label>Password <input type="password" name="password"></label></form>`;

/** Answers a WebSocket handshake (enough for a browser's `open` event). */
function acceptWebSocket(req: http.IncomingMessage, socket: Duplex): void {
  const key = String(req.headers['sec-websocket-key'] ?? '');
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  socket.on('error', () => undefined);
}

async function startServer(host: string): Promise<Server> {
  const hits: string[] = [];
  const upgrades: string[] = [];
  const sockets = new Set<Duplex>();
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    hits.push(url);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (url.startsWith('/redirect?to=')) {
      res.writeHead(302, { location: decodeURIComponent(url.slice('/redirect?to='.length)) }).end();
    } else if (url === '/ticker') {
      res.end('<!doctype html><title>Ticker</title><script>setInterval(() => fetch("/tick"), 100)</script>');
    } else if (url === '/about') {
      res.end('<!doctype html><title>About</title><h1>About us</h1>');
    } else res.end(host === '127.0.0.1' ? APP_PAGE : '<h1>SECRET</h1>');
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    upgrades.push(req.url ?? '/');
    sockets.add(socket);
    acceptWebSocket(req, socket);
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host}:${port}`,
    hits,
    upgrades,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function request(baseUrl: string, source: string, timeoutMs: number): runner.RunSpecRequest {
  return {
    specSource: source,
    specName: undefined,
    baseUrl: `${baseUrl}/`,
    timeoutMs,
    artifacts: undefined,
    fileName: 'sandbox.spec.ts',
    taskId: '',
  };
}

function describeResult(res: runner.RunSpecResponse): string {
  return JSON.stringify({
    error: res.errorMessage,
    tests: res.tests.map((t) => [t.titlePath.join(' > '), t.status, t.errorMessage.slice(0, 400)]),
  });
}

describe('spec sandbox', () => {
  let h: RunnerHarness;
  let app: Server;
  let other: Server;
  let secret: Server;
  let secretFile: string;

  before(async () => {
    app = await startServer('127.0.0.1');
    other = await startServer('127.0.0.1');
    secret = await startServer('127.0.0.2');
    // A test's own limit is the run's (each request's `timeoutMs`).
    h = await startRunner({
      RUNNER_WORKERS: '2',
      RUNNER_WORKER_MAX_RUNS: '20',
      RUNNER_TEST_TIMEOUT_MS: '120000',
    });
    secretFile = path.join(h.dir, 'fake-secrets.env');
    fs.writeFileSync(secretFile, 'API_TOKEN=top-secret-value\n');
  });
  after(async () => {
    await h?.stop();
    await Promise.all([app?.close(), other?.close(), secret?.close()]);
  });

  /** `timeoutMs`: the run's limit, which guards against a hang; no test here measures speed. */
  async function run(source: string, timeoutMs = 30_000): Promise<runner.RunSpecResponse> {
    return h.client.unary('runSpec', request(app.origin, source, timeoutMs), {
      deadlineMs: timeoutMs + 30_000,
    });
  }

  // Making, sending and refusing a message of 102 MiB takes 10-15 s of a core on an idle machine,
  // and passed the 30 s limit under a loaded one.
  const OVERSIZE_RUN_MS = 120_000;

  it('gives specs no CDP access to the shared browser, even through Playwright internals', async () => {
    const res = await run(`import { test, expect } from '@playwright/test';
const refused = async (attempt: () => Promise<unknown>) => String(await attempt().then(() => 'allowed', (e) => e));
test('browser CDP session', async ({ browser }) => {
  expect(await refused(() => browser.newBrowserCDPSession())).toMatch(/CDP sessions are not available to specs/);
});
test('browser CDP session through the channel', async ({ browser }) => {
  expect(await refused(() => (browser as any)._channel.newBrowserCDPSession({}))).toMatch(/not allowed by the runner sandbox/);
});
test('browser CDP session through page.context().browser()', async ({ page }) => {
  const b = page.context().browser()!;
  expect(await refused(() => b.newBrowserCDPSession())).toMatch(/CDP sessions are not available to specs/);
  expect(await refused(() => (b as any)._channel.newBrowserCDPSession({}))).toMatch(/not allowed by the runner sandbox/);
});
test('page CDP session commands', async ({ page, context }) => {
  expect(await refused(() => context.newCDPSession(page))).toMatch(/CDP sessions are not available to specs/);
  expect(await refused(() => (context as any)._channel.newCDPSession({ page: (page as any)._channel }))).toMatch(/not allowed by the runner sandbox/);
});
test('browser tracing to a path', async ({ browser }) => {
  expect(await refused(() => (browser as any)._channel.startTracing({ screenshots: false }))).toMatch(/not allowed by the runner sandbox/);
});
`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal(res.tests.length, 5);
  });

  it('names the call a spec made when it refuses one', async () => {
    const res = await run(`import { test, expect } from '@playwright/test';
const refused = async (attempt: () => Promise<unknown>) => String(await attempt().then(() => 'allowed', (e) => e));
test('browser tracing', async ({ browser }) => {
  expect(await refused(() => browser.startTracing())).toMatch(/^Error: browser\\.startTracing\\(\\) is not available to specs: Chromium tracing/);
});
test('a proxy through newPage and newContext', async ({ browser }) => {
  const proxy = { server: 'http://127.0.0.2:9' };
  expect(await refused(() => browser.newPage({ proxy }))).toBe('Error: browser.newPage({ proxy }) is not allowed by the runner');
  expect(await refused(() => browser.newContext({ proxy }))).toBe('Error: browser.newContext({ proxy }) is not allowed by the runner');
});
`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal(res.tests.length, 2);
  });

  it('refuses file: navigation, and the route guard survives unrouteAll', async () => {
    const file = JSON.stringify(`file://${secretFile}`);
    const res = await run(`import { test, expect } from '@playwright/test';
const refused = async (attempt: () => Promise<unknown>) => String(await attempt().then(() => 'allowed', (e) => e));
test('goto file: after unrouteAll', async ({ page, context }) => {
  await context.unrouteAll();
  expect(await refused(() => page.goto(${file}))).toMatch(/not allowed by the runner sandbox/);
  expect(await page.content()).not.toContain('top-secret-value');
});
test('goto file: through the frame channel', async ({ page }) => {
  expect(await refused(() => (page.mainFrame() as any)._channel.goto({ url: ${file}, waitUntil: 'load' }))).toMatch(/not allowed by the runner sandbox/);
  expect(await refused(() => page.goto('  FILE:' + ${file}.slice(5)))).toMatch(/not allowed by the runner sandbox/);
});
test('file: from page script', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((u) => { location.href = u; }, ${file}).catch(() => undefined);
  await page.waitForTimeout(300);
  expect(await page.content()).not.toContain('top-secret-value');
});
test('unrouteAll keeps the origin fence', async ({ page, context }) => {
  await context.unrouteAll();
  await context.unroute('**/*');
  await page.goto('/');
  await page.evaluate((u) => fetch(u).catch(() => 0), ${JSON.stringify(`${other.origin}/after-unroute`)});
  await page.waitForTimeout(200);
});
`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal(res.tests.length, 4);
    assert.deepEqual(
      other.hits.filter((u) => u === '/after-unroute'),
      [],
      'the fetch reached another origin after unrouteAll',
    );
    assert.ok(
      res.blockedRequests.some((b) => b.url === `${other.origin}/after-unroute`),
      JSON.stringify(res.blockedRequests),
    );
  });

  it('checks page.request and context.request against the run origin, every redirect hop too', async () => {
    const s = secret.origin;
    const res = await run(`import { test, expect } from '@playwright/test';
const refused = async (attempt: () => Promise<unknown>) => String(await attempt().then(() => 'allowed', (e) => e));
test('page.request', async ({ page }) => {
  expect(await refused(() => page.request.get('${s}/page-request'))).toMatch(/blocked by the runner network policy/);
});
test('context.request', async ({ context }) => {
  expect(await refused(() => context.request.post('${s}/context-request', { data: 'x' }))).toMatch(/blocked by the runner network policy/);
});
test('page.request redirect', async ({ page }) => {
  expect(await refused(() => page.request.get('/redirect?to=' + encodeURIComponent('${s}/pr-redirect')))).toMatch(/blocked by the runner network policy/);
});
test('request fixture redirect', async ({ request }) => {
  expect(await refused(() => request.get('/redirect?to=' + encodeURIComponent('${s}/fixture-redirect')))).toMatch(/blocked by the runner network policy/);
});
test('channel fetch', async ({ page }) => {
  const channel = (page.request as any)._channel;
  expect(await refused(() => channel.fetch({ url: '${s}/raw', maxRedirects: 0 }))).toMatch(/not allowed by the runner sandbox/);
  expect(await refused(() => channel.fetch({ url: '/redirect?to=' + encodeURIComponent('${s}/raw-redirect') }))).toMatch(/not allowed by the runner sandbox/);
});
test('allowed redirects are still followed', async ({ page }) => {
  const r = await page.request.get('/redirect?to=%2Fabout');
  expect(r.status()).toBe(200);
  expect(await r.text()).toContain('About us');
  expect((await page.request.get('/redirect?to=%2Fabout', { maxRedirects: 0 })).status()).toBe(302);
});
`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal(res.tests.length, 6);
    assert.deepEqual(secret.hits, [], 'a request reached the host outside the allow-list');
    const blocked = res.blockedRequests.map((b) => b.url);
    for (const p of ['/page-request', '/context-request', '/pr-redirect', '/fixture-redirect'])
      assert.ok(blocked.includes(`${s}${p}`), `${p} not reported: ${JSON.stringify(blocked)}`);
  });

  it('lets route.fetch() change a response, and checks every redirect hop it follows', async () => {
    const res = await run(`import { test, expect } from '@playwright/test';
test('route.fetch', async ({ page }) => {
  await page.route('**/about', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()).replace('About us', 'Changed by the test') });
  });
  await page.goto('/about');
  await expect(page.getByRole('heading', { name: 'Changed by the test' })).toBeVisible();
  await page.unroute('**/about');
  await page.route('**/hop', async (route) => {
    const outcome = await route.fetch({ url: '/redirect?to=' + encodeURIComponent('${secret.origin}/'), maxRedirects: 3 }).then(() => 'reached', (e) => String(e));
    await route.fulfill({ body: '<h1>' + outcome.replace(/[<>&]/g, '') + '</h1>', contentType: 'text/html' });
  });
  await page.goto('/hop');
  await expect(page.getByRole('heading')).toContainText('blocked by the runner network policy');
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.deepEqual(secret.hits, [], 'a redirect hop reached a host outside the allow-list');
  });

  it('closes the contexts a spec created when its run ends', async () => {
    const ticker = JSON.stringify(`${app.origin}/ticker`);
    const res = await run(`import { test } from '@playwright/test';
test('opens contexts', async ({ browser, page }) => {
  for (let i = 0; i < 3; i++) await (await (await browser.newContext()).newPage()).goto(${ticker});
  await (await page.context().browser()!.newPage()).goto(${ticker});
  await page.waitForTimeout(300);
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    await new Promise((r) => setTimeout(r, 1000));
    const ticks = app.hits.filter((u) => u === '/tick').length;
    assert.ok(ticks > 0, 'the spec pages ran');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(app.hits.filter((u) => u === '/tick').length, ticks, 'pages of the run still tick');
  });

  it("cannot reach the Playwright server's own endpoint, which would skip the proxy", async () => {
    const lease = h.stack.browsers.leaseNow();
    assert.ok(lease, 'a free browser slot');
    const control = new URL(lease.controlEndpoint);
    lease.release();
    assert.notEqual(control.hostname, '127.0.0.1', 'the server listens where no allow-list reaches');
    // The server tells its secret path to anyone who asks GET /json.
    const json = `http://${control.host}/json`;
    const res = await run(`import { test, expect } from '@playwright/test';
const outcome = async (attempt: () => Promise<unknown>) => String(await attempt().then((r) => 'reached: ' + String(r), (e) => e));
test('the server endpoint', async ({ page }) => {
  await page.goto('/');
  expect(await outcome(() => page.request.get('${json}', { maxRedirects: 0 }))).not.toMatch(/^reached/);
  const unwrapped = (page.mainFrame().page().context() as any).request;
  expect(await outcome(() => unwrapped.get('${json}', { maxRedirects: 0 }))).toMatch(/not allowed by the runner sandbox/);
  expect(await outcome(() => page.goto('${json}'))).toMatch(/ERR_NAME_NOT_RESOLVED|ERR_BLOCKED_BY_CLIENT|not allowed/);
  expect(await outcome(() => page.evaluate((u) => fetch(u).then((r) => r.text()), '${json}'))).not.toMatch(/^reached/);
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
  });

  /** No browser died since `crashes` was read, and the next spec runs normally. */
  const assertPoolUnharmed = async (crashes: number): Promise<void> => {
    assert.equal((await h.client.unary('getPoolStats', {})).crashes, crashes, 'no browser died');
    const next = await run(`import { test, expect } from '@playwright/test';
test('next run', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'App' })).toBeVisible();
});`);
    assert.equal(next.status, common.RunStatus.PASS, describeResult(next));
  };

  it('a message that is not a protocol call closes that connection only, never the browser host', async () => {
    const lease = h.stack.browsers.leaseNow();
    assert.ok(lease, 'a free browser slot');
    const endpoint = lease.wsEndpoint;
    lease.release();
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    const messages: [string | Uint8Array, string][] = [
      ['null', 'JSON null'],
      ['[1]', 'JSON array'],
      ['"x"', 'JSON string'],
      ['{"id":1,', 'not JSON'],
      [new Uint8Array([1, 2]), 'binary frame'],
      ['{"id":1,"guid":null,"method":null}', 'guid not a string'],
      ['{"guid":"page@1","method":"__abort__","params":{"id":1}}', 'malformed __abort__'],
      ['{"id":2,"guid":"page@1","method":"__abort__","params":{"id":1,"reason":"r"}}', 'malformed __abort__'],
    ];
    for (const [message, what] of messages) {
      const closed = await new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(endpoint);
        ws.onopen = () => ws.send(message);
        ws.onclose = (e) => resolve(`${e.code} ${e.reason}`);
        ws.onerror = () => reject(new Error(`could not talk to ${endpoint}`));
        setTimeout(() => resolve('still open'), 2000);
      });
      assert.equal(
        closed,
        `1003 the runner sandbox closed the browser connection on a message that is not a Playwright call (${what})`,
        String(message),
      );
    }
    const res = await run(`import { test, expect } from '@playwright/test';
test('still runs', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'App' })).toBeVisible();
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal((await h.client.unary('getPoolStats', {})).crashes, crashes, 'no browser host died');
  });

  it('ends a run whose spec writes a malformed message to its browser connection as ERROR saying so, not as a crash', async () => {
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    const res = await run(`import { test, expect } from '@playwright/test';
test('writes to the connection itself', async ({ page }) => {
  await page.goto('/');
  (page.mainFrame().page() as any)._connection.onmessage(null);
  await page.goto('/about');
});
test('runs after it', async ({ page }) => {
  await page.goto('/');
});`);
    const closedOn =
      'the runner sandbox closed the browser connection on a message that is not a Playwright call (JSON null)';
    assert.equal(res.status, common.RunStatus.ERROR, describeResult(res));
    assert.equal(res.browserCrashed, false, 'nothing to run again: the spec did it');
    assert.equal(
      res.errorMessage,
      'Error: the spec sent its browser connection a message that is not a Playwright call (JSON null), so the runner sandbox closed the connection and the browser calls after it failed; a spec must reach the browser through the Playwright API',
    );
    assert.equal(res.tests[0]?.errorMessage, `Error: page.goto: ${closedOn}`, describeResult(res));
    assert.equal(res.tests[0]?.errorLocation?.line, 5);
    assert.equal(res.tests[1]?.status, runner.TestStatus.PASSED, 'the next test gets a new connection');
    await assertPoolUnharmed(crashes);
  });

  it('ends a run whose spec writes a call of its own (a made-up object) to its browser connection as ERROR saying so, not as a crash', async () => {
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    const foreignCall =
      "Error: the spec wrote a call to its browser connection itself (a call to an object the browser never created, or under an id of its own), so Playwright's client closed the connection when the answer came and the browser calls after it failed; a spec must reach the browser through the Playwright API";
    // Well formed, so the proxy passes them on: a guid the server never created (it answers "target
    // closed"), and a real page's guid under a call id the client never used. Either way the server
    // answers an id Playwright's client does not know, and the client closes the connection itself.
    const calls = [
      `{ id: 424242, guid: 'page@0123456789abcdef0123456789abcdef', method: 'goto', params: { url: '/about' } }`,
      `{ id: 'spec@1', guid: real._guid, method: 'title', params: {} }`,
    ];
    for (const call of calls) {
      const res = await run(`import { test, expect } from '@playwright/test';
test('writes a call itself', async ({ page }) => {
  await page.goto('/');
  const real = page.mainFrame().page() as any;
  real._connection.onmessage(${call});
  await page.goto('/about');
});
test('runs after it', async ({ page }) => {
  await page.goto('/');
});`);
      assert.equal(res.status, common.RunStatus.ERROR, describeResult(res));
      assert.equal(res.browserCrashed, false, `nothing to run again: the spec did it ${describeResult(res)}`);
      assert.equal(res.errorMessage, foreignCall, call);
      // Playwright's client words it (what browser-session.ts reads).
      assert.match(
        res.tests[0]?.errorMessage ?? '',
        /^Error: page\.goto: Error: Cannot find command to respond: (424242|spec@1)$/,
        describeResult(res),
      );
      assert.equal(res.tests[0]?.errorLocation?.line, 6);
      assert.equal(res.tests[1]?.status, runner.TestStatus.PASSED, 'the next test gets a new connection');
    }
    await assertPoolUnharmed(crashes);
  });

  it('ends a run whose spec sends its browser a message over 100 MiB as ERROR saying so, not as a crash', async () => {
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    // An ordinary API call: JSON writes each \x01 as six characters (\u0001), so 17 MiB of them make
    // a message of 102 MiB, over what Playwright's server takes, while the worker's heap holds
    // about 120 MB (it is capped at 256 MB).
    const res = await run(
      `import { test, expect } from '@playwright/test';
test('sends a huge argument', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((s) => s.length, '\\x01'.repeat(17 * 1024 * 1024));
});
test('runs after it', async ({ page }) => {
  await page.goto('/');
});`,
      OVERSIZE_RUN_MS,
    );
    assert.equal(res.status, common.RunStatus.ERROR, describeResult(res));
    assert.equal(res.browserCrashed, false, `nothing to run again: the spec did it ${describeResult(res)}`);
    assert.equal(
      res.errorMessage,
      'Error: the spec sent its browser connection a message over 100 MiB (the most a Playwright server takes), so the runner sandbox closed the connection and the browser calls after it failed; what one call sends (an evaluate argument, page content, a route body, which goes base64-encoded) must stay under that',
    );
    assert.equal(
      res.tests[0]?.errorMessage,
      'Error: page.evaluate: the runner sandbox closed the browser connection on a message over 100 MiB (the most a Playwright server takes)',
      describeResult(res),
    );
    assert.equal(res.tests[0]?.errorLocation?.line, 4);
    assert.equal(res.tests[1]?.status, runner.TestStatus.PASSED, 'the next test gets a new connection');
    await assertPoolUnharmed(crashes);
  });

  it('ends a run whose browser sends its spec a message over 100 MiB (an answer or an event) as ERROR saying so, not as a crash', async () => {
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    const browserOversize =
      "Error: the browser sent the spec's connection a message over 100 MiB (the most the runner sandbox passes on), so the sandbox closed the connection and the browser calls after it failed; what one call brings back (an evaluate result, page content, a screenshot or response body, which goes base64-encoded) and what one event carries (a console message) must stay under that";
    // The page makes the string (17 MiB of \x01); the browser's message writes each as six characters
    // (\u0001), 102 MiB, over what the sandbox proxy passes on. The worker never holds it. The answer
    // fails the evaluate that asked for it; the console event whichever call is pending when it comes.
    const cases: [string, RegExp, number[]][] = [
      [
        `await page.evaluate(() => '\\x01'.repeat(17 * 1024 * 1024).length);
  await page.evaluate(() => '\\x01'.repeat(17 * 1024 * 1024));`,
        /^Error: page\.evaluate: /,
        [5],
      ],
      [
        `await page.evaluate(() => console.error('\\x01'.repeat(17 * 1024 * 1024)));
  await page.goto('/about');`,
        /^Error: page\.(evaluate|goto): /,
        [4, 5],
      ],
    ];
    for (const [body, call, lines] of cases) {
      const res = await run(
        `import { test, expect } from '@playwright/test';
test('gets a huge message', async ({ page }) => {
  await page.goto('/');
  ${body}
});
test('runs after it', async ({ page }) => {
  await page.goto('/');
});`,
        OVERSIZE_RUN_MS,
      );
      assert.equal(res.status, common.RunStatus.ERROR, describeResult(res));
      assert.equal(res.browserCrashed, false, `nothing to run again: the spec did it ${describeResult(res)}`);
      assert.equal(res.errorMessage, browserOversize, body);
      const failed = res.tests[0]?.errorMessage ?? '';
      assert.match(failed, call, describeResult(res));
      assert.equal(
        failed.replace(call, ''),
        'the runner sandbox closed the browser connection on a message from the browser over 100 MiB',
        describeResult(res),
      );
      assert.ok(lines.includes(res.tests[0]?.errorLocation?.line ?? 0), describeResult(res));
      assert.equal(res.tests[1]?.status, runner.TestStatus.PASSED, 'the next test gets a new connection');
    }
    await assertPoolUnharmed(crashes);
  });

  it('lets a spec cancel an action in flight with an AbortSignal, as under Playwright', async () => {
    const crashes = (await h.client.unary('getPoolStats', {})).crashes;
    // Aborting sends the server a cancellation naming the call (no id of its own); the server ends
    // the call with the signal's reason. The page has no button, so each click waits until then.
    const res = await run(`import { test, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
const cancelled = async (page: Page, abort: (c: AbortController) => void) => {
  const controller = new AbortController();
  const button = page.getByRole('button', { name: 'Never there' });
  const clicking = button.click({ signal: controller.signal }).then(() => 'clicked', (e: Error) => e.message);
  setTimeout(() => abort(controller), 300);
  return await clicking;
};
test('cancels clicks', async ({ page }) => {
  await page.goto('/');
  expect(await cancelled(page, (c) => c.abort(new Error('changed my mind')))).toMatch(/^locator\\.click: changed my mind\\n/);
  expect(await cancelled(page, (c) => c.abort())).toMatch(/^locator\\.click: This operation was aborted\\n/);
  expect(await cancelled(page, (c) => c.abort('a plain reason'))).toMatch(/^locator\\.click: a plain reason\\n/);
  await page.goto('/about');
  await expect(page.getByRole('heading', { name: 'About us' })).toBeVisible();
});
test('runs after it', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'App' })).toBeVisible();
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.equal(res.tests.length, 2, describeResult(res));
    assert.equal((await h.client.unary('getPoolStats', {})).crashes, crashes, 'no browser died');
  });

  it('closes and reports WebSockets to other origins, keeps the run origin’s', async () => {
    const res = await run(`import { test, expect } from '@playwright/test';
test('sockets', async ({ page }) => {
  await page.goto('/');
  const opened = (u: string) => page.evaluate((url) => new Promise<string>((resolve) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve('open');
    ws.onclose = () => resolve('closed');
    setTimeout(() => resolve('pending'), 2000);
  }), u);
  expect(await opened('${other.origin.replace('http', 'ws')}/ws-other')).toBe('closed');
  expect(await opened('${app.origin.replace('http', 'ws')}/ws-own')).toBe('open');
});`);
    assert.equal(res.status, common.RunStatus.PASS, describeResult(res));
    assert.deepEqual(other.upgrades, [], 'a WebSocket reached another origin');
    assert.ok(app.upgrades.includes('/ws-own'));
    assert.ok(
      res.blockedRequests.some((b) => b.url === `${other.origin.replace('http', 'ws')}/ws-other`),
      JSON.stringify(res.blockedRequests),
    );
  });
});
