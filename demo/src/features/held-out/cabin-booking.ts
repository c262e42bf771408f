// Held-out page: a cabin booking form (check-in and check-out dates, number of guests) that quotes a
// price in the browser: $95 a night for up to two guests, $20 a night more for each guest after the
// second. "Get a quote" shows the nights, guests and total, or an alert when a date is missing or
// check-out is not after check-in. Broken, the nights are counted inclusively: both the check-in and
// the check-out day are charged, so every quote has one night too many and a total one night higher.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** In cents. */
const NIGHTLY_CENTS = 9500;
const EXTRA_GUEST_CENTS = 2000;
const MAX_GUESTS = 6;

function cabinBookingScript(broken: boolean): string {
  return `(function () {
  var form = document.getElementById('booking-form');
  var quote = document.getElementById('booking-quote');
  var error = document.getElementById('booking-error');
  function money(cents) { return '$' + (cents / 100).toFixed(2); }
  function day(id) {
    var value = document.getElementById(id).value;
    return value === '' ? NaN : Date.parse(value + 'T00:00:00Z') / 86400000;
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var checkIn = day('check-in');
    var checkOut = day('check-out');
    var guests = Number(document.getElementById('guests').value);
    quote.textContent = '';
    if (isNaN(checkIn) || isNaN(checkOut)) {
      error.textContent = 'Please choose both a check-in and a check-out date.';
      return;
    }
    if (checkOut <= checkIn) {
      error.textContent = 'Check-out must be after check-in.';
      return;
    }
    error.textContent = '';
    var nights = checkOut - checkIn${broken ? ' + 1' : ''};
    var perNight = ${NIGHTLY_CENTS} + Math.max(guests - 2, 0) * ${EXTRA_GUEST_CENTS};
    quote.textContent = nights + (nights === 1 ? ' night' : ' nights') + ' for ' + guests +
      (guests === 1 ? ' guest' : ' guests') + ': ' + money(nights * perNight) + ' in total (' +
      money(perNight) + ' a night).';
  });
})();
`;
}

export function cabinBooking(app: AppContext): FeatureModule {
  return {
    scripts: { 'cabin-booking': cabinBookingScript(app.isBroken('cabin-booking')) },
    routes: [
      {
        method: 'GET',
        path: '/booking',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Book the cabin',
            scripts: ['cabin-booking'],
            body: html`<h1>Book the lake cabin</h1>
              <p>$95 a night for up to two guests, plus $20 a night for each extra guest.</p>
              <form id="booking-form" class="stack" novalidate>
                <label for="check-in">Check-in date</label>
                <input id="check-in" name="check-in" type="date" />
                <label for="check-out">Check-out date</label>
                <input id="check-out" name="check-out" type="date" />
                <label for="guests">Guests</label>
                <select id="guests" name="guests">
                  ${Array.from(
                    { length: MAX_GUESTS },
                    (_, i) => html`<option ${i === 1 ? html`selected` : ''}>${i + 1}</option>`,
                  )}
                </select>
                <div><button type="submit">Get a quote</button></div>
              </form>
              <p id="booking-error" class="alert" role="alert"></p>
              <p id="booking-quote" class="success" role="status"></p>`,
          }),
      },
    ],
  };
}
