// Login with a fixed demo account. Broken, the credential check rejects everyone, so the
// "Welcome, Demo User" page is never reached and the form shows an error instead.
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { field, readForm, redirect } from '../server/http';
import { renderPage } from '../server/layout';
import type { RequestContext } from '../server/router';
import { VisitorScoped } from '../server/visitors';

export const DEMO_USER = { email: 'demo@example.com', password: 'demo-pass', name: 'Demo User' } as const;

interface LoginState {
  signedIn: boolean;
}

export function login(app: AppContext): FeatureModule {
  const sessions = new VisitorScoped<LoginState>(() => ({ signedIn: false }));

  const form = (ctx: RequestContext, email: string, error: string | undefined): void =>
    renderPage(app, ctx, {
      title: 'Log in',
      status: error === undefined ? 200 : 401,
      body: html`<h1>Log in</h1>
        ${error === undefined ? '' : html`<p class="alert" role="alert" id="login-error">${error}</p>`}
        <form class="stack" method="post" action="/login">
          <label for="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autocomplete="username"
            required
            value="${email}"
            ${error === undefined ? '' : html` aria-describedby="login-error"`}
          />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <div><button type="submit">Log in</button></div>
        </form>
        <p class="hint">Demo account: demo@example.com / demo-pass</p>`,
    });

  return {
    routes: [
      { method: 'GET', path: '/login', handle: (ctx) => form(ctx, '', undefined) },
      {
        method: 'POST',
        path: '/login',
        handle: async (ctx) => {
          const body = await readForm(ctx.req);
          const email = field(body, 'email', 200);
          const password = body.get('password') ?? '';
          const valid = email.toLowerCase() === DEMO_USER.email && password === DEMO_USER.password;
          if (!valid || app.isBroken('login')) {
            form(ctx, email, 'Invalid email or password.');
            return;
          }
          sessions.get(ctx.visitorId).signedIn = true;
          redirect(ctx.res, '/account');
        },
      },
      {
        method: 'GET',
        path: '/account',
        handle: (ctx) => {
          if (sessions.peek(ctx.visitorId)?.signedIn !== true) {
            redirect(ctx.res, '/login', 302);
            return;
          }
          renderPage(app, ctx, {
            title: 'Your account',
            body: html`<h1>Welcome, ${DEMO_USER.name}</h1>
              <p>You are logged in as ${DEMO_USER.email}.</p>
              <form method="post" action="/logout">
                <button type="submit" class="secondary">Log out</button>
              </form>`,
          });
        },
      },
      {
        method: 'POST',
        path: '/logout',
        handle: (ctx) => {
          sessions.get(ctx.visitorId).signedIn = false;
          redirect(ctx.res, '/login');
        },
      },
    ],
  };
}
