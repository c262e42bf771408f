// Held-out page: a mailing-list sign-up form (email address, how often as radio buttons), the
// address checked in the browser: an invalid one shows an error, a valid one a confirmation that
// repeats the address and the frequency. Broken, the check is inverted: a valid address is
// rejected with the error and an invalid one is "signed up".
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

function mailingListScript(broken: boolean): string {
  return `(function () {
  var form = document.getElementById('signup-form');
  var done = document.getElementById('signup-done');
  var error = document.getElementById('signup-error');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var email = document.getElementById('signup-email').value.trim();
    var often = form.querySelector('input[name="frequency"]:checked').value;
    var valid = /^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$/.test(email);
    if (${broken ? 'valid' : '!valid'}) {
      done.textContent = '';
      error.textContent = 'That does not look like an email address.';
      return;
    }
    error.textContent = '';
    done.textContent = "You're on the list! We'll write to " + email + ' every ' + often + '.';
  });
})();
`;
}

export function mailingList(app: AppContext): FeatureModule {
  return {
    scripts: { 'mailing-list': mailingListScript(app.isBroken('mailing-list')) },
    routes: [
      {
        method: 'GET',
        path: '/subscribe',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Mailing list',
            scripts: ['mailing-list'],
            body: html`<h1>Join our mailing list</h1>
              <p>News about new products and offers, no more than we say.</p>
              <form id="signup-form" class="stack" novalidate>
                <label for="signup-email">Email address</label>
                <input id="signup-email" name="email" type="email" autocomplete="email" />
                <fieldset>
                  <legend>How often?</legend>
                  <input type="radio" id="frequency-week" name="frequency" value="week" checked />
                  <label for="frequency-week">Weekly</label>
                  <input type="radio" id="frequency-month" name="frequency" value="month" />
                  <label for="frequency-month">Monthly</label>
                </fieldset>
                <div><button type="submit">Sign up</button></div>
              </form>
              <p id="signup-error" class="alert" role="alert"></p>
              <p id="signup-done" class="success" role="status"></p>`,
          }),
      },
    ],
  };
}
