// Card payment with a 3-D-Secure-style challenge. The checkout posts the card to the API, which
// asks for a challenge; the challenge page (the "bank", framed in an iframe) checks a one-time
// code and tells the parent page through postMessage; the parent then confirms the payment.
// Broken, confirmation declines an authenticated payment, so "Payment successful" never shows.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html, type SafeHtml } from '../server/html';
import { HttpError, field, readForm, readJsonObject, sendHtml, sendJson } from '../server/http';
import { renderPage } from '../server/layout';
import type { RequestContext } from '../server/router';
import { cardProblem, lastFour } from './card-checks';

export const ONE_TIME_CODE = '123456';
const AMOUNT = '$49.00';
const DECLINED_CARD = '4000000000000002';
const MAX_CODE_ATTEMPTS = 3;
const MAX_PAYMENTS = 10_000;

type PaymentStatus = 'requires_challenge' | 'authenticated' | 'succeeded' | 'failed';

interface Payment {
  readonly id: string;
  readonly visitorId: string;
  readonly last4: string;
  status: PaymentStatus;
  attemptsLeft: number;
}

const CHECKOUT_JS = `(function () {
  var form = document.getElementById('payment-form');
  var error = document.getElementById('payment-error');
  var challenge = document.getElementById('challenge');
  var frame = document.getElementById('challenge-frame');
  var result = document.getElementById('payment-result');
  var paymentId = null;
  function fail(message) {
    error.textContent = message;
    error.hidden = false;
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    error.hidden = true;
    var button = form.querySelector('button[type=submit]');
    button.disabled = true;
    fetch('/api/payments', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        cardNumber: form.elements.cardNumber.value,
        expiry: form.elements.expiry.value,
        cvc: form.elements.cvc.value
      })
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, data: data }; });
    }).then(function (r) {
      if (!r.ok) { button.disabled = false; return fail(r.data.error || 'Payment could not be started.'); }
      paymentId = r.data.id;
      form.hidden = true;
      challenge.hidden = false;
      frame.src = r.data.challengeUrl;
    }).catch(function () {
      button.disabled = false;
      fail('Payment could not be started. Please try again.');
    });
  });
  window.addEventListener('message', function (event) {
    if (event.origin !== location.origin || !event.data || event.data.type !== '3ds-result') return;
    if (event.data.payment !== paymentId) return;
    challenge.hidden = true;
    if (!event.data.ok) return fail('Payment failed: the verification was not completed.');
    fetch('/api/payments/' + encodeURIComponent(paymentId) + '/confirm', {
      method: 'POST',
      headers: { accept: 'application/json' }
    }).then(function (res) { return res.json(); }).then(function (data) {
      if (data.status !== 'succeeded') return fail(data.error || 'Payment failed.');
      document.getElementById('payment-reference').textContent = data.reference;
      result.hidden = false;
      result.focus();
    }).catch(function () { fail('Payment failed: the shop could not be reached.'); });
  });
})();
`;

/** Runs inside the challenge iframe once it is finished: tells the checkout page the outcome. */
const CHALLENGE_DONE_JS = `(function () {
  var data = document.body.dataset;
  window.parent.postMessage({ type: '3ds-result', payment: data.payment, ok: data.ok === 'true' }, location.origin);
})();
`;

