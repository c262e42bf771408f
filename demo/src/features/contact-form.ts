// Contact form, handled on the server. Broken, the email check rejects every address, so the
// thank-you message never appears.
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { field, readForm } from '../server/http';
import { renderPage } from '../server/layout';
import type { RequestContext } from '../server/router';

interface ContactValues {
  readonly name: string;
  readonly email: string;
  readonly message: string;
}

const EMPTY: ContactValues = { name: '', email: '', message: '' };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateContact(values: ContactValues, broken: boolean): string | undefined {
  if (values.name === '') return 'Please enter your name.';
  if (broken || !EMAIL.test(values.email)) return 'Please enter a valid email address.';
  if (values.message === '') return 'Please enter a message.';
  return undefined;
}

export function contactForm(app: AppContext): FeatureModule {
  const page = (ctx: RequestContext, values: ContactValues, error: string | undefined): void =>
    renderPage(app, ctx, {
      title: 'Contact us',
      status: error === undefined ? 200 : 400,
      body: html`<h1>Contact us</h1>
        <p>Questions about an order? Send us a message.</p>
        ${error === undefined ? '' : html`<p class="alert" role="alert" id="contact-error">${error}</p>`}
        <form class="stack" method="post" action="/contact">
          <label for="name">Name</label>
          <input id="name" name="name" autocomplete="name" required value="${values.name}" />
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="email" required value="${values.email}" />
          <label for="message">Message</label>
          <textarea id="message" name="message" rows="5" required>${values.message}</textarea>
          <div><button type="submit">Send message</button></div>
        </form>`,
    });

  return {
    routes: [
      { method: 'GET', path: '/contact', handle: (ctx) => page(ctx, EMPTY, undefined) },
      {
        method: 'POST',
        path: '/contact',
        handle: async (ctx) => {
          const body = await readForm(ctx.req);
          const values = {
            name: field(body, 'name', 100),
            email: field(body, 'email', 200),
            message: field(body, 'message', 2000),
          };
          const error = validateContact(values, app.isBroken('contact-form'));
          if (error !== undefined) {
            page(ctx, values, error);
            return;
          }
          renderPage(app, ctx, {
            title: 'Message sent',
            body: html`<h1>Contact us</h1>
              <p class="success" role="status">Thanks, ${values.name}! We'll be in touch.</p>
              <p><a href="/contact">Send another message</a></p>`,
          });
        },
      },
    ],
  };
}
