// Held-out page: a bike-hire customer's twelve past rentals (February to May 2026), newest first, with a
// date-range filter: a "From" and a "To" date field and "Show rentals", a plain GET form
// (/rentals?from=2026-03-01&to=2026-03-31) filtered on the server. Both dates are inclusive: a rental
// that starts on the To date is shown. "Showing 5 of 12 rentals" says how many match, "No rentals
// between …" when none do, and a From date after the To date is refused with an alert (all rentals
// shown). "Clear dates" shows them all again. Broken, the To date is compared with each rental's start
// time, date and time together ("2026-03-31T09:00" comes after "2026-03-31"), so a rental on the To
// date is left out: March shows 4 rentals, not 5, and a single day (From and To the same) shows none.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const RENTALS_PATH = '/rentals';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Rental {
  readonly ref: string;
  /** Local date and time the bike was picked up, as the shop's system stores it. */
  readonly start: string;
  readonly bike: string;
  readonly hire: string;
  readonly price: string;
}

/** Newest first. */
export const RENTALS: readonly Rental[] = [
  { ref: 'R-2210', start: '2026-05-23T12:00', bike: 'Tandem', hire: 'Half day', price: '$40.00' },
  { ref: 'R-2195', start: '2026-05-09T08:45', bike: 'E-bike', hire: 'Full day', price: '$60.00' },
  { ref: 'R-2178', start: '2026-04-30T17:00', bike: 'City bike', hire: '2 hours', price: '$16.00' },
  { ref: 'R-2164', start: '2026-04-18T10:30', bike: "Kids' bike", hire: '2 hours', price: '$10.00' },
  { ref: 'R-2150', start: '2026-04-05T13:00', bike: 'Mountain bike', hire: 'Full day', price: '$55.00' },
  { ref: 'R-2131', start: '2026-03-31T09:00', bike: 'E-bike', hire: 'Half day', price: '$38.00' },
  { ref: 'R-2119', start: '2026-03-22T16:30', bike: 'City bike', hire: '1 hour', price: '$8.00' },
  { ref: 'R-2103', start: '2026-03-14T10:00', bike: 'Tandem', hire: '2 hours', price: '$30.00' },
  { ref: 'R-2090', start: '2026-03-08T11:15', bike: 'City bike', hire: '3 hours', price: '$24.00' },
  { ref: 'R-2077', start: '2026-03-01T10:00', bike: 'E-bike', hire: 'Full day', price: '$60.00' },
  { ref: 'R-2058', start: '2026-02-21T14:00', bike: 'Mountain bike', hire: 'Half day', price: '$35.00' },
  { ref: 'R-2041', start: '2026-02-07T09:30', bike: 'City bike', hire: '2 hours', price: '$16.00' },
];

/** "2026-03-14" → "14 Mar 2026". */
function shortDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1] ?? ''} ${year ?? ''}`;
}

/** A date field's value, or '' when it holds no real date. */
function dateParam(value: string | null): string {
  const text = (value ?? '').trim();
  if (!ISO_DATE.test(text)) return '';
  return Number.isNaN(Date.parse(`${text}T00:00:00Z`)) ? '' : text;
}

export function rentalHistory(app: AppContext): FeatureModule {
  const broken = app.isBroken('rental-history');
  // Rentals are stored with their pick-up time; the filter is by day, so only the date part counts.
  const startsBy = (rental: Rental, to: string): boolean =>
    broken ? rental.start <= to : rental.start.slice(0, 10) <= to;
  return {
    routes: [
      {
        method: 'GET',
        path: RENTALS_PATH,
        handle: (ctx) => {
          const from = dateParam(ctx.url.searchParams.get('from'));
          const to = dateParam(ctx.url.searchParams.get('to'));
          const backwards = from !== '' && to !== '' && from > to;
          const filtered = !backwards && (from !== '' || to !== '');
          const shown = filtered
            ? RENTALS.filter(
                (r) => (from === '' || r.start.slice(0, 10) >= from) && (to === '' || startsBy(r, to)),
              )
            : RENTALS;
          const range =
            from !== '' && to !== ''
              ? `between ${shortDate(from)} and ${shortDate(to)}`
              : from !== ''
                ? `from ${shortDate(from)}`
                : `up to ${shortDate(to)}`;
          const summary = !filtered
            ? `Showing all ${RENTALS.length} rentals`
            : shown.length === 0
              ? `No rentals ${range}.`
              : `Showing ${shown.length} of ${RENTALS.length} rentals`;
          renderPage(app, ctx, {
            title: 'Your bike rentals',
            body: html`<h1>Your bike rentals</h1>
              <p>Every bike you have hired from Demo Shop Bike Hire, newest first.</p>
              <form method="get" action="${RENTALS_PATH}" class="date-filter" aria-label="Filter by date">
                <div>
                  <label for="rentals-from">From</label>
                  <input type="date" id="rentals-from" name="from" value="${from}" />
                </div>
                <div>
                  <label for="rentals-to">To</label>
                  <input type="date" id="rentals-to" name="to" value="${to}" />
                </div>
                <div class="filter-actions">
                  <button type="submit">Show rentals</button>
                  <a href="${RENTALS_PATH}">Clear dates</a>
                </div>
              </form>
              ${
                backwards
                  ? html`<p id="rentals-error" class="alert" role="alert">
                      The From date must be on or before the To date.
                    </p>`
                  : ''
              }
              <p id="rentals-summary" role="status">${summary}</p>
              ${
                shown.length === 0
                  ? ''
                  : html`<table>
                      <caption class="visually-hidden">
                        Rentals
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Rental</th>
                          <th scope="col">Picked up</th>
                          <th scope="col">Bike</th>
                          <th scope="col">Hire</th>
                          <th scope="col">Price</th>
                        </tr>
                      </thead>
                      <tbody>
                        ${shown.map(
                          (r) =>
                            html`<tr>
                              <th scope="row">${r.ref}</th>
                              <td>${shortDate(r.start)}, ${r.start.slice(11)}</td>
                              <td>${r.bike}</td>
                              <td>${r.hire}</td>
                              <td>${r.price}</td>
                            </tr>`,
                        )}
                      </tbody>
                    </table>`
              }`,
          });
        },
      },
    ],
  };
}
