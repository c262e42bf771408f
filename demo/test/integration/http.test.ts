// The demo over real HTTP (no browser): pages, APIs, the OAuth provider, uploads, the chat socket,
// and what each broken variant does on the server. Both apps run for the whole file.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { FEATURE_IDS, demoFeatures, startDemoApp, type DemoApp } from '../../src/index';
import { TestClient, location, squash } from '../helpers/http-client';

let normal: DemoApp;
let broken: DemoApp;

before(async () => {
  [normal, broken] = await Promise.all([startDemoApp(), startDemoApp({ broken: new Set(FEATURE_IDS) })]);
});

after(async () => {
  await Promise.allSettled([normal.stop(), broken.stop()]);
});

describe('pages', () => {
  test('every start page is accessible HTML with landmarks, one h1 and no external resources', async () => {
    for (const feature of normal.features) {
      const res = await fetch(feature.url);
      assert.equal(res.status, 200, feature.id);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      const page = squash(await res.text());
      assert.match(page, /<html lang="en">/, feature.id);
      assert.match(page, /<nav class="main" aria-label="Main">/, feature.id);
      assert.match(page, /<main id="main">/, feature.id);
      assert.equal(page.match(/<h1[ >]/g)?.length, 1, feature.id);
      assert.doesNotMatch(page, /(src|href|action)="(https?:)?\/\//, feature.id);
      for (const [, asset] of page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
        assert.equal((await fetch(`${normal.url}${asset}`)).status, 200, `${feature.id} ${asset}`);
      }
    }
  });

  test('the catalogue on the instance says which features are broken and where they start', () => {
    assert.equal(normal.features.length, demoFeatures.length);
    assert.ok(normal.features.every((f) => !f.broken && f.url === `${normal.url}${f.startPath}`));
    assert.ok(broken.features.every((f) => f.broken));
    assert.notEqual(normal.providerUrl, normal.url);
  });

  test('unknown pages are 404, wrong methods 405, unknown assets 404', async () => {
    const missing = await fetch(`${normal.url}/nope`);
    assert.equal(missing.status, 404);
    assert.match(squash(await missing.text()), /<h1>Page not found<\/h1>/);
    assert.equal((await fetch(`${normal.url}/contact`, { method: 'PUT' })).status, 405);
    assert.equal((await fetch(`${normal.url}/assets/nope.js`)).status, 404);
    assert.equal((await fetch(`${normal.url}/products/nope`)).status, 404);
  });

  test('the visitor cookie is named after the port, so two instances on one host do not collide', async () => {
    const a = (await fetch(normal.url)).headers.getSetCookie()[0] ?? '';
    const b = (await fetch(broken.url)).headers.getSetCookie()[0] ?? '';
    assert.match(a, new RegExp(`^demo_vid_${normal.port}=`));
    assert.match(b, new RegExp(`^demo_vid_${broken.port}=`));
    assert.match(a, /HttpOnly; SameSite=Lax/);
  });
});

describe('simple features on the server', () => {
  test('login: the demo account reaches the welcome page; wrong passwords and the broken variant do not', async () => {
    const client = new TestClient();
    assert.equal(location(await client.get(`${normal.url}/account`)), '/login');
    const ok = await client.postForm(`${normal.url}/login`, {
      email: 'demo@example.com',
      password: 'demo-pass',
    });
    assert.equal(ok.status, 303);
    const welcome = await client.follow(ok, `${normal.url}/login`);
    assert.match(squash(await welcome.res.text()), /<h1>Welcome, Demo User<\/h1>/);
    const wrong = await new TestClient().postForm(`${normal.url}/login`, {
      email: 'demo@example.com',
      password: 'nope',
    });
    assert.equal(wrong.status, 401);
    assert.match(squash(await wrong.text()), /role="alert"[^>]*>Invalid email or password\./);
    const bad = await new TestClient().postForm(`${broken.url}/login`, {
      email: 'demo@example.com',
      password: 'demo-pass',
    });
    assert.equal(bad.status, 401);
  });

  test('contact form: thanks by name, escaped; the broken variant rejects the address', async () => {
    const fields = { name: 'Ada <b>', email: 'ada@example.com', message: 'Hello' };
    const ok = await new TestClient().postForm(`${normal.url}/contact`, fields);
    assert.equal(ok.status, 200);
    assert.match(squash(await ok.text()), /Thanks, Ada &lt;b&gt;! We'll be in touch\./);
    const bad = await new TestClient().postForm(`${broken.url}/contact`, fields);
    assert.equal(bad.status, 400);
    assert.match(squash(await bad.text()), /Please enter a valid email address\./);
  });

  test('search and filter APIs: right items normally, wrong items when broken', async () => {
    const search = async (app: DemoApp, q: string) =>
      (await (await fetch(`${app.url}/api/search?q=${encodeURIComponent(q)}`)).json()) as {
        summary: string;
        count: number;
      };
    assert.deepEqual(await search(normal, 'lamp').then((r) => [r.count, r.summary]), [
      2,
      '2 results for “lamp”',
    ]);
    assert.equal((await search(normal, 'zzz')).summary, 'No results for “zzz”');
    assert.equal((await search(broken, 'lamp')).count, 8);
    const filter = async (app: DemoApp, c: string) =>
      (await (await fetch(`${app.url}/api/catalog?category=${c}`)).json()) as { summary: string };
    assert.equal((await filter(normal, 'lighting')).summary, 'Showing 3 products');
    assert.equal((await filter(broken, 'lighting')).summary, 'Showing 2 products');
    assert.equal((await filter(normal, 'unknown')).summary, 'Showing 10 products');
    assert.match(squash(await (await fetch(`${normal.url}/search?q=lamp`)).text()), /2 results for “lamp”/);
    assert.match(
      squash(await (await fetch(`${normal.url}/catalog?category=kitchen`)).text()),
      /Showing 4 products/,
    );
  });

  test('cart: per visitor, counts up and down; the broken variant never stores', async () => {
    const add = (client: TestClient, app: DemoApp, slug: string) =>
      client.request(`${app.url}/cart/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: `slug=${slug}`,
      });
    const ada = new TestClient();
    await ada.get(normal.url); // gets the visitor cookie
    assert.deepEqual(await (await add(ada, normal, 'copper-kettle')).json(), {
      count: 1,
      added: 'Copper Kettle',
    });
    assert.deepEqual(await (await add(ada, normal, 'copper-kettle')).json(), {
      count: 2,
      added: 'Copper Kettle',
    });
    assert.equal((await add(ada, normal, 'nope')).status, 400);
    const other = new TestClient();
    assert.match(squash(await (await other.get(`${normal.url}/cart`)).text()), /Your cart is empty\./);
    assert.match(
      squash(await (await ada.get(`${normal.url}/cart`)).text()),
      /Copper Kettle<\/td><td>2<\/td><td>\$138\.00/,
    );
    await ada.postForm(`${normal.url}/cart/remove`, { slug: 'copper-kettle' });
    assert.match(squash(await (await ada.get(`${normal.url}/cart`)).text()), /data-testid="cart-count">0</);
    const bob = new TestClient();
    await bob.get(broken.url);
    assert.deepEqual(await (await add(bob, broken, 'copper-kettle')).json(), {
      count: 0,
      added: 'Copper Kettle',
    });
  });

  test('menu and product links point at the wrong pages only in the broken variant', async () => {
    const home = squash(await (await fetch(`${broken.url}/`)).text());
    assert.match(home, /<a href="\/services">About<\/a>/);
    assert.match(
      squash(await (await fetch(`${normal.url}/about`)).text()),
      /<a href="\/about" aria-current="page">About<\/a>/,
    );
    assert.match(
      squash(await (await fetch(`${broken.url}/products`)).text()),
      /href="\/products\/halo-floor-lamp">Aurora Desk Lamp</,
    );
    assert.match(
      squash(await (await fetch(`${normal.url}/products`)).text()),
      /href="\/products\/aurora-desk-lamp">Aurora Desk Lamp</,
    );
  });
});

describe('OAuth with the DemoID provider', () => {
  async function signIn(
    app: DemoApp,
    decision: 'allow' | 'deny',
  ): Promise<{ client: TestClient; page: string; code?: string }> {
    const client = new TestClient();
    const authorize = location(await client.postForm(`${app.url}/oauth/start`, {}));
    assert.ok(authorize.startsWith(`${app.providerUrl}/authorize?`));
    const loginPage = await client.get(authorize);
    assert.match(squash(await loginPage.text()), /Sign in to DemoID/);
    const params = Object.fromEntries(new URL(authorize).searchParams);
    const afterLogin = await client.postForm(`${app.providerUrl}/login`, {
      ...params,
      email: 'demo@example.com',
      password: 'demo-pass',
    });
    const consent = await client.get(new URL(location(afterLogin), app.providerUrl).toString());
    assert.match(squash(await consent.text()), /Allow Demo Shop to access your account\?/);
    const back = location(await client.postForm(`${app.providerUrl}/consent`, { ...params, decision }));
    assert.ok(back.startsWith(`${app.url}/oauth/callback?`));
    const code = new URL(back).searchParams.get('code') ?? undefined;
    const final = await client.follow(await client.get(back), back);
    return { client, page: squash(await final.res.text()), code };
  }

  test('sign in, consent and a server-side code exchange show the signed-in user', async () => {
    const { page } = await signIn(normal, 'allow');
    assert.match(page, /<h1>Signed in as Demo User<\/h1>/);
  });

  test('denying consent cancels; the broken variant fails the exchange with invalid_client', async () => {
    assert.match((await signIn(normal, 'deny')).page, /Sign-in cancelled: you did not allow access\./);
    assert.match((await signIn(broken, 'allow')).page, /Sign-in failed: invalid_client/);
  });

  test('the provider checks redirect URIs, client secrets and single-use codes', async () => {
    const evil = await fetch(
      `${normal.providerUrl}/authorize?response_type=code&client_id=demo-shop&redirect_uri=${encodeURIComponent('http://evil.test/cb')}&state=x`,
      { redirect: 'manual' },
    );
    assert.equal(evil.status, 400);
    assert.equal(evil.headers.get('location'), null);
    const { code } = await signIn(normal, 'allow'); // this code has already been exchanged by the shop
    const token = await fetch(`${normal.providerUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: code ?? '',
        client_id: 'demo-shop',
        client_secret: 'guess',
      }).toString(),
    });
    assert.equal(token.status, 401);
    assert.deepEqual(await token.json(), { error: 'invalid_client' });
    const userinfo = await fetch(`${normal.providerUrl}/userinfo`, {
      headers: { authorization: 'Bearer nope' },
    });
    assert.equal(userinfo.status, 401);
  });

  test('a callback without the state this browser started with is refused', async () => {
    const res = await new TestClient().get(`${normal.url}/oauth/callback?code=abc&state=forged`);
    assert.equal(res.status, 400);
    assert.match(squash(await res.text()), /Sign-in failed: the sign-in request expired/);
  });
});

