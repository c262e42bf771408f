// Held-out page: a currency converter that works as you type: an amount, a From and a To currency
// (US dollar, euro, British pound, Japanese yen, at fixed rates per US dollar) and a Swap button; the
// result ("100.00 USD = 92.00 EUR", yen in whole units) is worked out in the browser on every keystroke
// and change. Broken, the rates are applied the wrong way round (multiplied where they should divide):
// 100 US dollars come out as 108.70 euros instead of 92.00.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** How much of each currency one US dollar buys, and the decimals it is shown with. */
export const CURRENCIES = [
  { code: 'USD', name: 'US dollar', perDollar: 1, digits: 2 },
  { code: 'EUR', name: 'Euro', perDollar: 0.92, digits: 2 },
  { code: 'GBP', name: 'British pound', perDollar: 0.79, digits: 2 },
  { code: 'JPY', name: 'Japanese yen', perDollar: 157.4, digits: 0 },
] as const;

function converterScript(broken: boolean): string {
  return `(function () {
  var currencies = {};
  ${JSON.stringify(CURRENCIES)}.forEach(function (c) { currencies[c.code] = c; });
  var amount = document.getElementById('amount');
  var from = document.getElementById('from');
  var to = document.getElementById('to');
  var result = document.getElementById('result');
  function format(value, currency) {
    return value.toLocaleString('en-US', {
      minimumFractionDigits: currency.digits,
      maximumFractionDigits: currency.digits,
    }) + ' ' + currency.code;
  }
  function convert() {
    var text = amount.value.trim().replace(/,/g, '');
    var value = Number(text);
    if (text === '' || !isFinite(value) || value < 0) {
      result.textContent = 'Enter an amount to convert.';
      return;
    }
    var a = currencies[from.value];
    var b = currencies[to.value];
    var converted = ${broken ? 'value * a.perDollar / b.perDollar' : 'value / a.perDollar * b.perDollar'};
    result.textContent = format(value, a) + ' = ' + format(converted, b);
  }
  amount.addEventListener('input', convert);
  from.addEventListener('change', convert);
  to.addEventListener('change', convert);
  document.getElementById('swap').addEventListener('click', function () {
    var code = from.value;
    from.value = to.value;
    to.value = code;
    convert();
  });
  document.getElementById('converter').addEventListener('submit', function (event) {
    event.preventDefault();
    convert();
  });
  convert();
})();
`;
}

function options(selected: string) {
  return CURRENCIES.map(
    (c) =>
      html`<option value="${c.code}" ${c.code === selected ? html`selected` : ''}>
        ${c.name} (${c.code})
      </option>`,
  );
}

export function currencyConverter(app: AppContext): FeatureModule {
  return {
    scripts: { 'currency-converter': converterScript(app.isBroken('currency-converter')) },
    routes: [
      {
        method: 'GET',
        path: '/convert',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Currency converter',
            scripts: ['currency-converter'],
            body: html`<h1>Currency converter</h1>
              <p class="hint">
                Rates of 1 June 2030: one US dollar buys 0.92 euros, 0.79 British pounds or 157.4 Japanese
                yen.
              </p>
              <form id="converter" class="stack" novalidate>
                <label for="amount">Amount</label>
                <input id="amount" name="amount" inputmode="decimal" autocomplete="off" value="1" />
                <label for="from">From</label>
                <select id="from" name="from">
                  ${options('USD')}
                </select>
                <label for="to">To</label>
                <select id="to" name="to">
                  ${options('EUR')}
                </select>
                <div><button type="button" id="swap" class="secondary">Swap currencies</button></div>
              </form>
              <p><output id="result" for="amount from to" aria-live="polite"></output></p>`,
          }),
      },
    ],
  };
}
