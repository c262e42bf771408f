// Held-out page: profile settings (display name, time zone select, weekly digest checkbox), checked
// and confirmed in the browser. Broken, the time zone choice is ignored: every profile is saved
// (and confirmed) with UTC.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const TIME_ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'] as const;

function profileScript(broken: boolean): string {
  return `(function () {
  var form = document.getElementById('profile-form');
  var saved = document.getElementById('profile-saved');
  var error = document.getElementById('profile-error');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var name = document.getElementById('display-name').value.trim();
    var zone = ${broken ? "'UTC'" : "document.getElementById('time-zone').value"};
    var digest = document.getElementById('weekly-digest').checked;
    if (name.length < 3) {
      saved.textContent = '';
      error.textContent = 'Display name must be at least 3 characters.';
      return;
    }
    error.textContent = '';
    saved.textContent = 'Profile saved: ' + name + ', ' + zone + ', weekly digest ' + (digest ? 'on' : 'off') + '.';
  });
})();
`;
}

export function profileSettings(app: AppContext): FeatureModule {
  return {
    scripts: { profile: profileScript(app.isBroken('profile-settings')) },
    routes: [
      {
        method: 'GET',
        path: '/profile',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Profile',
            scripts: ['profile'],
            body: html`<h1>Profile settings</h1>
              <form id="profile-form" class="stack" novalidate>
                <label for="display-name">Display name</label>
                <input id="display-name" name="display-name" autocomplete="nickname" />
                <label for="time-zone">Time zone</label>
                <select id="time-zone" name="time-zone">
                  ${TIME_ZONES.map((zone) => html`<option>${zone}</option>`)}
                </select>
                <div>
                  <input type="checkbox" id="weekly-digest" name="weekly-digest" />
                  <label for="weekly-digest">Email me a weekly digest</label>
                </div>
                <div><button type="submit">Save profile</button></div>
              </form>
              <p id="profile-error" class="alert" role="alert"></p>
              <p id="profile-saved" class="success" role="status"></p>`,
          }),
      },
    ],
  };
}
