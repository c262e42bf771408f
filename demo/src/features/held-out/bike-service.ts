// Held-out page: booking a bike service at the shop's workshop (in Penzance, on British Summer Time).
// "Book a bike service" has a "Service" select (Safety check $25, Standard service $45 to start, Full
// service $80) and "Choose a time on Thursday 4 June 2026", a group of radio buttons from 09:00 to
// 15:30; the slots already taken (10:00, 11:00, 12:00, 14:30) are disabled and labelled "Taken".
// "Book this slot" posts the form; the server answers "Service booked" with 'Your full service is booked
// for Thursday 4 June 2026 at 11:30.' and the price, and keeps the booking per visitor: back on the
// page, "Your booking: Full service on Thursday 4 June 2026 at 11:30." is shown above the form and that
// slot is marked "Your booking" (booking again moves it). No time chosen is refused with the alert
// "Choose a time for your service." (in the browser and on the server), a taken slot posted anyway with
// "Sorry, 10:00 has just been taken. Choose another time." Broken, the server writes the booked time
// out in UTC instead of the workshop's time: an 11:30 booking is confirmed as "at 10:30", and "Your
// booking" says 10:30 too (the slot marked on the page is still 11:30).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { field, readForm } from '../../server/http';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';

export const BIKE_SERVICE_PATH = '/bike-service';

export const SERVICES: readonly { readonly value: string; readonly label: string; readonly price: number }[] =
  [
    { value: 'safety', label: 'Safety check', price: 25 },
    { value: 'standard', label: 'Standard service', price: 45 },
    { value: 'full', label: 'Full service', price: 80 },
  ];

/** The workshop's day, each slot an instant with the shop's offset (British Summer Time). */
export const SERVICE_SLOTS: readonly { readonly time: string; readonly taken: boolean }[] = [
  ['09:00', false],
  ['09:30', false],
  ['10:00', true],
  ['10:30', false],
  ['11:00', true],
  ['11:30', false],
  ['12:00', true],
  ['13:30', false],
  ['14:00', false],
  ['14:30', true],
  ['15:00', false],
  ['15:30', false],
].map(([time, taken]) => ({ time: time as string, taken: taken as boolean }));

const SERVICE_DAY = '2026-06-04';
const SHOP_OFFSET = '+01:00';
const NO_SLOT = 'Choose a time for your service.';

function slotValue(time: string): string {
  return `${SERVICE_DAY}T${time}:00${SHOP_OFFSET}`;
}

interface Booking {
  readonly service: (typeof SERVICES)[number];
  /** The slot's instant, as posted. */
  readonly at: string;
}

const SERVICE_SCRIPT = `(function () {
  var form = document.getElementById('service-form');
  var error = document.getElementById('service-error');
  form.addEventListener('change', function () {
    error.textContent = '';
  });
  form.addEventListener('submit', function (event) {
    if (form.querySelector('input[name="slot"]:checked') !== null) return;
    event.preventDefault();
    error.textContent = ${JSON.stringify(NO_SLOT)};
    var first = form.querySelector('input[name="slot"]:not(:disabled)');
    if (first !== null) first.focus();
  });
})();
`;

export function bikeService(app: AppContext): FeatureModule {
  const broken = app.isBroken('bike-service');
  // Broken: formatted without the shop's time zone, i.e. in UTC.
  const timeZone = broken ? 'UTC' : 'Europe/London';
  const dayFormat = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
  const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });
  const when = (at: string): string => {
    const date = new Date(at);
    return `${dayFormat.format(date).replace(',', '')} at ${timeFormat.format(date)}`;
  };
  const bookings = new VisitorScoped<{ current: Booking | undefined }>(() => ({ current: undefined }));

  const form = (ctx: RequestContext, chosen: { service: string; slot: string }, error: string): void => {
    const mine = bookings.get(ctx.visitorId).current;
    renderPage(app, ctx, {
      title: 'Book a bike service',
      status: error === '' ? 200 : 422,
      scripts: ['bike-service'],
      body: html`<h1>Book a bike service</h1>
        <p>Our workshop in Penzance services your bike while you wait or by the end of the day.</p>
        ${
          mine === undefined
            ? ''
            : html`<p id="my-booking" class="success">
                Your booking: ${mine.service.label} on ${when(mine.at)}. Choose another time to move it.
              </p>`
        }
        <form id="service-form" class="stack" method="post" action="${BIKE_SERVICE_PATH}" novalidate>
          <label for="service-type">Service</label>
          <select id="service-type" name="service">
            ${SERVICES.map(
              (s) =>
                html`<option value="${s.value}" ${chosen.service === s.value ? html`selected` : ''}>
                  ${s.label} ($${s.price})
                </option>`,
            )}
          </select>
          <fieldset>
            <legend>Choose a time on Thursday 4 June 2026</legend>
            <div class="slots">
              ${SERVICE_SLOTS.map((slot) => {
                const value = slotValue(slot.time);
                const yours = mine?.at === value;
                const closed = slot.taken || yours;
                return html`<div class="slot">
                  <input
                    type="radio"
                    id="slot-${slot.time.replace(':', '')}"
                    name="slot"
                    value="${value}"
                    ${closed ? html`disabled` : ''}
                    ${!closed && chosen.slot === value ? html`checked` : ''}
                  />
                  <label for="slot-${slot.time.replace(':', '')}"
                    >${slot.time}${
                      closed ? html` <span class="slot-note">${yours ? 'Your booking' : 'Taken'}</span>` : ''
                    }</label
                  >
                </div>`;
              })}
            </div>
          </fieldset>
          <p id="service-error" role="alert">${error}</p>
          <div class="form-actions">
            <button type="submit">Book this slot</button>
          </div>
        </form>`,
    });
  };

  return {
    scripts: { 'bike-service': SERVICE_SCRIPT },
    routes: [
      {
        method: 'GET',
        path: BIKE_SERVICE_PATH,
        handle: (ctx) => form(ctx, { service: 'standard', slot: '' }, ''),
      },
      {
        method: 'POST',
        path: BIKE_SERVICE_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const service = SERVICES.find((s) => s.value === field(posted, 'service', 20)) ?? SERVICES[1]!;
          const at = field(posted, 'slot', 40);
          const slot = SERVICE_SLOTS.find((s) => slotValue(s.time) === at);
          const chosen = { service: service.value, slot: at };
          if (slot === undefined) {
            form(ctx, chosen, NO_SLOT);
            return;
          }
          const mine = bookings.get(ctx.visitorId);
          if (slot.taken) {
            form(ctx, chosen, `Sorry, ${slot.time} has just been taken. Choose another time.`);
            return;
          }
          mine.current = { service, at };
          renderPage(app, ctx, {
            title: 'Service booked',
            body: html`<h1>Service booked</h1>
              <p id="service-done" class="success" role="status">
                Your ${service.label.toLowerCase()} is booked for ${when(at)}.
              </p>
              <p>Price: $${service.price}, paid when you collect your bike.</p>
              <p><a href="${BIKE_SERVICE_PATH}">Change your booking</a></p>`,
          });
        },
      },
    ],
  };
}
