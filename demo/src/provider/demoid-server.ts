// DemoID: a minimal OAuth 2.0 authorization-code provider on its own origin (a second port), so
// "Sign in with DemoID" really leaves the shop, signs in, asks for consent and comes back with a
// code that the shop exchanges server to server. Codes are single-use and short-lived; redirect
// URIs must match the registration exactly, and errors never redirect to an unchecked URI.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { html, type SafeHtml } from '../server/html';
import { HttpError, field, readForm, redirect, sendHtml, sendJson } from '../server/http';
import { createRequestHandler, type RequestContext, type Route } from '../server/router';
import { VisitorScoped } from '../server/visitors';

export const DEMOID_USER = {
  sub: 'demoid-1001',
  email: 'demo@example.com',
  password: 'demo-pass',
  name: 'Demo User',
} as const;

export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name: string;
  readonly redirectUri: string;
}

interface AuthRequest {
  readonly client: RegisteredClient;
  readonly redirectUri: string;
  readonly state: string;
  readonly scope: string;
}

interface IssuedCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_MS = 600_000;
const MAX_OUTSTANDING = 10_000;

function token(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Drops expired entries, and the oldest ones if a flood still leaves too many. */
function prune<T extends { readonly expiresAt: number }>(map: Map<string, T>, now: number): void {
  for (const [key, value] of map) if (value.expiresAt <= now) map.delete(key);
  while (map.size > MAX_OUTSTANDING) {
    const oldest = map.keys().next();
    if (oldest.done === true) break;
    map.delete(oldest.value);
  }
}

function providerPage(title: string, body: SafeHtml): SafeHtml {
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} – DemoID</title>
      <style>
        body {
          font-family: system-ui, sans-serif;
          background: #f1f3f8;
          margin: 0;
          color: #1b1b1f;
        }
        header {
          background: #3b2a8c;
          color: #fff;
          padding: 0.75rem 1.5rem;
          font-weight: 700;
        }
        main {
          max-width: 26rem;
          margin: 2rem auto;
          background: #fff;
          padding: 1.5rem;
          border-radius: 8px;
        }
        form {
          display: grid;
          gap: 0.6rem;
        }
        label {
          font-weight: 600;
        }
        input {
          font: inherit;
          padding: 0.4rem;
        }
        button {
          font: inherit;
          padding: 0.45rem 1rem;
          border-radius: 4px;
          border: 1px solid #3b2a8c;
          background: #3b2a8c;
          color: #fff;
        }
        button.secondary {
          background: #fff;
          color: #3b2a8c;
        }
        .alert {
          border: 1px solid #b3261e;
          background: #fdecea;
          padding: 0.5rem;
        }
        .actions {
          display: flex;
          gap: 0.5rem;
        }
      </style>
    </head>
    <body>
      <header role="banner">DemoID</header>
      <main>${body}</main>
    </body>
  </html>`;
}

function hiddenAuthFields(auth: AuthRequest): SafeHtml {
  return html`<input type="hidden" name="client_id" value="${auth.client.clientId}" />
    <input type="hidden" name="redirect_uri" value="${auth.redirectUri}" />
    <input type="hidden" name="state" value="${auth.state}" />
    <input type="hidden" name="scope" value="${auth.scope}" />`;
}

function authorizeQuery(auth: AuthRequest): string {
  return new URLSearchParams({
    response_type: 'code',
    client_id: auth.client.clientId,
    redirect_uri: auth.redirectUri,
    state: auth.state,
    scope: auth.scope,
  }).toString();
}

function withParams(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

export function createDemoIdHandler(options: {
  readonly port: number;
  readonly clients: readonly RegisteredClient[];
}): (req: IncomingMessage, res: ServerResponse) => void {
  const sessions = new VisitorScoped<{ signedIn: boolean }>(() => ({ signedIn: false }));
  const codes = new Map<string, IssuedCode>();
  const tokens = new Map<string, { readonly expiresAt: number }>();

  /** Validates client and redirect URI; a bad one gets an error page, never a redirect. */
  const readAuthRequest = (get: (name: string) => string): AuthRequest => {
    const client = options.clients.find((c) => c.clientId === get('client_id'));
    const redirectUri = get('redirect_uri');
    if (client === undefined || client.redirectUri !== redirectUri) {
      throw new HttpError(400, 'Invalid authorization request: unknown client or redirect URI.');
    }
    return { client, redirectUri, state: get('state'), scope: get('scope') || 'profile email' };
  };

  const loginPage = (ctx: RequestContext, auth: AuthRequest, error: string | undefined): void =>
    sendHtml(
      ctx.res,
      error === undefined ? 200 : 401,
      providerPage(
        'Sign in',
        html`<h1>Sign in to DemoID</h1>
          <p>to continue to ${auth.client.name}</p>
          ${error === undefined ? '' : html`<p class="alert" role="alert">${error}</p>`}
          <form method="post" action="/login">
            ${hiddenAuthFields(auth)}
            <label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" required />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
            <button type="submit">Sign in</button>
          </form>`,
      ),
    );

  const consentPage = (ctx: RequestContext, auth: AuthRequest): void =>
    sendHtml(
      ctx.res,
      200,
      providerPage(
        'Allow access',
        html`<h1>Allow ${auth.client.name} to access your account?</h1>
          <p>Signed in as ${DEMOID_USER.email}</p>
          <p>${auth.client.name} will be able to:</p>
          <ul>
            <li>See your name</li>
            <li>See your email address</li>
          </ul>
          <form method="post" action="/consent">
            ${hiddenAuthFields(auth)}
            <div class="actions">
              <button type="submit" name="decision" value="allow">Allow</button>
              <button type="submit" name="decision" value="deny" class="secondary">Deny</button>
            </div>
          </form>`,
      ),
    );

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/authorize',
      handle: (ctx) => {
        const auth = readAuthRequest((n) => ctx.url.searchParams.get(n) ?? '');
        if (ctx.url.searchParams.get('response_type') !== 'code') {
          redirect(
            ctx.res,
            withParams(auth.redirectUri, { error: 'unsupported_response_type', state: auth.state }),
          );
          return;
        }
        if (sessions.peek(ctx.visitorId)?.signedIn === true) consentPage(ctx, auth);
        else loginPage(ctx, auth, undefined);
      },
    },
    {
      method: 'POST',
      path: '/login',
      handle: async (ctx) => {
        const form = await readForm(ctx.req);
        const auth = readAuthRequest((n) => field(form, n, 2000));
        const ok =
          field(form, 'email', 200).toLowerCase() === DEMOID_USER.email &&
          (form.get('password') ?? '') === DEMOID_USER.password;
        if (!ok) {
          loginPage(ctx, auth, 'Wrong email or password.');
          return;
        }
        sessions.get(ctx.visitorId).signedIn = true;
        redirect(ctx.res, `/authorize?${authorizeQuery(auth)}`);
      },
    },
    {
      method: 'POST',
      path: '/consent',
      handle: async (ctx) => {
        const form = await readForm(ctx.req);
        const auth = readAuthRequest((n) => field(form, n, 2000));
        if (sessions.peek(ctx.visitorId)?.signedIn !== true) {
          redirect(ctx.res, `/authorize?${authorizeQuery(auth)}`);
          return;
        }
        if (form.get('decision') !== 'allow') {
          redirect(ctx.res, withParams(auth.redirectUri, { error: 'access_denied', state: auth.state }));
          return;
        }
        const now = Date.now();
        prune(codes, now);
        const code = token();
        codes.set(code, {
          clientId: auth.client.clientId,
          redirectUri: auth.redirectUri,
          expiresAt: now + CODE_TTL_MS,
        });
        redirect(ctx.res, withParams(auth.redirectUri, { code, state: auth.state }));
      },
    },
    {
      method: 'POST',
      path: '/token',
      handle: async (ctx) => {
        const form = await readForm(ctx.req);
        if (form.get('grant_type') !== 'authorization_code') {
          sendJson(ctx.res, 400, { error: 'unsupported_grant_type' });
          return;
        }
        const client = options.clients.find((c) => c.clientId === form.get('client_id'));
        if (client === undefined || !sameSecret(form.get('client_secret') ?? '', client.clientSecret)) {
          sendJson(ctx.res, 401, { error: 'invalid_client' });
          return;
        }
        const code = form.get('code') ?? '';
        const issued = codes.get(code);
        codes.delete(code); // single use, even when the rest of the request is wrong
        if (
          issued === undefined ||
          issued.expiresAt <= Date.now() ||
          issued.clientId !== client.clientId ||
          issued.redirectUri !== form.get('redirect_uri')
        ) {
          sendJson(ctx.res, 400, { error: 'invalid_grant' });
          return;
        }
        const now = Date.now();
        prune(tokens, now);
        const accessToken = token();
        tokens.set(accessToken, { expiresAt: now + TOKEN_TTL_MS });
        sendJson(ctx.res, 200, {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: TOKEN_TTL_MS / 1000,
          scope: 'profile email',
        });
      },
    },
    {
      method: 'GET',
      path: '/userinfo',
      handle: (ctx) => {
        const header = ctx.req.headers.authorization ?? '';
        const issued = header.startsWith('Bearer ') ? tokens.get(header.slice(7)) : undefined;
        if (issued === undefined || issued.expiresAt <= Date.now()) {
          ctx.res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
          sendJson(ctx.res, 401, { error: 'invalid_token' });
          return;
        }
        sendJson(ctx.res, 200, { sub: DEMOID_USER.sub, name: DEMOID_USER.name, email: DEMOID_USER.email });
      },
    },
  ];

  return createRequestHandler({
    routes,
    cookieName: `demoid_sid_${options.port}`,
    renderError: (ctx, status, message) =>
      sendHtml(
        ctx.res,
        status,
        providerPage(
          'Error',
          html`<h1>Something went wrong</h1>
            <p role="alert">${message}</p>`,
        ),
      ),
  });
}