describe('card payment with a challenge', () => {
  const card = { cardNumber: '4242 4242 4242 4242', expiry: '12/34', cvc: '123' };

  async function pay(app: DemoApp, client: TestClient): Promise<{ id: string; challengeUrl: string }> {
    await client.get(`${app.url}/checkout`);
    const res = await client.postJson(`${app.url}/api/payments`, card);
    assert.equal(res.status, 201);
    return (await res.json()) as { id: string; challengeUrl: string };
  }

  test('bad cards are refused with a reason; a declined card is declined', async () => {
    const client = new TestClient();
    const bad = await client.postJson(`${normal.url}/api/payments`, { ...card, cardNumber: '1234' });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'Card number is invalid.' });
    const declined = await client.postJson(`${normal.url}/api/payments`, {
      ...card,
      cardNumber: '4000 0000 0000 0002',
    });
    assert.equal(declined.status, 402);
    assert.equal(
      (await client.request(`${normal.url}/api/payments`, { method: 'POST', body: 'x' })).status,
      415,
    );
  });

  test('wrong code, then the right one, then confirmation; the broken variant declines', async () => {
    const client = new TestClient();
    const { id, challengeUrl } = await pay(normal, client);
    const challenge = await client.get(`${normal.url}${challengeUrl}`);
    assert.equal(challenge.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.match(squash(await challenge.text()), /<label for="otp">One-time code<\/label>/);
    const early = await client.request(`${normal.url}/api/payments/${id}/confirm`, { method: 'POST' });
    assert.equal(early.status, 409);
    const wrong = await client.postForm(`${normal.url}/3ds/challenge`, { payment: id, code: '000000' });
    assert.match(squash(await wrong.text()), /That code is incorrect\. 2 attempts left\./);
    const right = await client.postForm(`${normal.url}/3ds/challenge`, { payment: id, code: '123456' });
    assert.match(squash(await right.text()), /data-ok="true"/);
    const stranger = await new TestClient().request(`${normal.url}/api/payments/${id}/confirm`, {
      method: 'POST',
    });
    assert.equal(stranger.status, 404);
    const confirmed = await client.request(`${normal.url}/api/payments/${id}/confirm`, { method: 'POST' });
    assert.deepEqual(await confirmed.json(), { status: 'succeeded', reference: id });

    const other = new TestClient();
    const failing = await pay(broken, other);
    await other.postForm(`${broken.url}/3ds/challenge`, { payment: failing.id, code: '123456' });
    const declined = await other.request(`${broken.url}/api/payments/${failing.id}/confirm`, {
      method: 'POST',
    });
    assert.equal(declined.status, 402);
    assert.equal(((await declined.json()) as { status: string }).status, 'failed');
  });
});

