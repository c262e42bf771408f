// Held-out page: booking tickets for a group, one fieldset per person added and removed in the page.
// "Book the midsummer lantern walk" asks "Who is coming?": one fieldset, "Person 1", with a "Name" box
// and a "Ticket" select (Adult, £12; Child (5 to 15), £6). "Add another person" adds "Person 2" (up to
// six; the focus goes to its Name box) and then every person has a "Remove" button, named for its
// person ("Remove person 2"); after a remove the people below move up and are numbered again. A running
// line says "3 people, total £36" (a child counts £6) on every change. "Continue" posts the form: "Check
// your tickets" lists each person ("Ann Lee, Adult, £12") and the same running line; a person without a
// name is refused with the alert "Enter a name for person 2.". Broken, Remove takes away the last person
// whatever button was pressed (the handler kept from a single "Remove last person" button): with Ann,
// Ben and Cat, "Remove person 2" leaves Ann and Ben, and with Ben a child the total says £18 instead of
// £24 (the count is right); the booking sent is of the people left.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { readForm } from '../../server/http';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';

export const TICKETS_PATH = '/tickets';
const MAX_PEOPLE = 6;

export const TICKET_TYPES: readonly {
  readonly value: string;
  readonly label: string;
  readonly pounds: number;
}[] = [
  { value: 'adult', label: 'Adult', pounds: 12 },
  { value: 'child', label: 'Child (5 to 15)', pounds: 6 },
];

interface Person {
  readonly name: string;
  readonly ticket: string;
}

function ticketFor(value: string): (typeof TICKET_TYPES)[number] {
  return TICKET_TYPES.find((t) => t.value === value) ?? TICKET_TYPES[0]!;
}

function runningLine(people: readonly Person[]): string {
  const total = people.reduce((sum, p) => sum + ticketFor(p.ticket).pounds, 0);
  return `${people.length} ${people.length === 1 ? 'person' : 'people'}, total £${total}`;
}

function ticketsScript(broken: boolean): string {
  return `(function () {
  var MAX = ${MAX_PEOPLE};
  var prices = ${JSON.stringify(Object.fromEntries(TICKET_TYPES.map((t) => [t.value, t.pounds])))};
  var list = document.getElementById('people');
  var add = document.getElementById('add-person');
  var full = document.getElementById('people-full');
  var line = document.getElementById('ticket-total');
  function people() { return Array.from(list.querySelectorAll('fieldset.person')); }
  function renumber() {
    var all = people();
    var total = 0;
    all.forEach(function (set, i) {
      var n = i + 1;
      set.querySelector('legend').textContent = 'Person ' + n;
      var name = set.querySelector('input');
      var ticket = set.querySelector('select');
      name.id = 'person-' + n + '-name';
      ticket.id = 'person-' + n + '-ticket';
      set.querySelector('label.name-label').htmlFor = name.id;
      set.querySelector('label.ticket-label').htmlFor = ticket.id;
      set.querySelector('.remove-person .visually-hidden').textContent = ' person ' + n;
      set.querySelector('.remove-person').hidden = all.length === 1;
      total += prices[ticket.value] || 0;
    });
    add.hidden = all.length >= MAX;
    full.hidden = all.length < MAX;
    line.textContent = all.length + (all.length === 1 ? ' person' : ' people') + ', total \\u00a3' + total;
  }
  add.addEventListener('click', function () {
    if (people().length >= MAX) return;
    var set = people()[0].cloneNode(true);
    var name = set.querySelector('input');
    name.value = '';
    name.removeAttribute('aria-invalid');
    set.querySelector('select').selectedIndex = 0;
    list.append(set);
    renumber();
    name.focus();
  });
  list.addEventListener('click', function (event) {
    var button = event.target.closest('.remove-person');
    if (button === null) return;
    var chosen = button.closest('fieldset');
    var index = people().indexOf(chosen);
    ${broken ? 'people()[people().length - 1].remove();' : 'chosen.remove();'}
    renumber();
    var all = people();
    all[Math.min(index, all.length - 1)].querySelector('input').focus();
  });
  list.addEventListener('change', renumber);
  renumber();
})();
`;
}

