// Held-out page: a poll (which feature to build next, radio buttons, a Vote button) that shows the
// results after a vote: each option's votes and share, and the total. Counted in the browser from
// fixed starting counts (4, 3 and 2 votes). Broken, the vote is thanked for but not counted: every
// count, share and the total stay as they were.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const POLL_OPTIONS = [
  { id: 'offline', label: 'Offline mode', votes: 4 },
  { id: 'calendar', label: 'Calendar sync', votes: 3 },
  { id: 'sharing', label: 'Shared lists', votes: 2 },
] as const;

function pollScript(broken: boolean): string {
  return `(function () {
  var options = ${JSON.stringify(POLL_OPTIONS)};
  var counts = {};
  options.forEach(function (o) { counts[o.id] = o.votes; });
  var form = document.getElementById('poll-form');
  var total = document.getElementById('poll-total');
  var results = document.getElementById('poll-results');
  var error = document.getElementById('poll-error');
  var thanks = document.getElementById('poll-thanks');
  function sum() {
    return options.reduce(function (n, o) { return n + counts[o.id]; }, 0);
  }
  function plural(n) { return n === 1 ? '1 vote' : n + ' votes'; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var chosen = form.querySelector('input[name="choice"]:checked');
    if (chosen === null) {
      error.textContent = 'Please choose an option before voting.';
      return;
    }
    ${broken ? '' : 'counts[chosen.value] += 1;'}
    var all = sum();
    results.replaceChildren.apply(results, options.map(function (o) {
      var item = document.createElement('li');
      item.textContent = o.label + ': ' + plural(counts[o.id]) + ' (' + Math.round((100 * counts[o.id]) / all) + '%)';
      return item;
    }));
    results.hidden = false;
    error.textContent = '';
    thanks.textContent = 'Thanks for voting!';
    total.textContent = plural(all) + ' so far';
    document.getElementById('vote').disabled = true;
  });
  total.textContent = plural(sum()) + ' so far';
})();
`;
}

export function featurePoll(app: AppContext): FeatureModule {
  return {
    scripts: { poll: pollScript(app.isBroken('feature-poll')) },
    routes: [
      {
        method: 'GET',
        path: '/poll',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Poll',
            scripts: ['poll'],
            body: html`<h1>What should we build next?</h1>
              <form id="poll-form" class="stack">
                <fieldset>
                  <legend>Pick one feature</legend>
                  ${POLL_OPTIONS.map(
                    (o) =>
                      html`<div>
                        <input type="radio" id="choice-${o.id}" name="choice" value="${o.id}" />
                        <label for="choice-${o.id}">${o.label}</label>
                      </div>`,
                  )}
                </fieldset>
                <div><button type="submit" id="vote">Vote</button></div>
              </form>
              <p id="poll-error" role="alert"></p>
              <p id="poll-thanks" aria-live="polite"></p>
              <ul id="poll-results" aria-label="Poll results" hidden></ul>
              <p id="poll-total" role="status"></p>`,
          }),
      },
    ],
  };
}
