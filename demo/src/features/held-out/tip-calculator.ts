// Held-out page: splitting a restaurant bill. A "Bill amount" field, a "Tip" slider (a native range
// input, 0–30% in steps of 5, starting at 15%, its value shown beside it and announced as "15%") and
// a "Number of people" field; "Tip: $9.00", "Total: $69.00" and "Each person pays: $23.00" are worked
// out in the browser on every keystroke and slider move. A share that does not divide evenly is
// rounded up to the cent, so the shares always cover the bill. A bill that is not an amount shows an
// alert instead. Broken, each share is the bill divided by the people, without the tip: the tip and the
// total are right, but $60.00 at 15% between 3 says "Each person pays: $20.00" (it should be $23.00).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const TIP_MIN = 0;
export const TIP_MAX = 30;
export const TIP_STEP = 5;
export const TIP_DEFAULT = 15;
const MAX_PEOPLE = 20;

function tipScript(broken: boolean): string {
  return `(function () {
  var bill = document.getElementById('bill');
  var tip = document.getElementById('tip');
  var tipShown = document.getElementById('tip-shown');
  var people = document.getElementById('people');
  var error = document.getElementById('tip-error');
  var tipLine = document.getElementById('tip-amount');
  var totalLine = document.getElementById('tip-total');
  var shareLine = document.getElementById('tip-share');
  function money(cents) { return '$' + (cents / 100).toFixed(2); }
  function show(tipCents, totalCents, shareCents) {
    tipLine.textContent = 'Tip: ' + money(tipCents);
    totalLine.textContent = 'Total: ' + money(totalCents);
    shareLine.textContent = 'Each person pays: ' + money(shareCents);
  }
  function update() {
    var percent = Number(tip.value);
    tipShown.textContent = percent + '%';
    tip.setAttribute('aria-valuetext', percent + '%');
    var text = bill.value.trim().replace(/^\\$/, '').replace(/,/g, '');
    var amount = Number(text);
    if (text !== '' && (!/^\\d+(\\.\\d{1,2})?$/.test(text) || !isFinite(amount))) {
      error.textContent = 'Enter the bill as an amount, for example 48.50.';
      show(0, 0, 0);
      return;
    }
    var count = Math.floor(Number(people.value));
    if (!(count >= 1 && count <= ${MAX_PEOPLE})) {
      error.textContent = 'Split between 1 and ${MAX_PEOPLE} people.';
      show(0, 0, 0);
      return;
    }
    error.textContent = '';
    var billCents = Math.round(amount * 100);
    var tipCents = Math.round(billCents * percent / 100);
    var totalCents = billCents + tipCents;
    // Rounded up to the cent: the shares together never come to less than the total.
    var shareCents = Math.ceil(${broken ? 'billCents' : 'totalCents'} / count);
    show(tipCents, totalCents, shareCents);
  }
  [bill, tip, people].forEach(function (field) {
    field.addEventListener('input', update);
    field.addEventListener('change', update);
  });
  document.getElementById('tip-form').addEventListener('submit', function (event) {
    event.preventDefault();
    update();
  });
  update();
})();
`;
}

export function tipCalculator(app: AppContext): FeatureModule {
  return {
    scripts: { 'tip-calculator': tipScript(app.isBroken('tip-calculator')) },
    routes: [
      {
        method: 'GET',
        path: '/tip',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Split the bill',
            scripts: ['tip-calculator'],
            body: html`<h1>Split the bill</h1>
              <p>Work out the tip and what each of you pays. Nothing is sent anywhere.</p>
              <form id="tip-form" class="stack" novalidate>
                <label for="bill">Bill amount</label>
                <input
                  id="bill"
                  name="bill"
                  inputmode="decimal"
                  autocomplete="off"
                  aria-describedby="bill-hint"
                />
                <p id="bill-hint" class="hint">In dollars, before the tip, for example 48.50.</p>
                <label for="tip">Tip</label>
                <div class="slider-row">
                  <input
                    type="range"
                    id="tip"
                    name="tip"
                    min="${TIP_MIN}"
                    max="${TIP_MAX}"
                    step="${TIP_STEP}"
                    value="${TIP_DEFAULT}"
                    aria-valuetext="${TIP_DEFAULT}%"
                  />
                  <span id="tip-shown" aria-hidden="true">${TIP_DEFAULT}%</span>
                </div>
                <label for="people">Number of people</label>
                <input
                  type="number"
                  id="people"
                  name="people"
                  min="1"
                  max="${MAX_PEOPLE}"
                  step="1"
                  value="1"
                />
              </form>
              <p id="tip-error" role="alert"></p>
              <section aria-labelledby="tip-result-title" aria-live="polite">
                <h2 id="tip-result-title">Your share</h2>
                <p id="tip-amount">Tip: $0.00</p>
                <p id="tip-total">Total: $0.00</p>
                <p id="tip-share" class="price">Each person pays: $0.00</p>
              </section>`,
          }),
      },
    ],
  };
}