function bankPage(title: string, body: SafeHtml, doneScript: boolean): SafeHtml {
  return html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <title>${title} – Demo Bank</title>
      <link rel="stylesheet" href="/assets/site.css" />
      ${doneScript ? html`<script src="/assets/challenge-done.js" defer></script>` : ''}
    </head>
    ${body}
  </html>`;
}

export function cardPayment3ds(app: AppContext): FeatureModule {
  const payments = new Map<string, Payment>();

  const own = (ctx: RequestContext, id: string): Payment => {
    const payment = payments.get(id);
    if (payment === undefined || payment.visitorId !== ctx.visitorId)
      throw new HttpError(404, 'Unknown payment.');
    return payment;
  };

  const challengePage = (ctx: RequestContext, payment: Payment, error: string | undefined): void => {
    ctx.res.setHeader('x-frame-options', 'SAMEORIGIN');
    sendHtml(
      ctx.res,
      error === undefined ? 200 : 400,
      bankPage(
        'Verify it’s you',
        html`<body class="bank">
          <main>
            <p><strong>Demo Bank</strong> · Secure verification</p>
            <h1>Verify it’s you</h1>
            <p>
              We sent a one-time code to your phone to confirm a payment of ${AMOUNT} with the card ending
              ${payment.last4}.
            </p>
            <p class="hint">In this demo the code is always ${ONE_TIME_CODE}.</p>
            ${error === undefined ? '' : html`<p class="alert" role="alert">${error}</p>`}
            <form class="stack" method="post" action="/3ds/challenge">
              <input type="hidden" name="payment" value="${payment.id}" />
              <label for="otp">One-time code</label>
              <input id="otp" name="code" inputmode="numeric" autocomplete="one-time-code" required />
              <div><button type="submit">Verify</button></div>
            </form>
          </main>
        </body>`,
        false,
      ),
    );
  };

  const challengeDone = (ctx: RequestContext, payment: Payment, ok: boolean): void => {
    ctx.res.setHeader('x-frame-options', 'SAMEORIGIN');
    sendHtml(
      ctx.res,
      200,
      bankPage(
        ok ? 'Verified' : 'Verification failed',
        html`<body class="bank" data-payment="${payment.id}" data-ok="${ok ? 'true' : 'false'}">
          <main>
            <p><strong>Demo Bank</strong> · Secure verification</p>
            <h1>${ok ? 'Verified' : 'Verification failed'}</h1>
            <p role="status">${ok ? 'Returning you to the shop…' : 'Too many incorrect codes.'}</p>
          </main>
        </body>`,
        true,
      ),
    );
  };

  return {
    scripts: { checkout: CHECKOUT_JS, 'challenge-done': CHALLENGE_DONE_JS },
    routes: [
      {
        method: 'GET',
        path: '/checkout',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Checkout',
            scripts: ['checkout'],
            body: html`<h1>Checkout</h1>
              <p>Order: Demo Shop gift card · <strong>${AMOUNT}</strong></p>
              <p class="alert" role="alert" id="payment-error" hidden></p>
              <form id="payment-form" class="stack" aria-label="Card details">
                <label for="card-number">Card number</label>
                <input
                  id="card-number"
                  name="cardNumber"
                  inputmode="numeric"
                  autocomplete="cc-number"
                  required
                />
                <label for="card-expiry">Expiry date (MM/YY)</label>
                <input id="card-expiry" name="expiry" autocomplete="cc-exp" placeholder="MM/YY" required />
                <label for="card-cvc">Security code (CVC)</label>
                <input id="card-cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required />
                <div><button type="submit">Pay ${AMOUNT}</button></div>
                <p class="hint">Test card: 4242 4242 4242 4242, any future expiry, any CVC.</p>
              </form>
              <section id="challenge" aria-labelledby="challenge-heading" hidden>
                <h2 id="challenge-heading">Verify your payment</h2>
                <p>Your bank needs to confirm that it’s you.</p>
                <iframe id="challenge-frame" class="challenge" title="3-D Secure challenge"></iframe>
              </section>
              <section id="payment-result" role="status" tabindex="-1" hidden>
                <h2>Payment successful</h2>
                <p>You paid ${AMOUNT}. Reference: <span id="payment-reference"></span></p>
              </section>`,
          }),
      },
      {
        method: 'POST',
        path: '/api/payments',
        handle: async (ctx) => {
          const body = await readJsonObject(ctx.req);
          const text = (name: string): string => {
            const value = body[name];
            return typeof value === 'string' ? value.slice(0, 40) : '';
          };
          const card = { cardNumber: text('cardNumber'), expiry: text('expiry'), cvc: text('cvc') };
          const problem = cardProblem(card, new Date());
          if (problem !== undefined) {
            sendJson(ctx.res, 400, { error: problem });
            return;
          }
          if (card.cardNumber.replace(/\D/g, '') === DECLINED_CARD) {
            sendJson(ctx.res, 402, { error: 'Your card was declined.' });
            return;
          }
          const id = `pay_${randomBytes(9).toString('base64url')}`;
          payments.set(id, {
            id,
            visitorId: ctx.visitorId,
            last4: lastFour(card.cardNumber),
            status: 'requires_challenge',
            attemptsLeft: MAX_CODE_ATTEMPTS,
          });
          if (payments.size > MAX_PAYMENTS) {
            const oldest = payments.keys().next();
            if (oldest.done !== true) payments.delete(oldest.value);
          }
          sendJson(ctx.res, 201, {
            id,
            status: 'requires_challenge',
            challengeUrl: `/3ds/challenge?payment=${id}`,
          });
        },
      },
      {
        method: 'GET',
        path: '/3ds/challenge',
        handle: (ctx) => {
          const payment = own(ctx, ctx.url.searchParams.get('payment') ?? '');
          if (payment.status !== 'requires_challenge')
            challengeDone(ctx, payment, payment.status !== 'failed');
          else challengePage(ctx, payment, undefined);
        },
      },
      {
        method: 'POST',
        path: '/3ds/challenge',
        handle: async (ctx) => {
          const form = await readForm(ctx.req);
          const payment = own(ctx, field(form, 'payment', 40));
          if (payment.status !== 'requires_challenge') {
            challengeDone(ctx, payment, payment.status !== 'failed');
            return;
          }
          if (field(form, 'code', 20).replace(/\s/g, '') === ONE_TIME_CODE) {
            payment.status = 'authenticated';
            challengeDone(ctx, payment, true);
            return;
          }
          payment.attemptsLeft -= 1;
          if (payment.attemptsLeft <= 0) {
            payment.status = 'failed';
            challengeDone(ctx, payment, false);
            return;
          }
          challengePage(
            ctx,
            payment,
            `That code is incorrect. ${payment.attemptsLeft} attempt${payment.attemptsLeft === 1 ? '' : 's'} left.`,
          );
        },
      },
      {
        method: 'POST',
        path: /^\/api\/payments\/(pay_[A-Za-z0-9_-]+)\/confirm$/,
        handle: (ctx) => {
          const payment = own(ctx, ctx.params[0] ?? '');
          if (payment.status === 'succeeded') {
            sendJson(ctx.res, 200, { status: 'succeeded', reference: payment.id });
            return;
          }
          if (payment.status !== 'authenticated') {
            sendJson(ctx.res, 409, {
              status: payment.status,
              error: 'Payment failed: the payment was not verified.',
            });
            return;
          }
          if (app.isBroken('card-payment-3ds')) {
            payment.status = 'failed';
            sendJson(ctx.res, 402, {
              status: 'failed',
              error: 'Payment failed: your bank could not authenticate this payment.',
            });
            return;
          }
          payment.status = 'succeeded';
          sendJson(ctx.res, 200, { status: 'succeeded', reference: payment.id });
        },
      },
    ],
  };
}
