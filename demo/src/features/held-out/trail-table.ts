// Held-out page: a table of hiking trails (name, length, elevation gain) with sortable columns, all in
// the browser: each column header is a button; the first click sorts that column ascending (A to Z,
// shortest or lowest first) and sets aria-sort, the next click sorts it descending. Broken, the order
// is reversed: the first click sorts the column from highest to lowest (Z to A) though the header
// says ascending, and the next click the other way.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** In the order the page first shows them (no column sorted). */
export const TRAILS = [
  { name: 'Summit Trail', km: 18.0, climb: 1150 },
  { name: 'Lake Path', km: 5.2, climb: 80 },
  { name: 'Alder Ridge', km: 12.4, climb: 640 },
  { name: 'Brook Walk', km: 3.1, climb: 120 },
  { name: 'Pine Forest Loop', km: 7.8, climb: 45 },
] as const;

const COLUMNS = [
  { key: 'name', label: 'Trail' },
  { key: 'km', label: 'Length' },
  { key: 'climb', label: 'Elevation gain' },
] as const;

function trailTableScript(broken: boolean): string {
  return `(function () {
  var trails = ${JSON.stringify(TRAILS)};
  var body = document.getElementById('trail-rows');
  var status = document.getElementById('sort-status');
  var headers = Array.prototype.slice.call(document.querySelectorAll('th[data-key]'));
  function render() {
    body.replaceChildren.apply(body, trails.map(function (t) {
      var row = document.createElement('tr');
      var name = document.createElement('th');
      name.scope = 'row';
      name.textContent = t.name;
      var km = document.createElement('td');
      km.textContent = t.km.toFixed(1) + ' km';
      var climb = document.createElement('td');
      climb.textContent = t.climb.toLocaleString('en-US') + ' m';
      row.append(name, km, climb);
      return row;
    }));
  }
  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var key = th.getAttribute('data-key');
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var sign = ${broken ? '(ascending ? -1 : 1)' : '(ascending ? 1 : -1)'};
      trails.sort(function (a, b) {
        var x = a[key];
        var y = b[key];
        return sign * (typeof x === 'string' ? x.localeCompare(y) : x - y);
      });
      render();
      status.textContent = 'Sorted by ' + th.querySelector('button').textContent.trim().toLowerCase() + ', ' +
        (ascending ? 'ascending' : 'descending') + '.';
    });
  });
  render();
})();
`;
}

export function trailTable(app: AppContext): FeatureModule {
  return {
    scripts: { 'trail-table': trailTableScript(app.isBroken('trail-table')) },
    routes: [
      {
        method: 'GET',
        path: '/trails',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Trails',
            scripts: ['trail-table'],
            body: html`<h1>Hiking trails</h1>
              <p>Click a column heading to sort the table by it; click it again to reverse the order.</p>
              <table>
                <caption class="visually-hidden">
                  Hiking trails
                </caption>
                <thead>
                  <tr>
                    ${COLUMNS.map(
                      (c) =>
                        html`<th scope="col" data-key="${c.key}">
                          <button type="button" class="secondary">${c.label}</button>
                        </th>`,
                    )}
                  </tr>
                </thead>
                <tbody id="trail-rows">
                  ${TRAILS.map(
                    (t) =>
                      html`<tr>
                        <th scope="row">${t.name}</th>
                        <td>${t.km.toFixed(1)} km</td>
                        <td>${t.climb.toLocaleString('en-US')} m</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              <p id="sort-status" role="status"></p>`,
          }),
      },
    ],
  };
}
