// Held-out page: signing up to help at a beach clean, a form checked on the server that reports its
// problems the GOV.UK way. "Volunteer at the Sennen beach clean" asks for "Full name", "Email address",
// "Phone number (optional)" and "Which days can you help?" (Saturday 12 July, Sunday 13 July), with
// "Sign up". Sent with problems, the form comes back (its title starting "Error:") with an error summary
// at the top, "There is a problem", that takes the focus and lists a link per problem: "Enter your full
// name", "Enter your email address" (or "Enter an email address in the correct format, like
// name@example.com"), "Enter a phone number, like 01632 960 001 or 07700 900 982" for a phone number that
// is not one (spaces and a +44 are fine), "Choose at least one day". A link moves the focus to its field
// (the first day's checkbox for the days), and each field shows the same message by it; what was typed
// is kept. Sent right: "You're signed up" and "Thanks, Sam. We'll be in touch at sam@example.com about
// Saturday 12 July." Broken, the summary's link for the email problem points to the Full name field (its
// href copied from the line above): the inline message is still by the email box, but the link puts the
// focus in Full name.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { field, readForm } from '../../server/http';
import { html, type SafeHtml } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { checkboxRow } from './checkbox-row';

export const VOLUNTEER_PATH = '/volunteer';
const PAGE_TITLE = 'Volunteer at the Sennen beach clean';

export const VOLUNTEER_DAYS: readonly { readonly value: string; readonly label: string }[] = [
  { value: 'sat', label: 'Saturday 12 July' },
  { value: 'sun', label: 'Sunday 13 July' },
];

interface Answers {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly days: readonly string[];
}

