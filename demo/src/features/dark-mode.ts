// Dark-mode toggle: a checkbox with role=switch that sets the "dark" class on <html>, updates a
// status line and persists the choice in localStorage (applied on every page by theme.js).
// Broken, every click is cancelled, so the switch never turns on and the theme stays light.
import type { AppContext } from '../server/app-context';
import type { FeatureModule } from '../server/feature-module';
import { html } from '../server/html';
import { renderPage } from '../server/layout';
import { THEME_STORAGE_KEY } from '../server/site-assets';

function darkModeScript(broken: boolean): string {
  return `(function () {
  var KEY = ${JSON.stringify(THEME_STORAGE_KEY)};
  var toggle = document.getElementById('dark-mode');
  var status = document.getElementById('theme-status');
  function apply(dark) {
    document.documentElement.classList.toggle('dark', dark);
    toggle.checked = dark;
    status.textContent = dark ? 'Dark theme is on' : 'Light theme is on';
  }
  var stored = null;
  try { stored = localStorage.getItem(KEY); } catch (e) { /* storage disabled */ }
  apply(stored === 'dark');
  ${broken ? "toggle.addEventListener('click', function (event) { event.preventDefault(); });" : ''}
  toggle.addEventListener('change', function () {
    apply(toggle.checked);
    try { localStorage.setItem(KEY, toggle.checked ? 'dark' : 'light'); } catch (e) { /* not persisted */ }
  });
})();
`;
}

export function darkMode(app: AppContext): FeatureModule {
  return {
    scripts: { 'dark-mode': darkModeScript(app.isBroken('dark-mode')) },
    routes: [
      {
        method: 'GET',
        path: '/settings',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Settings',
            scripts: ['dark-mode'],
            body: html`<h1>Settings</h1>
              <h2>Appearance</h2>
              <div class="switch-row">
                <input type="checkbox" role="switch" id="dark-mode" aria-describedby="theme-status" />
                <label for="dark-mode">Dark mode</label>
              </div>
              <p id="theme-status" role="status">Light theme is on</p>`,
          }),
      },
    ],
  };
}
