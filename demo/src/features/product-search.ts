// Product search: a search landmark whose box filters the list as you type (and on submit, and
// without JS through ?q=). Broken, the predicate is inverted: the list shows everything that does
// not match, and "No results" never appears.
import { searchProducts } from '../data/products';
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { sendJson } from '../server/http';
import { renderPage } from '../server/layout';
import { productListItems } from './product-list';

export function searchSummary(query: string, count: number): string {
  const q = query.trim();
  if (q === '') return `Showing all ${count} products`;
  if (count === 0) return `No results for “${q}”`;
  return `${count} ${count === 1 ? 'result' : 'results'} for “${q}”`;
}

const SEARCH_JS = `(function () {
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-query');
  var summary = document.getElementById('search-summary');
  var list = document.getElementById('search-results');
  var seq = 0;
  var timer = 0;
  function run() {
    var q = input.value;
    var mine = ++seq;
    list.setAttribute('aria-busy', 'true');
    fetch('/api/search?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
      .then(function (res) { return res.json(); })
      .then(function (data) {
        if (mine !== seq) return; // a newer query is in flight: drop this stale answer
        list.innerHTML = data.html;
        summary.textContent = data.summary;
        list.setAttribute('aria-busy', 'false');
        history.replaceState(null, '', q.trim() === '' ? '/search' : '/search?q=' + encodeURIComponent(q));
      });
  }
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
})();
`;

export function productSearch(app: AppContext): FeatureModule {
  const results = (query: string) => searchProducts(query.slice(0, 100), app.isBroken('product-search'));
  return {
    scripts: { search: SEARCH_JS },
    routes: [
      {
        method: 'GET',
        path: '/search',
        handle: (ctx) => {
          const query = (ctx.url.searchParams.get('q') ?? '').slice(0, 100);
          const found = results(query);
          renderPage(app, ctx, {
            title: 'Search products',
            scripts: ['search'],
            body: html`<h1>Search products</h1>
              <form id="search-form" role="search" method="get" action="/search" class="stack">
                <label for="search-query">Search products</label>
                <input id="search-query" name="q" type="search" autocomplete="off" value="${query}" />
                <div><button type="submit">Search</button></div>
              </form>
              <p id="search-summary" role="status">${searchSummary(query, found.length)}</p>
              <ul id="search-results" aria-label="Search results">
                ${productListItems(found)}
              </ul>`,
          });
        },
      },
      {
        method: 'GET',
        path: '/api/search',
        handle: (ctx) => {
          const query = (ctx.url.searchParams.get('q') ?? '').slice(0, 100);
          const found = results(query);
          sendJson(ctx.res, 200, {
            summary: searchSummary(query, found.length),
            count: found.length,
            html: productListItems(found).value,
          });
        },
      },
    ],
  };
}