/** A problem with the answers: the field it is about (the id the summary links to) and what to do. */
interface Problem {
  readonly field: 'full-name' | 'email' | 'phone' | 'days';
  readonly href: string;
  readonly message: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A UK number, landline or mobile, once spaces, dashes and brackets are dropped. */
const PHONE = /^(?:0|\+44)\d{9,10}$/;

function problemsWith(answers: Answers, broken: boolean): Problem[] {
  const problems: Problem[] = [];
  if (answers.name === '')
    problems.push({ field: 'full-name', href: '#full-name', message: 'Enter your full name' });
  const emailHref = broken ? '#full-name' : '#email';
  if (answers.email === '')
    problems.push({ field: 'email', href: emailHref, message: 'Enter your email address' });
  else if (!EMAIL.test(answers.email))
    problems.push({
      field: 'email',
      href: emailHref,
      message: 'Enter an email address in the correct format, like name@example.com',
    });
  if (answers.phone !== '' && !PHONE.test(answers.phone.replace(/[\s()-]/g, '')))
    problems.push({
      field: 'phone',
      href: '#phone',
      message: 'Enter a phone number, like 01632 960 001 or 07700 900 982',
    });
  if (answers.days.length === 0)
    // GOV.UK's advice: a group of checkboxes is linked by its first box.
    problems.push({ field: 'days', href: '#day-sat', message: 'Choose at least one day' });
  return problems;
}

// A summary link focuses its field (an input is not focused by following a link to it) and shows its
// label or legend too.
const VOLUNTEER_SCRIPT = `(function () {
  var summary = document.getElementById('error-summary');
  if (summary === null) return;
  summary.focus();
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (link === null) return;
    var input = document.getElementById(link.getAttribute('href').slice(1));
    if (input === null) return;
    event.preventDefault();
    var legend = input.closest('fieldset') && input.closest('fieldset').querySelector('legend');
    var label = legend || document.querySelector('label[for="' + input.id + '"]');
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
`;

export function volunteerSignup(app: AppContext): FeatureModule {
  const broken = app.isBroken('volunteer-signup');

  const form = (ctx: RequestContext, answers: Answers, problems: readonly Problem[]): void => {
    const problem = (name: Problem['field']): Problem | undefined => problems.find((p) => p.field === name);
    const inlineError = (id: string, p: Problem | undefined): SafeHtml | '' =>
      p === undefined
        ? ''
        : html`<p id="${id}-error" class="error-message">
            <span class="visually-hidden">Error:</span> ${p.message}
          </p>`;
    const textField = (
      id: Problem['field'],
      name: string,
      label: string,
      type: string,
      value: string,
      hint: string,
    ): SafeHtml => {
      const p = problem(id);
      const described = [hint === '' ? '' : `${id}-hint`, p === undefined ? '' : `${id}-error`]
        .filter((s) => s !== '')
        .join(' ');
      return html`<div class="form-group ${p === undefined ? '' : 'form-group-error'}">
        <label for="${id}">${label}</label>
        ${hint === '' ? '' : html`<p id="${id}-hint" class="hint">${hint}</p>`} ${inlineError(id, p)}
        <input
          id="${id}"
          name="${name}"
          type="${type}"
          value="${value}"
          autocomplete="${name === 'fullName' ? 'name' : name}"
          spellcheck="false"
          ${described === '' ? '' : html`aria-describedby="${described}"`}
          ${p === undefined ? '' : html`aria-invalid="true"`}
        />
      </div>`;
    };
    const daysProblem = problem('days');
    renderPage(app, ctx, {
      title: problems.length > 0 ? `Error: ${PAGE_TITLE}` : PAGE_TITLE,
      status: problems.length > 0 ? 422 : 200,
      scripts: ['volunteer-signup'],
      body: html`${
          problems.length > 0
            ? html`<div
                id="error-summary"
                class="error-summary"
                tabindex="-1"
                aria-labelledby="error-summary-title"
              >
                <div role="alert">
                  <h2 id="error-summary-title">There is a problem</h2>
                  <ul class="error-summary-list">
                    ${problems.map((p) => html`<li><a href="${p.href}">${p.message}</a></li>`)}
                  </ul>
                </div>
              </div>`
            : ''
        }
        <h1>${PAGE_TITLE}</h1>
        <p>
          Help us clear the beach at Sennen Cove, 10am to 1pm. We bring gloves, bags and litter pickers; you
          bring a drink and sun cream.
        </p>
        <form class="stack" method="post" action="${VOLUNTEER_PATH}" novalidate>
          ${textField('full-name', 'fullName', 'Full name', 'text', answers.name, '')}
          ${textField('email', 'email', 'Email address', 'email', answers.email, "We'll only use it to send you the details.")}
          ${textField('phone', 'tel', 'Phone number (optional)', 'tel', answers.phone, 'So we can reach you on the day.')}
          <div class="form-group ${daysProblem ? 'form-group-error' : ''}">
            <fieldset class="reasons" aria-describedby="days-hint${daysProblem ? ' days-error' : ''}">
              <legend>Which days can you help?</legend>
              <p id="days-hint" class="hint">Choose all that apply.</p>
              ${inlineError('days', daysProblem)}
              ${VOLUNTEER_DAYS.map((d) =>
                checkboxRow({
                  id: `day-${d.value}`,
                  name: 'day',
                  value: d.value,
                  label: d.label,
                  checked: answers.days.includes(d.value),
                }),
              )}
            </fieldset>
          </div>
          <div class="form-actions">
            <button type="submit">Sign up</button>
          </div>
        </form>`,
    });
  };

  return {
    scripts: { 'volunteer-signup': VOLUNTEER_SCRIPT },
    routes: [
      {
        method: 'GET',
        path: VOLUNTEER_PATH,
        handle: (ctx) => form(ctx, { name: '', email: '', phone: '', days: [] }, []),
      },
      {
        method: 'POST',
        path: VOLUNTEER_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const answers: Answers = {
            name: field(posted, 'fullName', 100).replace(/\s+/g, ' '),
            email: field(posted, 'email', 200),
            phone: field(posted, 'tel', 30),
            days: VOLUNTEER_DAYS.map((d) => d.value).filter((v) => posted.getAll('day').includes(v)),
          };
          const problems = problemsWith(answers, broken);
          if (problems.length > 0) {
            form(ctx, answers, problems);
            return;
          }
          const firstName = answers.name.split(' ')[0] ?? answers.name;
          const days = VOLUNTEER_DAYS.filter((d) => answers.days.includes(d.value)).map((d) => d.label);
          renderPage(app, ctx, {
            title: "You're signed up",
            body: html`<h1>You're signed up</h1>
              <p id="volunteer-done" class="success" role="status">
                Thanks, ${firstName}. We'll be in touch at ${answers.email} about ${days.join(' and ')}.
              </p>
              <p>
                Meet by the lifeguard hut at 10am. If the weather is bad we'll text or email you by 8am.
              </p>`,
          });
        },
      },
    ],
  };
}
