// Held-out page: a three-step delivery form, all in the browser. Step 1 asks for the recipient (full
// name, phone number), step 2 for the address (street address, postcode, city), step 3 shows a
// summary of both with Back and "Confirm delivery", which confirms the booking. "Next" checks the
// step's fields (an alert names what is missing); "Back" returns with what was typed kept. Broken,
// "Next" on the first step skips the address step: it goes straight to the summary, whose address is
// empty, and the confirmation has no address.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

function deliveryWizardScript(broken: boolean): string {
  return `(function () {
  var steps = Array.prototype.slice.call(document.querySelectorAll('.wizard-step'));
  var progress = document.getElementById('wizard-progress');
  var error = document.getElementById('wizard-error');
  var done = document.getElementById('wizard-done');
  var current = 0;
  function value(id) { return document.getElementById(id).value.trim(); }
  function address() {
    var parts = [value('street'), [value('postcode'), value('city')].filter(Boolean).join(' ')];
    return parts.filter(Boolean).join(', ');
  }
  function show(i) {
    current = i;
    steps.forEach(function (step, j) { step.hidden = j !== i; });
    progress.textContent = 'Step ' + (i + 1) + ' of ' + steps.length;
    error.textContent = '';
    if (i === 2) {
      document.getElementById('summary-name').textContent = value('full-name');
      document.getElementById('summary-phone').textContent = value('phone');
      document.getElementById('summary-address').textContent = address();
    }
  }
  var missing = [
    function () { return value('full-name') === '' ? 'Please enter the full name.' : ''; },
    function () {
      return value('street') === '' || value('postcode') === '' || value('city') === ''
        ? 'Please fill in the street address, postcode and city.'
        : '';
    },
  ];
  document.querySelectorAll('.wizard-next').forEach(function (button) {
    button.addEventListener('click', function () {
      var problem = missing[current]();
      if (problem !== '') {
        error.textContent = problem;
        return;
      }
      show(${broken ? 'current === 0 ? 2 : current + 1' : 'current + 1'});
    });
  });
  document.querySelectorAll('.wizard-step form').forEach(function (form) {
    form.addEventListener('submit', function (event) { event.preventDefault(); });
  });
  document.querySelectorAll('.wizard-back').forEach(function (button) {
    button.addEventListener('click', function () { show(current - 1); });
  });
  document.getElementById('confirm-delivery').addEventListener('click', function () {
    steps.forEach(function (step) { step.hidden = true; });
    progress.textContent = '';
    done.textContent = 'Delivery booked for ' + value('full-name') + ' to ' + address() + '.';
  });
  show(0);
})();
`;
}

export function deliveryWizard(app: AppContext): FeatureModule {
  return {
    scripts: { 'delivery-wizard': deliveryWizardScript(app.isBroken('delivery-wizard')) },
    routes: [
      {
        method: 'GET',
        path: '/delivery',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Delivery details',
            scripts: ['delivery-wizard'],
            body: html`<h1>Delivery details</h1>
              <p id="wizard-progress">Step 1 of 3</p>
              <section class="wizard-step" aria-labelledby="step-recipient">
                <h2 id="step-recipient">Who is it for?</h2>
                <form class="stack" novalidate>
                  <label for="full-name">Full name</label>
                  <input id="full-name" name="full-name" autocomplete="name" />
                  <label for="phone">Phone number</label>
                  <input id="phone" name="phone" type="tel" autocomplete="tel" />
                  <div><button type="button" class="wizard-next">Next</button></div>
                </form>
              </section>
              <section class="wizard-step" aria-labelledby="step-address" hidden>
                <h2 id="step-address">Delivery address</h2>
                <form class="stack" novalidate>
                  <label for="street">Street address</label>
                  <input id="street" name="street" autocomplete="street-address" />
                  <label for="postcode">Postcode</label>
                  <input id="postcode" name="postcode" autocomplete="postal-code" />
                  <label for="city">City</label>
                  <input id="city" name="city" autocomplete="address-level2" />
                  <div>
                    <button type="button" class="wizard-back secondary">Back</button>
                    <button type="button" class="wizard-next">Next</button>
                  </div>
                </form>
              </section>
              <section class="wizard-step" aria-labelledby="step-summary" hidden>
                <h2 id="step-summary">Check your details</h2>
                <dl>
                  <dt>Name</dt>
                  <dd id="summary-name"></dd>
                  <dt>Phone</dt>
                  <dd id="summary-phone"></dd>
                  <dt>Address</dt>
                  <dd id="summary-address"></dd>
                </dl>
                <div>
                  <button type="button" class="wizard-back secondary">Back</button>
                  <button type="button" id="confirm-delivery">Confirm delivery</button>
                </div>
              </section>
              <p id="wizard-error" class="alert" role="alert"></p>
              <p id="wizard-done" class="success" role="status"></p>`,
          }),
      },
    ],
  };
}
