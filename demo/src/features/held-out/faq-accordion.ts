// Held-out page: an FAQ accordion (each question a button with aria-expanded that shows or hides
// its answer, a region labelled by the question), all in the browser. Broken, the questions are
// off by one: clicking a question opens the answer to the next one (the last opens the first).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const FAQ = [
  {
    question: 'How long does delivery take?',
    answer: 'Orders arrive within 3 to 5 working days.',
  },
  {
    question: 'Can I return an item?',
    answer: 'Yes, you can return any item within 30 days for a full refund.',
  },
  {
    question: 'Do you ship abroad?',
    answer: 'We ship to 24 countries in Europe and North America.',
  },
  {
    question: 'How do I reset my password?',
    answer: 'Use the Forgot password link on the login page and follow the email we send you.',
  },
] as const;

function faqScript(broken: boolean): string {
  return `(function () {
  var buttons = Array.prototype.slice.call(document.querySelectorAll('.faq-question'));
  buttons.forEach(function (button, i) {
    button.addEventListener('click', function () {
      var open = button.getAttribute('aria-expanded') !== 'true';
      var target = buttons[${broken ? '(i + 1) % buttons.length' : 'i'}];
      button.setAttribute('aria-expanded', String(open));
      document.getElementById(target.getAttribute('aria-controls')).hidden = !open;
    });
  });
})();
`;
}

export function faqAccordion(app: AppContext): FeatureModule {
  return {
    scripts: { faq: faqScript(app.isBroken('faq-accordion')) },
    routes: [
      {
        method: 'GET',
        path: '/faq',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'FAQ',
            scripts: ['faq'],
            body: html`<h1>Frequently asked questions</h1>
              ${FAQ.map(
                (entry, i) =>
                  html`<h2>
                      <button
                        type="button"
                        class="faq-question"
                        id="faq-question-${i}"
                        aria-expanded="false"
                        aria-controls="faq-answer-${i}"
                      >
                        ${entry.question}
                      </button>
                    </h2>
                    <div id="faq-answer-${i}" role="region" aria-labelledby="faq-question-${i}" hidden>
                      <p>${entry.answer}</p>
                    </div>`,
              )}`,
          }),
      },
    ],
  };
}
