// Held-out page: an order summary with a quantity stepper (icon buttons named by aria-label) and a
// promo code, totals worked out in the browser. Broken, the quantity changes but the subtotal,
// discount and total stay at one item's price.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** Coffee beans, in cents. */
const UNIT_PRICE_CENTS = 1200;
const PROMO_CODE = 'SAVE10';

function orderScript(broken: boolean): string {
  return `(function () {
  var UNIT = ${UNIT_PRICE_CENTS};
  var quantity = 1;
  var promo = false;
  var shown = document.getElementById('quantity');
  function money(cents) { return '$' + (cents / 100).toFixed(2); }
  function render() {
    shown.textContent = String(quantity);
    var subtotal = UNIT * ${broken ? '1' : 'quantity'};
    var discount = promo ? Math.round(subtotal / 10) : 0;
    document.getElementById('subtotal').textContent = 'Subtotal: ' + money(subtotal);
    document.getElementById('discount').textContent = promo ? '${PROMO_CODE} applied: \\u2212' + money(discount) : '';
    document.getElementById('total').textContent = 'Total: ' + money(subtotal - discount);
    document.getElementById('decrease').disabled = quantity <= 1;
  }
  document.getElementById('increase').addEventListener('click', function () { quantity = Math.min(quantity + 1, 9); render(); });
  document.getElementById('decrease').addEventListener('click', function () { quantity = Math.max(quantity - 1, 1); render(); });
  document.getElementById('promo-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var code = document.getElementById('promo-code').value.trim().toUpperCase();
    var message = document.getElementById('promo-message');
    promo = code === '${PROMO_CODE}';
    message.textContent = promo ? '' : 'That code is not valid.';
    render();
  });
  render();
})();
`;
}

export function orderSummary(app: AppContext): FeatureModule {
  return {
    scripts: { order: orderScript(app.isBroken('order-summary')) },
    routes: [
      {
        method: 'GET',
        path: '/order',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Your order',
            scripts: ['order'],
            body: html`<h1>Your order</h1>
              <div class="order-line">
                <span id="item-name">Coffee beans, 1 kg</span> <span>$12.00 each</span>
                <button type="button" id="decrease" aria-label="Decrease quantity">−</button>
                <span id="quantity" aria-live="polite">1</span>
                <button type="button" id="increase" aria-label="Increase quantity">+</button>
              </div>
              <form id="promo-form">
                <label for="promo-code">Promo code</label>
                <input id="promo-code" name="promo-code" autocomplete="off" />
                <button type="submit">Apply</button>
              </form>
              <p id="promo-message" role="alert"></p>
              <p id="subtotal">Subtotal: $12.00</p>
              <p id="discount"></p>
              <p id="total" role="status">Total: $12.00</p>`,
          }),
      },
    ],
  };
}
