// Registration with email verification. Registering "sends" a mail to a local mailbox page
// (/mailbox, one per visitor so parallel tests never see each other's mail); its link verifies
// the account. Broken, the verification endpoint rejects every token.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { field, readForm } from '../server/http';
import { renderPage } from '../server/layout';
import type { RequestContext } from '../server/router';
import { VisitorScoped } from '../server/visitors';

interface Account {
  readonly name: string;
  readonly email: string;
  verified: boolean;
}

interface Mail {
  readonly id: string;
  readonly to: string;
  readonly subject: string;
  readonly greetingName: string;
  readonly token: string;
  readonly sentAt: Date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;
const MAX_MAILS = 20;
const MAX_TOKENS = 20_000;

interface RegistrationValues {
  readonly name: string;
  readonly email: string;
  readonly password: string;
}

export function registrationProblem(values: RegistrationValues): string | undefined {
  if (values.name === '') return 'Please enter your full name.';
  if (!EMAIL.test(values.email)) return 'Please enter a valid email address.';
  if (values.password.length < MIN_PASSWORD)
    return `Your password needs at least ${MIN_PASSWORD} characters.`;
  return undefined;
}

export function emailVerification(app: AppContext): FeatureModule {
  const mailboxes = new VisitorScoped<Mail[]>(() => []);
  /** Tokens are global: a verification link works in any browser, like a real one. */
  const pending = new Map<string, Account>();

  const form = (
    ctx: RequestContext,
    values: { name: string; email: string },
    error: string | undefined,
  ): void =>
    renderPage(app, ctx, {
      title: 'Create an account',
      status: error === undefined ? 200 : 400,
      body: html`<h1>Create an account</h1>
        ${error === undefined ? '' : html`<p class="alert" role="alert">${error}</p>`}
        <form class="stack" method="post" action="/register">
          <label for="reg-name">Full name</label>
          <input id="reg-name" name="name" autocomplete="name" required value="${values.name}" />
          <label for="reg-email">Email</label>
          <input
            id="reg-email"
            name="email"
            type="email"
            autocomplete="email"
            required
            value="${values.email}"
          />
          <label for="reg-password">Password</label>
          <input
            id="reg-password"
            name="password"
            type="password"
            autocomplete="new-password"
            minlength="${MIN_PASSWORD}"
            required
            aria-describedby="password-hint"
          />
          <p id="password-hint" class="hint">At least ${MIN_PASSWORD} characters.</p>
          <div><button type="submit">Create account</button></div>
        </form>`,
    });

  const mailboxPage = (ctx: RequestContext): void => {
    const mails = mailboxes.peek(ctx.visitorId) ?? [];
    renderPage(app, ctx, {
      title: 'Mailbox',
      body: html`<h1>Mailbox</h1>
        <p class="hint">Mail sent by Demo Shop to the addresses you registered in this browser.</p>
        ${
          mails.length === 0
            ? html`<p>No messages yet.</p>`
            : mails.map(
                (m) =>
                  html`<article class="mail" aria-labelledby="mail-${m.id}">
                    <h2 id="mail-${m.id}">${m.subject}</h2>
                    <p>
                      From: Demo Shop &lt;no-reply@demo-shop.test&gt;<br />To: ${m.to}<br />Sent:
                      <time datetime="${m.sentAt.toISOString()}">${m.sentAt.toUTCString()}</time>
                    </p>
                    <p>
                      Hi ${m.greetingName}, please confirm your email address to activate your Demo Shop
                      account.
                    </p>
                    <p><a href="/verify?token=${m.token}">Verify email address</a></p>
                  </article>`,
              )
        }`,
    });
  };

  return {
    routes: [
      { method: 'GET', path: '/register', handle: (ctx) => form(ctx, { name: '', email: '' }, undefined) },
      {
        method: 'POST',
        path: '/register',
        handle: async (ctx) => {
          const body = await readForm(ctx.req);
          const values = {
            name: field(body, 'name', 100),
            email: field(body, 'email', 200).toLowerCase(),
            password: body.get('password') ?? '',
          };
          const problem = registrationProblem(values);
          if (problem !== undefined) {
            form(ctx, values, problem);
            return;
          }
          const token = randomBytes(18).toString('base64url');
          pending.set(token, { name: values.name, email: values.email, verified: false });
          if (pending.size > MAX_TOKENS) {
            const oldest = pending.keys().next();
            if (oldest.done !== true) pending.delete(oldest.value);
          }
          const mailbox = mailboxes.get(ctx.visitorId);
          // Registering the same address again replaces the earlier mail: one live link per address.
          const kept = mailbox.filter((m) => m.to !== values.email).slice(0, MAX_MAILS - 1);
          const mail: Mail = {
            id: randomBytes(6).toString('hex'),
            to: values.email,
            subject: 'Verify your email address',
            greetingName: values.name,
            token,
            sentAt: new Date(),
          };
          mailbox.splice(0, mailbox.length, mail, ...kept);
          renderPage(app, ctx, {
            title: 'Check your inbox',
            body: html`<h1>Check your inbox</h1>
              <p role="status">We sent a verification link to ${values.email}.</p>
              <p><a href="/mailbox">Open mailbox</a></p>`,
          });
        },
      },
      { method: 'GET', path: '/mailbox', handle: mailboxPage },
      {
        method: 'GET',
        path: '/verify',
        handle: (ctx) => {
          const account = pending.get(ctx.url.searchParams.get('token') ?? '');
          if (account === undefined || app.isBroken('email-verification')) {
            renderPage(app, ctx, {
              title: 'Verification failed',
              status: 400,
              body: html`<h1>Verification failed</h1>
                <p class="alert" role="alert">This verification link is invalid or has expired.</p>
                <p><a href="/register">Register again</a></p>`,
            });
            return;
          }
          account.verified = true;
          renderPage(app, ctx, {
            title: 'Email verified',
            body: html`<h1>Email verified</h1>
              <p class="success" role="status">
                Thanks, ${account.name}. Your account ${account.email} is now active.
              </p>`,
          });
        },
      },
    ],
  };
}
