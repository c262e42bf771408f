// Held-out page: a board of the jobs for a walking club's open day, moved between columns without
// dragging. "Open day jobs" has three columns, To do, Doing and Done, each a section whose heading
// counts its cards ("To do (3)"): Book the village hall, Print the posters and Borrow a tea urn to do,
// Email the walk leaders and Plan the short walk being done, Choose a date done. Every card has a "Move
// to" select listing the two other columns (named for screen readers with the card: "Move Print the
// posters to") and a "Move" button ("Move Print the posters"). A move is sent to the server, which keeps
// the board per visitor (it survives a reload); the card goes to the bottom of the column chosen, the
// headings' counts follow, the focus stays on the card's Move button and the page says 'Moved "Print the
// posters" to Done.' Broken, the column is taken by the option's position in a list of all three columns
// (as when the select still listed every column), so a card moved to a column to its right lands one
// column short: Print the posters, moved to Done, goes to Doing ('Moved "Print the posters" to Doing.',
// "Doing (3)", "Done (1)"), and moved to Doing it stays in To do; moves to the left are right.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { HttpError, readJsonObject, sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import { VisitorScoped } from '../../server/visitors';

export const BOARD_PATH = '/board';

export const BOARD_COLUMNS: readonly { readonly id: string; readonly name: string }[] = [
  { id: 'todo', name: 'To do' },
  { id: 'doing', name: 'Doing' },
  { id: 'done', name: 'Done' },
];

/** The board as it starts: each column's cards, top first. */
const FIRST_BOARD: Readonly<Record<string, readonly (readonly [id: string, title: string])[]>> = {
  todo: [
    ['hall', 'Book the village hall'],
    ['posters', 'Print the posters'],
    ['urn', 'Borrow a tea urn'],
  ],
  doing: [
    ['leaders', 'Email the walk leaders'],
    ['route', 'Plan the short walk'],
  ],
  done: [['date', 'Choose a date']],
};

export const BOARD_CARDS = Object.entries(FIRST_BOARD).flatMap(([column, cards]) =>
  cards.map(([id, title]) => ({ id, title, column })),
);

interface Placed {
  readonly id: string;
  readonly column: string;
}

function boardScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(BOARD_PATH)};
  var columns = ${JSON.stringify(BOARD_COLUMNS)};
  var status = document.getElementById('board-status');
  var error = document.getElementById('board-error');
  function list(id) { return document.getElementById('cards-' + id); }
  function refresh() {
    columns.forEach(function (c) {
      document.getElementById('count-' + c.id).textContent = '(' + list(c.id).children.length + ')';
    });
  }
  function fillOptions(select, current) {
    select.replaceChildren.apply(select, columns.filter(function (c) { return c.id !== current; }).map(function (c) {
      var option = document.createElement('option');
      option.value = c.id;
      option.textContent = c.name;
      return option;
    }));
  }
  document.querySelector('.board').addEventListener('click', function (event) {
    var button = event.target.closest('.move-card');
    if (button === null) return;
    var item = button.closest('li');
    var select = item.querySelector('select');
    // The select lists the columns other than the card's own.
    var target = ${broken ? 'columns[select.selectedIndex].id' : 'select.value'};
    button.disabled = true;
    status.textContent = '';
    error.textContent = '';
    fetch(base + '/move', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ card: item.getAttribute('data-id'), column: target }),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
          list(target).append(item);
          fillOptions(select, target);
          refresh();
          status.textContent = data.message;
        });
      })
      .catch(function (err) { error.textContent = err.message; })
      .then(function () {
        button.disabled = false;
        button.focus();
      });
  });
})();
`;
}

export function openDayBoard(app: AppContext): FeatureModule {
  const boards = new VisitorScoped<{ cards: readonly Placed[] }>(() => ({
    cards: BOARD_CARDS.map((c) => ({ id: c.id, column: c.column })),
  }));
  return {
    scripts: { 'open-day-board': boardScript(app.isBroken('open-day-board')) },
    routes: [
      {
        method: 'GET',
        path: BOARD_PATH,
        handle: (ctx) => {
          const placed = boards.get(ctx.visitorId).cards;
          renderPage(app, ctx, {
            title: 'Open day jobs',
            scripts: ['open-day-board'],
            body: html`<h1>Open day jobs</h1>
              <p>
                Everything to get ready for the club's open day on 12 September. Move a job along as it gets
                done.
              </p>
              <p id="board-error" role="alert"></p>
              <p id="board-status" role="status"></p>
              <div class="board">
                ${BOARD_COLUMNS.map((column) => {
                  const cards = placed
                    .filter((p) => p.column === column.id)
                    .map((p) => BOARD_CARDS.find((c) => c.id === p.id))
                    .filter((c) => c !== undefined);
                  return html`<section class="board-column" aria-labelledby="column-${column.id}">
                    <h2 id="column-${column.id}">
                      ${column.name} <span id="count-${column.id}">(${cards.length})</span>
                    </h2>
                    <ul id="cards-${column.id}" class="cards" aria-label="${column.name}">
                      ${cards.map(
                        (card) =>
                          html`<li data-id="${card.id}">
                            <article class="card">
                              <h3>${card.title}</h3>
                              <div class="move-row">
                                <label for="move-${card.id}"
                                  >Move<span class="visually-hidden"> ${card.title}</span> to</label
                                >
                                <select id="move-${card.id}">
                                  ${BOARD_COLUMNS.filter((c) => c.id !== column.id).map(
                                    (c) => html`<option value="${c.id}">${c.name}</option>`,
                                  )}
                                </select>
                                <button
                                  type="button"
                                  class="secondary move-card"
                                  aria-label="Move ${card.title}"
                                >
                                  Move
                                </button>
                              </div>
                            </article>
                          </li>`,
                      )}
                    </ul>
                  </section>`;
                })}
              </div>`,
          });
        },
      },
      {
        method: 'POST',
        path: `${BOARD_PATH}/move`,
        handle: async (ctx) => {
          const body = await readJsonObject(ctx.req);
          const card = BOARD_CARDS.find((c) => c.id === body['card']);
          const column = BOARD_COLUMNS.find((c) => c.id === body['column']);
          if (card === undefined || column === undefined) throw new HttpError(400, 'unknown card or column');
          const board = boards.get(ctx.visitorId);
          // The card goes to the bottom of its new column.
          board.cards = [...board.cards.filter((p) => p.id !== card.id), { id: card.id, column: column.id }];
          sendJson(ctx.res, 200, { message: `Moved "${card.title}" to ${column.name}.` });
        },
      },
    ],
  };
}