describe('registration with email verification', () => {
  async function register(app: DemoApp): Promise<{ client: TestClient; link: string }> {
    const client = new TestClient();
    const res = await client.postForm(`${app.url}/register`, {
      name: 'Ada',
      email: 'Ada@Example.com',
      password: 'analytical',
    });
    assert.match(squash(await res.text()), /We sent a verification link to ada@example\.com\./);
    const mailbox = squash(await (await client.get(`${app.url}/mailbox`)).text());
    const link = /<a href="(\/verify\?token=[\w-]+)">Verify email address<\/a>/.exec(mailbox)?.[1];
    assert.ok(link !== undefined, 'the mailbox shows the verification link');
    return { client, link };
  }

  test('the mailbox is per visitor and its link verifies the address', async () => {
    const { link } = await register(normal);
    assert.match(
      squash(await (await new TestClient().get(`${normal.url}/mailbox`)).text()),
      /No messages yet\./,
    );
    // The link works from any browser, like a real mail link.
    assert.match(
      squash(await (await new TestClient().get(`${normal.url}${link}`)).text()),
      /<h1>Email verified<\/h1>/,
    );
    const invalid = await fetch(`${normal.url}/verify?token=nope`);
    assert.equal(invalid.status, 400);
  });

  test('bad input is refused; the broken variant rejects a valid link', async () => {
    const short = await new TestClient().postForm(`${normal.url}/register`, {
      name: 'Ada',
      email: 'ada@example.com',
      password: 'short',
    });
    assert.equal(short.status, 400);
    const { client, link } = await register(broken);
    const res = await client.get(`${broken.url}${link}`);
    assert.equal(res.status, 400);
    assert.match(squash(await res.text()), /<h1>Verification failed<\/h1>/);
  });
});

