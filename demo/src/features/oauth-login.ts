// "Sign in with DemoID": the shop side of the authorization-code flow. The browser is sent to the
// DemoID origin, comes back to /oauth/callback with a code, and the shop exchanges it server to
// server (client secret never reaches the browser), then reads the user's profile. Broken, the
// exchange sends a wrong client secret and the provider answers invalid_client.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { redirect } from '../server/http';
import { renderPage } from '../server/layout';
import type { RequestContext } from '../server/router';
import { VisitorScoped } from '../server/visitors';

export interface OAuthClientConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
}

interface SignInState {
  user?: { readonly name: string; readonly email: string };
  pendingState?: string;
}

const EXCHANGE_TIMEOUT_MS = 5000;

class SignInError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

async function exchangeCode(
  providerOrigin: string,
  client: OAuthClientConfig,
  code: string,
  secret: string,
): Promise<{ name: string; email: string }> {
  const tokenRes = await fetch(`${providerOrigin}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: client.redirectUri,
      client_id: client.clientId,
      client_secret: secret,
    }).toString(),
    signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
  });
  const tokenBody: unknown = await tokenRes.json();
  if (!tokenRes.ok || !isRecord(tokenBody) || typeof tokenBody.access_token !== 'string') {
    const reason =
      isRecord(tokenBody) && typeof tokenBody.error === 'string'
        ? tokenBody.error
        : `HTTP ${tokenRes.status}`;
    throw new SignInError(reason);
  }
  const userRes = await fetch(`${providerOrigin}/userinfo`, {
    headers: { authorization: `Bearer ${tokenBody.access_token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
  });
  const user: unknown = await userRes.json();
  if (!userRes.ok || !isRecord(user) || typeof user.name !== 'string' || typeof user.email !== 'string') {
    throw new SignInError('could not read your DemoID profile');
  }
  return { name: user.name, email: user.email };
}

export function oauthLogin(app: AppContext, client: OAuthClientConfig): FeatureModule {
  const states = new VisitorScoped<SignInState>(() => ({}));

  const page = (ctx: RequestContext, error: string | undefined): void => {
    const user = states.peek(ctx.visitorId)?.user;
    const body =
      user !== undefined
        ? html`<h1>Signed in as ${user.name}</h1>
            <p class="success" role="status">You signed in with DemoID as ${user.email}.</p>
            <form method="post" action="/signout">
              <button type="submit" class="secondary">Sign out</button>
            </form>`
        : html`<h1>Sign in</h1>
            ${error === undefined ? '' : html`<p class="alert" role="alert">${error}</p>`}
            <p>Use your DemoID account to sign in to Demo Shop.</p>
            <form method="post" action="/oauth/start">
              <button type="submit">Sign in with DemoID</button>
            </form>`;
    renderPage(app, ctx, { title: 'Sign in', status: error === undefined ? 200 : 400, body });
  };

  return {
    routes: [
      { method: 'GET', path: '/signin', handle: (ctx) => page(ctx, undefined) },
      {
        method: 'POST',
        path: '/oauth/start',
        handle: (ctx) => {
          const state = randomBytes(16).toString('base64url');
          states.get(ctx.visitorId).pendingState = state;
          const query = new URLSearchParams({
            response_type: 'code',
            client_id: client.clientId,
            redirect_uri: client.redirectUri,
            state,
            scope: 'profile email',
          });
          redirect(ctx.res, `${app.providerOrigin}/authorize?${query.toString()}`);
        },
      },
      {
        method: 'GET',
        path: '/oauth/callback',
        handle: async (ctx) => {
          const state = states.get(ctx.visitorId);
          const expected = state.pendingState;
          state.pendingState = undefined;
          const params = ctx.url.searchParams;
          if (expected === undefined || params.get('state') !== expected) {
            page(ctx, 'Sign-in failed: the sign-in request expired. Please try again.');
            return;
          }
          const error = params.get('error');
          if (error !== null) {
            page(
              ctx,
              error === 'access_denied'
                ? 'Sign-in cancelled: you did not allow access.'
                : `Sign-in failed: ${error}`,
            );
            return;
          }
          const secret = app.isBroken('oauth-login') ? `${client.clientSecret}-stale` : client.clientSecret;
          try {
            state.user = await exchangeCode(app.providerOrigin, client, params.get('code') ?? '', secret);
          } catch (err: unknown) {
            page(
              ctx,
              `Sign-in failed: ${err instanceof SignInError ? err.message : 'DemoID is not reachable'}`,
            );
            return;
          }
          redirect(ctx.res, '/signin');
        },
      },
      {
        method: 'POST',
        path: '/signout',
        handle: (ctx) => {
          states.get(ctx.visitorId).user = undefined;
          redirect(ctx.res, '/signin');
        },
      },
    ],
  };
}
