// Held-out page: choosing a new password after a reset link, with the rules it must meet listed under
// the field and ticked off in the browser as you type (at least 8 characters, an uppercase letter, a
// lowercase letter, a number), a live "3 of 4 requirements met" line and a "Set new password" button
// that stays disabled until every rule is met. Broken, the uppercase rule is tested case-insensitively
// (a stray i flag on its pattern), so any letter ticks it: "sunshine42" shows 4 of 4 met and enables
// the button though it has no uppercase letter.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const PASSWORD_RULES = [
  { id: 'length', label: 'At least 8 characters' },
  { id: 'upper', label: 'An uppercase letter (A–Z)' },
  { id: 'lower', label: 'A lowercase letter (a–z)' },
  { id: 'number', label: 'A number (0–9)' },
] as const;

function passwordRulesScript(broken: boolean): string {
  return `(function () {
  var input = document.getElementById('new-password');
  var form = document.getElementById('password-form');
  var submit = document.getElementById('set-password');
  var summary = document.getElementById('password-rules-summary');
  var done = document.getElementById('password-done');
  var checks = {
    length: function (p) { return p.length >= 8; },
    upper: function (p) { return /[A-Z]/${broken ? 'i' : ''}.test(p); },
    lower: function (p) { return /[a-z]/.test(p); },
    number: function (p) { return /[0-9]/.test(p); },
  };
  var rules = Array.prototype.slice.call(document.querySelectorAll('#password-rules li'));
  function update() {
    var met = 0;
    rules.forEach(function (rule) {
      var ok = checks[rule.getAttribute('data-rule')](input.value);
      if (ok) met += 1;
      rule.classList.toggle('met', ok);
      rule.querySelector('.rule-mark').textContent = ok ? '✓' : '✗';
      rule.querySelector('.rule-state').textContent = ok ? ' (met)' : ' (not met)';
    });
    summary.textContent = met + ' of ' + rules.length + ' requirements met';
    submit.disabled = met < rules.length;
    return met === rules.length;
  }
  input.addEventListener('input', function () {
    done.textContent = '';
    update();
  });
  document.getElementById('show-password').addEventListener('change', function (event) {
    input.type = event.target.checked ? 'text' : 'password';
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!update()) return;
    done.textContent = 'Your password has been changed. You can now log in with your new password.';
  });
  update();
})();
`;
}

export function passwordRules(app: AppContext): FeatureModule {
  return {
    scripts: { 'password-rules': passwordRulesScript(app.isBroken('password-rules')) },
    routes: [
      {
        method: 'GET',
        path: '/new-password',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Choose a new password',
            scripts: ['password-rules'],
            body: html`<h1>Choose a new password</h1>
              <p>You asked to reset the password for jo.march@example.com. Choose a new one below.</p>
              <form id="password-form" class="stack" novalidate>
                <label for="new-password">New password</label>
                <input
                  id="new-password"
                  name="password"
                  type="password"
                  autocomplete="new-password"
                  aria-describedby="password-rules-heading password-rules-summary"
                />
                <div class="switch-row">
                  <input type="checkbox" id="show-password" />
                  <label for="show-password">Show password</label>
                </div>
                <div>
                  <p id="password-rules-heading">Your password must have:</p>
                  <ul id="password-rules" class="rules" aria-labelledby="password-rules-heading">
                    ${PASSWORD_RULES.map(
                      (rule) =>
                        html`<li data-rule="${rule.id}">
                          <span class="rule-mark" aria-hidden="true">✗</span> ${rule.label}<span
                            class="rule-state visually-hidden"
                          >
                            (not met)</span
                          >
                        </li>`,
                    )}
                  </ul>
                  <p id="password-rules-summary" aria-live="polite">
                    0 of ${PASSWORD_RULES.length} requirements met
                  </p>
                </div>
                <div><button type="submit" id="set-password" disabled>Set new password</button></div>
              </form>
              <p id="password-done" role="status"></p>`,
          }),
      },
    ],
  };
}
