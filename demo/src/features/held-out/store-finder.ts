// Held-out page: "Find a store", a search-as-you-type town box (an ARIA 1.2 combobox). From the second
// letter typed, a listbox under the box suggests the towns with a shop whose name starts with what was
// typed (at most six, in alphabetical order; "3 suggestions available." is announced), picked with the
// mouse or with the arrow keys and Enter (Escape closes the list). Picking one fills the box with the
// town ("Porto, Portugal") and lists its shops under "2 stores in Porto, Portugal". All in the browser.
// Broken, the suggestion picked is looked up by its position in the whole list of towns instead of the
// suggestions: "Portland, United States", the second suggestion for "port", opens Amsterdam, the
// second town of all (the box reads "Amsterdam, Netherlands" and its two stores are listed).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** Alphabetical, as the suggestions are shown. */
export const STORE_TOWNS = [
  { name: 'Aberdeen', country: 'United Kingdom', stores: ['140 Union Street'] },
  { name: 'Amsterdam', country: 'Netherlands', stores: ['Kalverstraat 92', 'Ferdinand Bolstraat 25'] },
  { name: 'Antwerp', country: 'Belgium', stores: ['Meir 48'] },
  { name: 'Barcelona', country: 'Spain', stores: ['Carrer de Pelai 20'] },
  { name: 'Bergen', country: 'Norway', stores: ['Torgallmenningen 7'] },
  { name: 'Berlin', country: 'Germany', stores: ['Kastanienallee 31', 'Bergmannstraße 12'] },
  { name: 'Bern', country: 'Switzerland', stores: ['Marktgasse 19'] },
  { name: 'Bordeaux', country: 'France', stores: ['88 Rue Sainte-Catherine'] },
  { name: 'Bristol', country: 'United Kingdom', stores: ['61 Park Street'] },
  { name: 'Dublin', country: 'Ireland', stores: ['44 Grafton Street'] },
  { name: 'Lisbon', country: 'Portugal', stores: ['Rua Augusta 210'] },
  { name: 'Madrid', country: 'Spain', stores: ['Calle de Fuencarral 56'] },
  { name: 'Manchester', country: 'United Kingdom', stores: ['15 Oldham Street'] },
  { name: 'Marseille', country: 'France', stores: ['102 Rue Paradis'] },
  { name: 'Milan', country: 'Italy', stores: ['Corso Buenos Aires 33'] },
  { name: 'Munich', country: 'Germany', stores: ['Sendlinger Straße 9'] },
  { name: 'Porto', country: 'Portugal', stores: ['Rua de Santa Catarina 112', 'Rua de Cedofeita 250'] },
  { name: 'Portland', country: 'United States', stores: ['710 NW 23rd Avenue'] },
  { name: 'Portsmouth', country: 'United Kingdom', stores: ['27 Palmerston Road'] },
  { name: 'Prague', country: 'Czechia', stores: ['Vodičkova 18'] },
  { name: 'Rotterdam', country: 'Netherlands', stores: ['Witte de Withstraat 40'] },
  { name: 'Vienna', country: 'Austria', stores: ['Mariahilfer Straße 77', 'Landstraßer Hauptstraße 15'] },
] as const;

const MAX_SUGGESTIONS = 6;

function storeFinderScript(broken: boolean): string {
  return `(function () {
  var towns = ${JSON.stringify(STORE_TOWNS)};
  var max = ${MAX_SUGGESTIONS};
  var input = document.getElementById('store-town');
  var listbox = document.getElementById('store-town-suggestions');
  var announce = document.getElementById('store-town-count');
  var heading = document.getElementById('store-results-heading');
  var results = document.getElementById('store-results');
  var matches = [];
  var active = -1;
  function label(town) { return town.name + ', ' + town.country; }
  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }
  function highlight(index) {
    var options = listbox.querySelectorAll('[role=option]');
    active = index;
    options.forEach(function (option, i) { option.setAttribute('aria-selected', i === index ? 'true' : 'false'); });
    if (index < 0) input.removeAttribute('aria-activedescendant');
    else input.setAttribute('aria-activedescendant', options[index].id);
  }
  function suggest() {
    var typed = input.value.trim().toLowerCase();
    matches = typed.length < 2 ? [] : towns.filter(function (t) { return t.name.toLowerCase().indexOf(typed) === 0; }).slice(0, max);
    listbox.replaceChildren();
    if (typed.length < 2) {
      announce.textContent = '';
      close();
      return;
    }
    if (matches.length === 0) {
      announce.textContent = 'No matching towns.';
      close();
      return;
    }
    matches.forEach(function (town, i) {
      var option = document.createElement('li');
      option.id = 'store-town-option-' + i;
      option.setAttribute('role', 'option');
      option.setAttribute('aria-selected', 'false');
      option.setAttribute('data-index', String(i));
      option.textContent = label(town);
      listbox.append(option);
    });
    announce.textContent = matches.length === 1 ? '1 suggestion available.' : matches.length + ' suggestions available.';
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  }
  function pick(index) {
    var town = ${broken ? 'towns[index]' : 'matches[index]'};
    input.value = label(town);
    close();
    announce.textContent = '';
    heading.textContent = (town.stores.length === 1 ? '1 store' : town.stores.length + ' stores') + ' in ' + label(town);
    results.replaceChildren.apply(results, town.stores.map(function (address) {
      var item = document.createElement('li');
      item.textContent = 'Demo Shop ' + town.name + ', ' + address;
      return item;
    }));
  }
  input.addEventListener('input', suggest);
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (listbox.hidden) suggest();
      if (matches.length === 0) return;
      event.preventDefault();
      var step = event.key === 'ArrowDown' ? 1 : -1;
      highlight((active + step + matches.length) % matches.length);
    } else if (event.key === 'Enter') {
      if (!listbox.hidden && active >= 0) {
        event.preventDefault();
        pick(active);
      }
    } else if (event.key === 'Escape') {
      close();
    }
  });
  listbox.addEventListener('mousedown', function (event) { event.preventDefault(); });
  listbox.addEventListener('click', function (event) {
    var option = event.target.closest('[role=option]');
    if (option !== null) pick(Number(option.getAttribute('data-index')));
  });
  input.addEventListener('blur', close);
  document.getElementById('store-form').addEventListener('submit', function (event) { event.preventDefault(); });
})();
`;
}

export function storeFinder(app: AppContext): FeatureModule {
  return {
    scripts: { 'store-finder': storeFinderScript(app.isBroken('store-finder')) },
    routes: [
      {
        method: 'GET',
        path: '/stores',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Find a store',
            scripts: ['store-finder'],
            body: html`<h1>Find a store</h1>
              <p>
                Try before you buy: we have shops in ${STORE_TOWNS.length} towns, each with every tent
                pitched.
              </p>
              <form id="store-form" class="stack" role="search">
                <label for="store-town">Town or city</label>
                <div class="combobox">
                  <input
                    id="store-town"
                    name="town"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    aria-autocomplete="list"
                    aria-expanded="false"
                    aria-controls="store-town-suggestions"
                    aria-describedby="store-town-hint"
                  />
                  <ul id="store-town-suggestions" role="listbox" aria-label="Suggested towns" hidden></ul>
                </div>
                <p id="store-town-hint" class="hint">Start typing, then choose your town from the list.</p>
              </form>
              <p id="store-town-count" class="visually-hidden" aria-live="polite"></p>
              <section aria-labelledby="store-results-heading">
                <h2 id="store-results-heading">Choose a town to see its stores</h2>
                <ul id="store-results" class="store-results"></ul>
              </section>`,
          }),
      },
    ],
  };
}
