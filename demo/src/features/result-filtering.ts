// Result filtering: a Category select narrows the catalogue and updates "Showing N products"
// (applied on change with JS, or with the Apply button and ?category= without). Broken, the
// filter applies the next category in the list, so both the items and the count are wrong.
import { CATEGORIES, categoryFromParam, filterByCategory, showingText } from '../data/products';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { sendJson } from '../server/http';
import { renderPage } from '../server/layout';
import { productListItems } from './product-list';

const FILTER_JS = `(function () {
  var form = document.getElementById('filter-form');
  var select = document.getElementById('category');
  var count = document.getElementById('filter-count');
  var list = document.getElementById('catalog-results');
  var seq = 0;
  function apply() {
    var category = select.value;
    var mine = ++seq;
    list.setAttribute('aria-busy', 'true');
    fetch('/api/catalog?category=' + encodeURIComponent(category), { headers: { accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        if (mine !== seq) return; // a newer choice is in flight: drop this stale answer
        list.innerHTML = data.html;
        count.textContent = data.summary;
        list.setAttribute('aria-busy', 'false');
        history.replaceState(null, '', category === '' ? '/catalog' : '/catalog?category=' + encodeURIComponent(category));
      });
  }
  select.addEventListener('change', apply);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    apply();
  });
})();
`;

export function resultFiltering(app: AppContext): FeatureModule {
  const filtered = (param: string) => {
    const category = categoryFromParam(param);
    return { category, products: filterByCategory(category, app.isBroken('result-filtering')) };
  };
  return {
    scripts: { filter: FILTER_JS },
    routes: [
      {
        method: 'GET',
        path: '/catalog',
        handle: (ctx) => {
          const { category, products } = filtered(ctx.url.searchParams.get('category') ?? '');
          const options = CATEGORIES.map(
            (c) =>
              html`<option value="${c.toLowerCase()}" ${c === category ? html` selected` : ''}>${c}</option>`,
          );
          renderPage(app, ctx, {
            title: 'Catalogue',
            scripts: ['filter'],
            body: html`<h1>Catalogue</h1>
              <form
                id="filter-form"
                method="get"
                action="/catalog"
                class="stack"
                aria-label="Filter products"
              >
                <label for="category">Category</label>
                <select id="category" name="category">
                  <option value="">All categories</option>
                  ${options}
                </select>
                <div><button type="submit" class="secondary">Apply filter</button></div>
              </form>
              <p id="filter-count" role="status">${showingText(products.length)}</p>
              <ul id="catalog-results" aria-label="Catalogue products">
                ${productListItems(products)}
              </ul>`,
          });
        },
      },
      {
        method: 'GET',
        path: '/api/catalog',
        handle: (ctx) => {
          const { products } = filtered(ctx.url.searchParams.get('category') ?? '');
          sendJson(ctx.res, 200, {
            summary: showingText(products.length),
            count: products.length,
            html: productListItems(products).value,
          });
        },
      },
    ],
  };
}
