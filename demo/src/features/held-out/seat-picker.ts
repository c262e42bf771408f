// Held-out page: choosing cinema seats for one screening. A map of rows A to F, eight seats each, every
// seat a toggle button named by its row and number ("C4"); taken seats are disabled. Rows A–D are
// standard seats at $12.00, rows E and F premium recliners at $16.00. Clicking a seat selects it
// (clicking it again gives it back); under the map a running summary says which seats are chosen
// ("2 seats selected: C4, C5") and the total ("Total: $24.00"); at most six seats; "Continue" holds
// them ("Seats C4 and C5 are held for 10 minutes. Total to pay: $24.00."). All in the browser. Broken,
// the running total only ever adds: a seat given back leaves the list and the count but not the total
// (choose C4 and C5, give back C5: "1 seat selected: C4", "Total: $24.00").
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const SEAT_ROWS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const SEATS_PER_ROW = 8;
export const PREMIUM_ROWS: readonly string[] = ['E', 'F'];
export const TAKEN_SEATS: readonly string[] = ['A3', 'A4', 'B5', 'C1', 'C2', 'D6', 'D7', 'E4', 'E5', 'F8'];
/** In cents. */
const STANDARD_CENTS = 1200;
const PREMIUM_CENTS = 1600;
export const MAX_SEATS = 6;

function priceOf(row: string): number {
  return PREMIUM_ROWS.includes(row) ? PREMIUM_CENTS : STANDARD_CENTS;
}

function seatScript(broken: boolean): string {
  return `(function () {
  var max = ${MAX_SEATS};
  var map = document.getElementById('seat-map');
  var summary = document.getElementById('seat-summary');
  var totalLine = document.getElementById('seat-total');
  var error = document.getElementById('seat-error');
  var done = document.getElementById('seat-done');
  var next = document.getElementById('seat-continue');
  var selected = [];
  var total = 0;
  function money(cents) { return '$' + (cents / 100).toFixed(2); }
  function order(a, b) {
    return a.charAt(0) === b.charAt(0) ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : 1;
  }
  function joined(names) {
    return names.length === 1 ? names[0] : names.slice(0, -1).join(', ') + ' and ' + names[names.length - 1];
  }
  function update() {
    selected.sort(order);
    summary.textContent = selected.length === 0
      ? 'No seats selected'
      : (selected.length === 1 ? '1 seat' : selected.length + ' seats') + ' selected: ' + selected.join(', ');
    totalLine.textContent = 'Total: ' + money(total);
    next.disabled = selected.length === 0;
  }
  map.addEventListener('click', function (event) {
    var seat = event.target.closest('button[data-seat]');
    if (seat === null || seat.disabled) return;
    var name = seat.getAttribute('data-seat');
    var price = Number(seat.getAttribute('data-price'));
    var chosen = seat.getAttribute('aria-pressed') === 'true';
    done.textContent = '';
    if (!chosen && selected.length >= max) {
      error.textContent = 'You can choose up to ' + max + ' seats at a time.';
      return;
    }
    error.textContent = '';
    seat.setAttribute('aria-pressed', chosen ? 'false' : 'true');
    if (chosen) {
      selected.splice(selected.indexOf(name), 1);
      ${broken ? 'total += price;' : 'total -= price;'}
    } else {
      selected.push(name);
      total += price;
    }
    update();
  });
  next.addEventListener('click', function () {
    if (selected.length === 0) return;
    done.textContent = (selected.length === 1 ? 'Seat ' : 'Seats ') + joined(selected) +
      (selected.length === 1 ? ' is' : ' are') + ' held for 10 minutes. Total to pay: ' + money(total) + '.';
  });
  update();
})();
`;
}

export function seatPicker(app: AppContext): FeatureModule {
  return {
    scripts: { 'seat-picker': seatScript(app.isBroken('seat-picker')) },
    routes: [
      {
        method: 'GET',
        path: '/seats',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Choose your seats',
            scripts: ['seat-picker'],
            body: html`<h1>Choose your seats</h1>
              <p><strong>The Long Walk</strong> · Screen 2 · Friday 14 November, 19:30</p>
              <p class="hint">
                Standard seats (rows A–D) $12.00 · Premium recliners (rows E and F) $16.00 · Grey seats are
                taken. You can choose up to ${MAX_SEATS} seats.
              </p>
              <p class="screen" aria-hidden="true">Screen</p>
              <div id="seat-map" class="seat-map">
                ${SEAT_ROWS.map(
                  (row) =>
                    html`<div role="group" aria-label="Row ${row}" class="seat-row">
                      <span class="seat-row-name" aria-hidden="true">${row}</span>
                      ${Array.from({ length: SEATS_PER_ROW }, (_, i) => {
                        const name = `${row}${i + 1}`;
                        const taken = TAKEN_SEATS.includes(name);
                        return html`<button
                          type="button"
                          class="seat${PREMIUM_ROWS.includes(row) ? ' premium' : ''}"
                          data-seat="${name}"
                          data-price="${priceOf(row)}"
                          aria-pressed="false"
                          ${taken ? html`disabled` : ''}
                        >
                          ${name}
                        </button>`;
                      })}
                    </div>`,
                )}
              </div>
              <p id="seat-error" role="alert"></p>
              <div aria-live="polite">
                <p id="seat-summary">No seats selected</p>
                <p id="seat-total" class="price">Total: $0.00</p>
              </div>
              <div><button type="button" id="seat-continue" disabled>Continue</button></div>
              <p id="seat-done" role="status"></p>`,
          }),
      },
    ],
  };
}
