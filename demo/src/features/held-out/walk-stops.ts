// Held-out page: the stops of a day's walk, put in order without dragging. "Plan your walk" lists five
// stops (Porthcurno beach, Minack Theatre, Logan Rock, Treen café, Lamorna Cove) in an ordered list;
// each has "Move up" and "Move down" buttons (named for screen readers with the stop too: "Move down:
// Minack Theatre"), the first stop's Move up and the last stop's Move down disabled. A move happens in
// the browser, keeps the focus on the button pressed (or on the other one when it reaches an end) and
// is announced: "Minack Theatre is now stop 3 of 5." "Save order" sends the order to the server, which
// keeps it per visitor (so it survives a reload) and answers "Saved. Your walk: Porthcurno beach, Logan
// Rock, Minack Theatre, Treen café, Lamorna Cove." Broken, Move down moves a stop two places instead of
// one (the index is bumped once for the stop taken out and once more to get past its neighbour):
// Minack Theatre, moved down from stop 2, lands after Treen café as stop 4. Next to last, it still
// reaches the end, and Move up is right.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { HttpError, readJsonObject, sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import { VisitorScoped } from '../../server/visitors';

export const WALK_PLAN_PATH = '/walk-plan';

export const WALK_STOPS: readonly { readonly id: string; readonly name: string; readonly note: string }[] = [
  { id: 'porthcurno', name: 'Porthcurno beach', note: 'Start, car park by the beach' },
  { id: 'minack', name: 'Minack Theatre', note: 'Open-air theatre in the cliff, 30 min' },
  { id: 'logan', name: 'Logan Rock', note: 'The rocking stone on the headland' },
  { id: 'treen', name: 'Treen café', note: 'Lunch, closes at 4 pm' },
  { id: 'lamorna', name: 'Lamorna Cove', note: 'Bus back from the cove' },
];

function savedText(names: readonly string[]): string {
  return `Saved. Your walk: ${names.join(', ')}.`;
}

function walkScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(WALK_PLAN_PATH)};
  var list = document.getElementById('stop-list');
  var status = document.getElementById('walk-status');
  var error = document.getElementById('walk-error');
  var save = document.getElementById('save-order');
  function items() { return Array.prototype.slice.call(list.children); }
  function refresh() {
    var all = items();
    all.forEach(function (item, i) {
      item.querySelector('.move-up').disabled = i === 0;
      item.querySelector('.move-down').disabled = i === all.length - 1;
    });
  }
  function move(item, up) {
    var all = items();
    var from = all.indexOf(item);
    all.splice(from, 1);
    var to = up ? from - 1 : from + ${broken ? '2' : '1'};
    if (to < 0) return;
    all.splice(to, 0, item);
    list.append.apply(list, all);
    refresh();
    var position = items().indexOf(item) + 1;
    var pressed = item.querySelector(up ? '.move-up' : '.move-down');
    (pressed.disabled ? item.querySelector(up ? '.move-down' : '.move-up') : pressed).focus();
    error.textContent = '';
    status.textContent = item.getAttribute('data-name') + ' is now stop ' + position + ' of ' + all.length + '.';
  }
  list.addEventListener('click', function (event) {
    var button = event.target.closest('button');
    if (button === null || button.disabled) return;
    move(button.closest('li'), button.classList.contains('move-up'));
  });
  save.addEventListener('click', function () {
    save.disabled = true;
    error.textContent = '';
    fetch(base + '/order', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ order: items().map(function (item) { return item.getAttribute('data-id'); }) }),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
          return data;
        });
      })
      .then(function (data) {
        save.disabled = false;
        status.textContent = data.message;
      })
      .catch(function (err) {
        save.disabled = false;
        error.textContent = err.message;
      });
  });
  refresh();
})();
`;
}

export function walkStops(app: AppContext): FeatureModule {
  const orders = new VisitorScoped<{ ids: readonly string[] }>(() => ({ ids: WALK_STOPS.map((s) => s.id) }));
  return {
    scripts: { 'walk-stops': walkScript(app.isBroken('walk-stops')) },
    routes: [
      {
        method: 'GET',
        path: WALK_PLAN_PATH,
        handle: (ctx) => {
          const stops = orders
            .get(ctx.visitorId)
            .ids.map((id) => WALK_STOPS.find((s) => s.id === id))
            .filter((s) => s !== undefined);
          renderPage(app, ctx, {
            title: 'Plan your walk',
            scripts: ['walk-stops'],
            body: html`<h1>Plan your walk</h1>
              <p>
                Saturday's coast walk, about 9 miles. Put the stops in the order you want to walk them, then
                save the order so the group sees it.
              </p>
              <ol id="stop-list" class="stops" aria-label="Stops">
                ${stops.map(
                  (s, i) =>
                    html`<li data-id="${s.id}" data-name="${s.name}">
                      <article class="stop">
                        <h2>${s.name}</h2>
                        <p class="hint">${s.note}</p>
                        <div class="stop-actions">
                          <button
                            type="button"
                            class="secondary move-up"
                            aria-label="Move up: ${s.name}"
                            ${i === 0 ? html`disabled` : ''}
                          >
                            Move up
                          </button>
                          <button
                            type="button"
                            class="secondary move-down"
                            aria-label="Move down: ${s.name}"
                            ${i === stops.length - 1 ? html`disabled` : ''}
                          >
                            Move down
                          </button>
                        </div>
                      </article>
                    </li>`,
                )}
              </ol>
              <p id="walk-error" role="alert"></p>
              <p id="walk-status" role="status"></p>
              <button type="button" id="save-order">Save order</button>`,
          });
        },
      },
      {
        method: 'POST',
        path: `${WALK_PLAN_PATH}/order`,
        handle: async (ctx) => {
          const body = await readJsonObject(ctx.req);
          const order = body['order'];
          if (!Array.isArray(order) || !order.every((id) => typeof id === 'string')) {
            throw new HttpError(400, 'order must be a list of stop ids');
          }
          const ids = order;
          const known = WALK_STOPS.map((s) => s.id);
          if (ids.length !== known.length || !known.every((id) => ids.includes(id))) {
            sendJson(ctx.res, 400, {
              error: 'The list of stops has changed. Reload the page and try again.',
            });
            return;
          }
          orders.get(ctx.visitorId).ids = ids;
          const names = ids.map((id) => WALK_STOPS.find((s) => s.id === id)?.name ?? id);
          sendJson(ctx.res, 200, { order: ids, message: savedText(names) });
        },
      },
    ],
  };
}