export function walkTickets(app: AppContext): FeatureModule {
  const form = (ctx: RequestContext, people: readonly Person[], error: string, missing: number): void => {
    renderPage(app, ctx, {
      title: 'Book the midsummer lantern walk',
      status: error === '' ? 200 : 422,
      scripts: ['walk-tickets'],
      body: html`<h1>Book the midsummer lantern walk</h1>
        <p>
          Saturday 20 June 2026, 9pm from Sennen Cove car park, back by 11pm. Adults £12, children (5 to 15)
          £6.
        </p>
        <form class="stack" method="post" action="${TICKETS_PATH}" novalidate>
          <h2>Who is coming?</h2>
          <div id="people" class="people">
            ${people.map(
              (person, i) =>
                html`<fieldset class="person">
                  <legend>Person ${i + 1}</legend>
                  <label class="name-label" for="person-${i + 1}-name">Name</label>
                  <input
                    id="person-${i + 1}-name"
                    name="name"
                    value="${person.name}"
                    autocomplete="off"
                    ${missing === i ? html`aria-invalid="true"` : ''}
                  />
                  <label class="ticket-label" for="person-${i + 1}-ticket">Ticket</label>
                  <select id="person-${i + 1}-ticket" name="ticket">
                    ${TICKET_TYPES.map(
                      (t) =>
                        html`<option value="${t.value}" ${t.value === person.ticket ? html`selected` : ''}>
                          ${t.label}, £${t.pounds}
                        </option>`,
                    )}
                  </select>
                  <button
                    type="button"
                    class="secondary remove-person"
                    ${people.length === 1 ? html`hidden` : ''}
                  >
                    Remove<span class="visually-hidden"> person ${i + 1}</span>
                  </button>
                </fieldset>`,
            )}
          </div>
          <button
            type="button"
            id="add-person"
            class="secondary"
            ${people.length >= MAX_PEOPLE ? html`hidden` : ''}
          >
            Add another person
          </button>
          <p id="people-full" class="hint" ${people.length >= MAX_PEOPLE ? '' : html`hidden`}>
            You can book for up to ${MAX_PEOPLE} people at a time.
          </p>
          <p id="ticket-total" class="price" role="status">${runningLine(people)}</p>
          <p id="tickets-error" role="alert">${error}</p>
          <div class="form-actions">
            <button type="submit">Continue</button>
          </div>
        </form>`,
    });
  };

  return {
    scripts: { 'walk-tickets': ticketsScript(app.isBroken('walk-tickets')) },
    routes: [
      {
        method: 'GET',
        path: TICKETS_PATH,
        handle: (ctx) => form(ctx, [{ name: '', ticket: 'adult' }], '', -1),
      },
      {
        method: 'POST',
        path: TICKETS_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const names = posted.getAll('name').slice(0, MAX_PEOPLE);
          const tickets = posted.getAll('ticket');
          const people: Person[] = names.map((name, i) => ({
            name: name.trim().replace(/\s+/g, ' ').slice(0, 80),
            ticket: ticketFor(tickets[i] ?? '').value,
          }));
          if (people.length === 0) people.push({ name: '', ticket: 'adult' });
          const missing = people.findIndex((p) => p.name === '');
          if (missing >= 0) {
            form(ctx, people, `Enter a name for person ${missing + 1}.`, missing);
            return;
          }
          renderPage(app, ctx, {
            title: 'Check your tickets',
            body: html`<h1>Check your tickets</h1>
              <p>Midsummer lantern walk, Saturday 20 June 2026 at 9pm.</p>
              <ul class="ticket-list" aria-label="Tickets">
                ${people.map((p) => {
                  const t = ticketFor(p.ticket);
                  return html`<li>${p.name}, ${t.label}, £${t.pounds}</li>`;
                })}
              </ul>
              <p id="tickets-summary" class="price">${runningLine(people)}</p>
              <p><a href="${TICKETS_PATH}">Start again</a></p>`,
          });
        },
      },
    ],
  };
}
