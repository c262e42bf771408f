// Held-out page: cancelling a walking club's membership. "Why are you leaving?" is a group of radio
// buttons (It costs too much, I don't have time to walk, I'm moving away, Other); choosing "Other"
// reveals a "Tell us more" box right under it, which is then required (another reason hides it and it
// is no longer asked for). "Cancel membership" posts the form; the server answers with "Membership
// cancelled" and a confirmation naming the reason: "Your reason: It costs too much.", or for Other what
// was written: 'Your reason: Other ("The walks start too early for me").'. No reason, or Other with an
// empty box, is refused with an alert ("Choose a reason for leaving.", "Tell us more about why you are
// leaving."), in the browser and again on the server. Broken, the server builds the confirmation (and
// the note it keeps) from the chosen option's label alone, so what was written under Other is lost:
// "Your reason: Other." The box still appears, is still required and is still checked.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { field, readForm } from '../../server/http';
import { html, type SafeHtml } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';

export const MEMBERSHIP_CANCEL_PATH = '/membership/cancel';

export const LEAVING_REASONS: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'cost', label: 'It costs too much' },
  { value: 'time', label: "I don't have time to walk" },
  { value: 'moving', label: "I'm moving away" },
  { value: 'other', label: 'Other' },
];

const NO_REASON = 'Choose a reason for leaving.';
const NO_DETAILS = 'Tell us more about why you are leaving.';

const CANCEL_SCRIPT = `(function () {
  var form = document.getElementById('cancel-form');
  var other = document.getElementById('reason-other');
  var box = document.getElementById('other-reason');
  var details = document.getElementById('reason-details');
  var error = document.getElementById('cancel-error');
  function reveal() {
    box.hidden = !other.checked;
    details.required = other.checked;
  }
  form.querySelectorAll('input[name="reason"]').forEach(function (radio) {
    radio.addEventListener('change', function () {
      reveal();
      error.textContent = '';
    });
  });
  form.addEventListener('submit', function (event) {
    var chosen = form.querySelector('input[name="reason"]:checked');
    var problem = chosen === null ? ${JSON.stringify(NO_REASON)}
      : chosen === other && details.value.trim() === '' ? ${JSON.stringify(NO_DETAILS)}
      : '';
    if (problem === '') return;
    event.preventDefault();
    error.textContent = problem;
    (chosen === null ? form.querySelector('input[name="reason"]') : details).focus();
  });
  reveal();
})();
`;

/** On one line: what is between the tags is the box's value, so no line break may go in. */
function detailsBox(value: string, required: boolean): SafeHtml {
  const attrs = html`id="reason-details" name="details" rows="3" maxlength="300"
  aria-describedby="details-hint"`;
  return required
    ? html`<textarea ${attrs} required>${value}</textarea>`
    : html`<textarea ${attrs}>${value}</textarea>`;
}

interface FormState {
  readonly reason: string;
  readonly details: string;
  readonly error: string;
}

export function membershipCancel(app: AppContext): FeatureModule {
  const broken = app.isBroken('membership-cancel');
  const form = (ctx: RequestContext, state: FormState): void => {
    const other = state.reason === 'other';
    renderPage(app, ctx, {
      title: 'Cancel your membership',
      status: state.error === '' ? 200 : 422,
      scripts: ['membership-cancel'],
      body: html`<h1>Cancel your membership</h1>
        <p>
          Your Trail Club membership renews on 1 June 2026 for $48 a year. If you cancel, you can still join
          walks until then.
        </p>
        <form id="cancel-form" class="stack" method="post" action="${MEMBERSHIP_CANCEL_PATH}" novalidate>
          <fieldset class="reasons">
            <legend>Why are you leaving?</legend>
            ${LEAVING_REASONS.map(
              (r) =>
                html`<div class="reason">
                    <input
                      type="radio"
                      id="reason-${r.value}"
                      name="reason"
                      value="${r.value}"
                      ${state.reason === r.value ? html`checked` : ''}
                    />
                    <label for="reason-${r.value}">${r.label}</label>
                  </div>
                  ${
                    r.value === 'other'
                      ? html`<div id="other-reason" class="conditional" ${other ? '' : html`hidden`}>
                          <label for="reason-details">Tell us more</label>
                          ${detailsBox(state.details, other)}
                          <p id="details-hint" class="hint">What would have made you stay?</p>
                        </div>`
                      : ''
                  }`,
            )}
          </fieldset>
          <p id="cancel-error" role="alert">${state.error}</p>
          <div class="form-actions">
            <button type="submit" class="danger">Cancel membership</button>
            <a href="/">Keep my membership</a>
          </div>
        </form>`,
    });
  };
  return {
    scripts: { 'membership-cancel': CANCEL_SCRIPT },
    routes: [
      {
        method: 'GET',
        path: MEMBERSHIP_CANCEL_PATH,
        handle: (ctx) => form(ctx, { reason: '', details: '', error: '' }),
      },
      {
        method: 'POST',
        path: MEMBERSHIP_CANCEL_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const chosen = LEAVING_REASONS.find((r) => r.value === field(posted, 'reason', 20));
          const details = field(posted, 'details', 300).replace(/\s+/g, ' ');
          if (chosen === undefined) {
            form(ctx, { reason: '', details, error: NO_REASON });
            return;
          }
          if (chosen.value === 'other' && details === '') {
            form(ctx, { reason: chosen.value, details, error: NO_DETAILS });
            return;
          }
          const reason = chosen.value === 'other' && !broken ? `Other ("${details}")` : chosen.label;
          renderPage(app, ctx, {
            title: 'Membership cancelled',
            body: html`<h1>Membership cancelled</h1>
              <p id="cancel-done" class="success" role="status">
                We've cancelled your Trail Club membership. Your reason: ${reason}.
              </p>
              <p>You can still join walks until 31 May 2026. Thank you for walking with us.</p>
              <p><a href="/">Back to the shop</a></p>`,
          });
        },
      },
    ],
  };
}
