// Held-out page: a pancake recipe whose quantities follow the number of servings. "Servings" is a
// number box (1 to 12, starting at 4) between a "Fewer servings" and a "More servings" button (disabled
// at 1 and at 12); "Serves 4" is said under it, and the ingredients are worked out in the browser on
// every change, typed or clicked: 200 g plain flour, 2 eggs, 500 ml milk and 20 g butter for 4, 300 g,
// 3 eggs, 750 ml and 30 g for 6 (eggs by the half: "2½ eggs" for 5, "½ egg" for 1); a pinch of salt
// stays a pinch. A number out of range (or none) shows an alert and leaves the quantities as they were.
// Broken, the quantities are worked out before the new number is stored (two lines the wrong way
// round), so they are always those of the number before: "Serves 6" over 250 g of flour after two
// clicks from 4, and a 6 typed over the 4 still shows 200 g.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const RECIPE_PATH = '/recipe';
export const RECIPE_SERVINGS = 4;
const MIN_SERVINGS = 1;
const MAX_SERVINGS = 12;

interface Ingredient {
  readonly id: string;
  /** For the recipe's own servings; null: not scaled. */
  readonly amount: number | null;
  /** 'g' and 'ml' follow the number; '' counts things, written in halves. */
  readonly unit: 'g' | 'ml' | '';
  /** After the amount: [one, more than one]. */
  readonly what: readonly [string, string];
}

export const RECIPE_INGREDIENTS: readonly Ingredient[] = [
  { id: 'flour', amount: 200, unit: 'g', what: ['plain flour', 'plain flour'] },
  { id: 'eggs', amount: 2, unit: '', what: ['egg', 'eggs'] },
  { id: 'milk', amount: 500, unit: 'ml', what: ['milk', 'milk'] },
  { id: 'butter', amount: 20, unit: 'g', what: ['butter, melted', 'butter, melted'] },
  { id: 'salt', amount: null, unit: '', what: ['A pinch of salt', 'A pinch of salt'] },
];

/** The same rule in the page and on the server (for the first render). */
function quantity(amount: number | null, unit: string, what: readonly string[]): string {
  if (amount === null) return what[0] ?? '';
  if (unit !== '') return `${Math.round(amount)} ${unit} ${what[0]}`;
  const halves = Math.round(amount * 2);
  const whole = Math.floor(halves / 2);
  const number = (whole === 0 ? '' : String(whole)) + (halves % 2 === 1 ? '\u00bd' : '');
  return `${number} ${halves > 2 ? what[1] : what[0]}`;
}

function recipeScript(broken: boolean): string {
  return `(function () {
  var BASE = ${RECIPE_SERVINGS};
  var ingredients = ${JSON.stringify(RECIPE_INGREDIENTS)};
  var quantity = ${quantity.toString()};
  var box = document.getElementById('servings');
  var fewer = document.getElementById('fewer-servings');
  var more = document.getElementById('more-servings');
  var serves = document.getElementById('serves');
  var error = document.getElementById('servings-error');
  var servings = BASE;
  function scale() {
    ingredients.forEach(function (item) {
      var amount = item.amount === null ? null : item.amount * servings / BASE;
      document.getElementById('ingredient-' + item.id).textContent = quantity(amount, item.unit, item.what);
    });
  }
  function show(n) {
    error.textContent = '';
    serves.textContent = 'Serves ' + n;
    fewer.disabled = n <= ${MIN_SERVINGS};
    more.disabled = n >= ${MAX_SERVINGS};
    ${broken ? 'scale();\n    servings = n;' : 'servings = n;\n    scale();'}
  }
  box.addEventListener('input', function () {
    var n = Number(box.value);
    if (box.value.trim() === '' || !Number.isInteger(n) || n < ${MIN_SERVINGS} || n > ${MAX_SERVINGS}) {
      error.textContent = 'Enter a number of servings from ${MIN_SERVINGS} to ${MAX_SERVINGS}.';
      return;
    }
    show(n);
  });
  function step(by) {
    var n = Math.min(${MAX_SERVINGS}, Math.max(${MIN_SERVINGS}, servings + by));
    box.value = String(n);
    show(n);
  }
  fewer.addEventListener('click', function () { step(-1); });
  more.addEventListener('click', function () { step(1); });
  document.getElementById('servings-form').addEventListener('submit', function (event) { event.preventDefault(); });
})();
`;
}

export function recipeScaler(app: AppContext): FeatureModule {
  return {
    scripts: { 'recipe-scaler': recipeScript(app.isBroken('recipe-scaler')) },
    routes: [
      {
        method: 'GET',
        path: RECIPE_PATH,
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Pancakes',
            scripts: ['recipe-scaler'],
            body: html`<h1>Pancakes</h1>
              <p>Thin pancakes for Shrove Tuesday, about three each. Ready in 30 minutes.</p>
              <form id="servings-form" class="servings" novalidate>
                <label for="servings">Servings</label>
                <div class="stepper">
                  <button type="button" id="fewer-servings" class="secondary" aria-label="Fewer servings">
                    −
                  </button>
                  <input
                    type="number"
                    id="servings"
                    name="servings"
                    min="${MIN_SERVINGS}"
                    max="${MAX_SERVINGS}"
                    step="1"
                    value="${RECIPE_SERVINGS}"
                    inputmode="numeric"
                  />
                  <button type="button" id="more-servings" class="secondary" aria-label="More servings">
                    +
                  </button>
                </div>
              </form>
              <p id="servings-error" role="alert"></p>
              <p id="serves" class="price" role="status">Serves ${RECIPE_SERVINGS}</p>
              <h2 id="ingredients-title">Ingredients</h2>
              <ul class="ingredients" aria-labelledby="ingredients-title">
                ${RECIPE_INGREDIENTS.map(
                  (item) =>
                    html`<li id="ingredient-${item.id}">${quantity(item.amount, item.unit, item.what)}</li>`,
                )}
              </ul>
              <h2>Method</h2>
              <ol>
                <li>Whisk the flour, eggs, milk and salt into a smooth batter; stir in the melted butter.</li>
                <li>Heat a frying pan and pour in just enough batter to cover the bottom.</li>
                <li>Cook for a minute on each side until golden. Keep warm while you make the rest.</li>
              </ol>`,
          }),
      },
    ],
  };
}