describe('multi-file upload', () => {
  test('multipart uploads are measured as they stream and listed for that visitor only', async () => {
    const client = new TestClient();
    const form = new FormData();
    form.append('files', new Blob([Buffer.alloc(70_000, 1)], { type: 'image/png' }), 'big.png');
    form.append('files', new Blob(['hello']), 'hello.txt');
    const res = await client.request(`${normal.url}/api/uploads`, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
    });
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), {
      files: [
        { name: 'big.png', size: 70_000, type: 'image/png', sizeText: '68.4 KB (70,000 bytes)' },
        { name: 'hello.txt', size: 5, type: 'application/octet-stream', sizeText: '5 bytes' },
      ],
    });
    assert.match(
      squash(await (await client.get(`${normal.url}/upload`)).text()),
      /<li>big\.png · 68\.4 KB \(70,000 bytes\)<\/li><li>hello\.txt · 5 bytes<\/li>/,
    );
    assert.match(
      squash(await (await new TestClient().get(`${normal.url}/upload`)).text()),
      /<p id="no-uploads">No files uploaded yet\.<\/p>/,
    );
  });

  test('non-multipart and truncated bodies are refused with a JSON error', async () => {
    const plain = await fetch(`${normal.url}/api/uploads`, {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(plain.status, 415);
    const truncated = await fetch(`${normal.url}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nabc',
    });
    assert.equal(truncated.status, 400);
    assert.match(((await truncated.json()) as { error: string }).error, /ended before its closing boundary/);
  });
});

describe('WebSocket chat', () => {
  function connect(
    app: DemoApp,
    origin = app.url,
  ): Promise<{ ws: WebSocket; frames: unknown[]; next(): Promise<unknown> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${app.url.replace('http', 'ws')}/chat/socket`, { origin });
      const frames: unknown[] = [];
      const waiters: ((frame: unknown) => void)[] = [];
      ws.on('message', (data: Buffer) => {
        const frame: unknown = JSON.parse(data.toString());
        const waiter = waiters.shift();
        if (waiter) waiter(frame);
        else frames.push(frame);
      });
      const next = (): Promise<unknown> =>
        frames.length > 0 ? Promise.resolve(frames.shift()) : new Promise((r) => waiters.push(r));
      ws.once('open', () => resolve({ ws, frames, next }));
      ws.once('error', reject);
    });
  }

  test('messages are broadcast and replayed to later connections; not when broken', async () => {
    for (const [app, expectHistory] of [
      [normal, true],
      [broken, false],
    ] as const) {
      const a = await connect(app);
      assert.equal(((await a.next()) as { type: string }).type, 'history');
      a.ws.send(JSON.stringify({ type: 'message', text: 'too early' }));
      assert.deepEqual(await a.next(), { type: 'error', message: 'Join the chat before sending messages.' });
      a.ws.send(JSON.stringify({ type: 'join', name: 'Ada' }));
      assert.deepEqual(await a.next(), { type: 'joined', name: 'Ada' });
      a.ws.send(JSON.stringify({ type: 'message', text: 'hello' }));
      const live = (await a.next()) as { type: string; message: { name: string; text: string } };
      assert.equal(live.type, 'message');
      assert.equal(live.message.text, 'hello');
      const b = await connect(app);
      const history = (await b.next()) as { messages: { text: string }[] };
      assert.deepEqual(
        history.messages.map((m) => m.text),
        expectHistory ? ['hello'] : [],
      );
      a.ws.close();
      b.ws.close();
    }
  });

  test('sockets from another origin or path are refused', async () => {
    await assert.rejects(connect(normal, 'http://evil.test'), /Unexpected server response: 403/);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`${normal.url.replace('http', 'ws')}/nope`, { origin: normal.url });
        ws.once('open', resolve);
        ws.once('error', reject);
      }),
      /Unexpected server response: 404/,
    );
  });
});

describe('starting and stopping', () => {
  test('unknown broken ids and bad ports are refused with the reason', async () => {
    await assert.rejects(
      startDemoApp({ broken: ['login', 'nope' as 'login'] }),
      /unknown feature id\(s\): nope/,
    );
    await assert.rejects(startDemoApp({ port: -1 }), /port must be an integer between 0 and 65535/);
  });

  test('a port in use is reported and nothing is left listening', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await assert.rejects(startDemoApp({ port }), /EADDRINUSE/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  test('stop() closes both servers and open sockets, and can be called twice', async () => {
    const app = await startDemoApp({ broken: ['login'] });
    const keepAlive = await fetch(app.url); // leaves a keep-alive connection open
    await keepAlive.text();
    await Promise.all([app.stop(), app.stop()]);
    await assert.rejects(fetch(app.url), /fetch failed/);
    await assert.rejects(fetch(app.providerUrl), /fetch failed/);
  });
});
