// Held-out page: the shop's journal (a list of articles and the articles themselves) with a cookie
// banner at the top of every page until a choice is made: "Accept all", "Reject all" or "Customise",
// which opens checkboxes for Analytics and Marketing (Strictly necessary is always on) and "Save my
// choices". The choice is kept in the browser (localStorage): the banner closes, "Your cookie choices
// have been saved." is announced, and on later page loads the banner stays away; "Cookie settings" at
// the bottom of each page reopens it with the saved choices ticked. Broken, the choice is saved under
// one storage key and looked up under another: it holds on the page where it was made, but every later
// page load (a reload, another article) shows the banner again with nothing ticked, as if no choice
// had ever been made.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html, type SafeHtml } from '../../server/html';
import { HttpError } from '../../server/http';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';

export const ARTICLES = [
  {
    slug: 'packing-light',
    title: 'Packing light for a three-day hike',
    summary: 'What we leave at home, and the three things we never do.',
    body: [
      'Start with the big three: shelter, sleep system and pack. Together they should weigh under 5 kg.',
      'Lay everything out the night before and put back anything you did not use on your last trip.',
    ],
  },
  {
    slug: 'first-wild-camp',
    title: 'Your first wild camp: what to know',
    summary: 'Finding a pitch, leaving no trace and sleeping well on the first night out.',
    body: [
      'Arrive late, leave early, and pitch out of sight of paths and houses.',
      'Take every scrap of rubbish home with you, and never light a fire on peat or dry grass.',
    ],
  },
] as const;

const SAVED_KEY = 'cookie_consent';

function consentScript(broken: boolean): string {
  return `(function () {
  var banner = document.getElementById('cookie-banner');
  var preferences = document.getElementById('cookie-preferences');
  var customise = document.getElementById('cookie-customise');
  var analytics = document.getElementById('consent-analytics');
  var marketing = document.getElementById('consent-marketing');
  var status = document.getElementById('cookie-status');
  function load() {
    try {
      var stored = localStorage.getItem(${JSON.stringify(broken ? 'cookie-consent' : SAVED_KEY)});
      return stored === null ? null : JSON.parse(stored);
    } catch (e) {
      return null;
    }
  }
  var current = load();
  function tick(choice) {
    analytics.checked = choice !== null && choice.analytics === true;
    marketing.checked = choice !== null && choice.marketing === true;
  }
  function openPreferences() {
    tick(current);
    preferences.hidden = false;
    customise.setAttribute('aria-expanded', 'true');
  }
  function save(choice) {
    choice.savedAt = new Date().toISOString();
    try {
      localStorage.setItem(${JSON.stringify(SAVED_KEY)}, JSON.stringify(choice));
    } catch (e) { /* storage disabled: the choice holds for this page only */ }
    current = choice;
    banner.hidden = true;
    preferences.hidden = true;
    customise.setAttribute('aria-expanded', 'false');
    status.textContent = 'Your cookie choices have been saved.';
  }
  document.getElementById('cookie-accept').addEventListener('click', function () {
    save({ analytics: true, marketing: true });
  });
  document.getElementById('cookie-reject').addEventListener('click', function () {
    save({ analytics: false, marketing: false });
  });
  customise.addEventListener('click', function () {
    if (preferences.hidden) openPreferences();
    else {
      preferences.hidden = true;
      customise.setAttribute('aria-expanded', 'false');
    }
  });
  preferences.addEventListener('submit', function (event) {
    event.preventDefault();
    save({ analytics: analytics.checked, marketing: marketing.checked });
  });
  document.getElementById('cookie-settings').addEventListener('click', function () {
    status.textContent = '';
    banner.hidden = false;
    openPreferences();
    banner.scrollIntoView();
    analytics.focus();
  });
  if (current === null) banner.hidden = false;
})();
`;
}

/** Every journal page: the banner (shown by the script when no choice is stored), the page, the settings link. */
function journalPage(app: AppContext, ctx: RequestContext, title: string, content: SafeHtml): void {
  renderPage(app, ctx, {
    title,
    scripts: ['cookie-consent'],
    body: html`<section id="cookie-banner" class="cookie-banner" aria-labelledby="cookie-banner-title" hidden>
        <h2 id="cookie-banner-title">Cookies on Demo Shop</h2>
        <p>
          We use some essential cookies to make this site work. We'd also like to use analytics cookies to
          understand how you use it, and marketing cookies to show you relevant adverts on other sites.
        </p>
        <div class="cookie-actions">
          <button type="button" id="cookie-accept">Accept all</button>
          <button type="button" id="cookie-reject">Reject all</button>
          <button
            type="button"
            id="cookie-customise"
            class="secondary"
            aria-expanded="false"
            aria-controls="cookie-preferences"
          >
            Customise
          </button>
        </div>
        <form id="cookie-preferences" class="stack" hidden>
          <fieldset>
            <legend>Choose which cookies we can use</legend>
            <div class="switch-row">
              <input type="checkbox" id="consent-necessary" checked disabled />
              <label for="consent-necessary">Strictly necessary</label>
              <span class="hint">Always on: they keep your basket and sign-in working.</span>
            </div>
            <div class="switch-row">
              <input type="checkbox" id="consent-analytics" name="analytics" />
              <label for="consent-analytics">Analytics</label>
              <span class="hint">Count visits and see which pages are read.</span>
            </div>
            <div class="switch-row">
              <input type="checkbox" id="consent-marketing" name="marketing" />
              <label for="consent-marketing">Marketing</label>
              <span class="hint">Show you our adverts on other sites.</span>
            </div>
          </fieldset>
          <div><button type="submit">Save my choices</button></div>
        </form>
      </section>
      <p id="cookie-status" role="status"></p>
      ${content}
      <p class="hint">
        <button type="button" id="cookie-settings" class="secondary">Cookie settings</button>
      </p>`,
  });
}

export function cookieConsent(app: AppContext): FeatureModule {
  return {
    scripts: { 'cookie-consent': consentScript(app.isBroken('cookie-consent')) },
    routes: [
      {
        method: 'GET',
        path: '/journal',
        handle: (ctx) =>
          journalPage(
            app,
            ctx,
            'Journal',
            html`<h1>The Demo Shop journal</h1>
              <p>Trip reports and advice from the people who pack your orders.</p>
              <ul class="articles">
                ${ARTICLES.map(
                  (a) =>
                    html`<li>
                      <h2><a href="/journal/${a.slug}">${a.title}</a></h2>
                      <p>${a.summary}</p>
                    </li>`,
                )}
              </ul>`,
          ),
      },
      {
        method: 'GET',
        path: /^\/journal\/([a-z0-9-]+)$/,
        handle: (ctx) => {
          const article = ARTICLES.find((a) => a.slug === ctx.params[0]);
          if (article === undefined) throw new HttpError(404, 'Page not found.');
          journalPage(
            app,
            ctx,
            article.title,
            html`<article>
                <h1>${article.title}</h1>
                ${article.body.map((p) => html`<p>${p}</p>`)}
              </article>
              <p><a href="/journal">Back to the journal</a></p>`,
          );
        },
      },
    ],
  };
}
