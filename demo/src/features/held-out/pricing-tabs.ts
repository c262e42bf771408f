// Held-out page: plans and prices under two tabs, Monthly (selected at first) and Yearly (two months
// free), in the WAI-ARIA tabs pattern: a tablist of buttons (aria-selected, aria-controls, a roving
// tabindex; the arrow keys, Home and End move between tabs) and one tabpanel per tab, only the selected
// one shown. Broken, the panel lags one selection behind: clicking Yearly selects the Yearly tab but
// the monthly prices stay on screen, and clicking Monthly afterwards shows the yearly ones.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

/** Whole dollars. A year costs ten months. */
export const PLANS = [
  { name: 'Starter', monthly: 9, summary: 'For one person: 3 projects and 5 GB of storage.' },
  { name: 'Team', monthly: 29, summary: 'Up to 10 people, unlimited projects and 100 GB of storage.' },
  { name: 'Business', monthly: 79, summary: 'Unlimited people, single sign-on, 1 TB and priority support.' },
] as const;

const PERIODS = [
  {
    id: 'monthly',
    label: 'Monthly',
    note: 'Billed every month. Cancel any time.',
    unit: 'a month',
    months: 1,
  },
  { id: 'yearly', label: 'Yearly', note: 'Billed once a year: two months free.', unit: 'a year', months: 10 },
] as const;

function pricingTabsScript(broken: boolean): string {
  return `(function () {
  var tabs = Array.prototype.slice.call(document.querySelectorAll('#billing-tabs [role="tab"]'));
  var panels = tabs.map(function (tab) { return document.getElementById(tab.getAttribute('aria-controls')); });
  var selected = tabs[0];
  function select(tab) {
    var shown = ${broken ? 'selected' : 'tab'};
    selected = tab;
    tabs.forEach(function (t) {
      var on = t === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    });
    panels.forEach(function (panel) { panel.hidden = panel.id !== shown.getAttribute('aria-controls'); });
  }
  tabs.forEach(function (tab, i) {
    tab.addEventListener('click', function () { select(tab); });
    tab.addEventListener('keydown', function (event) {
      var next = {
        ArrowRight: tabs[(i + 1) % tabs.length],
        ArrowLeft: tabs[(i - 1 + tabs.length) % tabs.length],
        Home: tabs[0],
        End: tabs[tabs.length - 1],
      }[event.key];
      if (!next) return;
      event.preventDefault();
      next.focus();
      select(next);
    });
  });
})();
`;
}

export function pricingTabs(app: AppContext): FeatureModule {
  return {
    scripts: { 'pricing-tabs': pricingTabsScript(app.isBroken('pricing-tabs')) },
    routes: [
      {
        method: 'GET',
        path: '/plans',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Plans',
            scripts: ['pricing-tabs'],
            body: html`<h1>Plans and pricing</h1>
              <p>Every plan comes with a 14-day free trial.</p>
              <div id="billing-tabs" role="tablist" aria-label="Billing period">
                ${PERIODS.map(
                  (p, i) =>
                    html`<button
                      type="button"
                      role="tab"
                      id="tab-${p.id}"
                      aria-controls="panel-${p.id}"
                      aria-selected="${i === 0 ? 'true' : 'false'}"
                      tabindex="${i === 0 ? '0' : '-1'}"
                    >
                      ${p.label}
                    </button>`,
                )}
              </div>
              ${PERIODS.map(
                (p, i) =>
                  html`<div
                    role="tabpanel"
                    id="panel-${p.id}"
                    aria-labelledby="tab-${p.id}"
                    tabindex="0"
                    ${i === 0 ? '' : html`hidden`}
                  >
                    <p class="hint">${p.note}</p>
                    <ul class="plans">
                      ${PLANS.map(
                        (plan) =>
                          html`<li>
                            <h2>${plan.name}</h2>
                            <p class="price">$${plan.monthly * p.months} ${p.unit}</p>
                            <p>${plan.summary}</p>
                          </li>`,
                      )}
                    </ul>
                  </div>`,
              )}`,
          }),
      },
    ],
  };
}
