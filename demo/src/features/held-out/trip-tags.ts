// Held-out page: the tags of a trip report, edited with a tag input. The report starts tagged "hiking"
// and "coast"; typing a tag in "Add a tag" and pressing Enter adds it as a chip, each chip has its own
// "Remove <tag>" button, and "N of 5 tags" counts them. A tag already there (in any case: "Hiking"
// after "hiking") is refused with an alert, as is a sixth tag; "Save tags" confirms the list. All in
// the browser. Broken, the duplicate check compares the typed tag with each chip's whole text, which
// also holds its remove button's "×", so nothing ever matches: duplicates are added as chips of their
// own ("hiking" twice, "3 of 5 tags") and no alert is shown.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';

export const STARTING_TAGS: readonly string[] = ['hiking', 'coast'];
export const MAX_TAGS = 5;
const MAX_TAG_LENGTH = 30;

function tagScript(broken: boolean): string {
  return `(function () {
  var max = ${MAX_TAGS};
  var input = document.getElementById('tag-input');
  var list = document.getElementById('tag-list');
  var count = document.getElementById('tag-count');
  var error = document.getElementById('tag-error');
  var status = document.getElementById('tag-status');
  function tags() {
    return Array.prototype.map.call(list.querySelectorAll('.tag-name'), function (n) { return n.textContent; });
  }
  function update() {
    count.textContent = tags().length + ' of ' + max + ' tags';
  }
  function alreadyAdded(tag) {
    var wanted = tag.toLowerCase();
    ${
      broken
        ? `return Array.prototype.some.call(list.children, function (chip) {
      return chip.textContent.trim().toLowerCase() === wanted;
    });`
        : `return tags().some(function (t) { return t.toLowerCase() === wanted; });`
    }
  }
  function chip(tag) {
    var item = document.createElement('li');
    item.className = 'tag';
    var name = document.createElement('span');
    name.className = 'tag-name';
    name.textContent = tag;
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'tag-remove';
    remove.setAttribute('aria-label', 'Remove ' + tag);
    remove.textContent = '×';
    item.append(name, ' ', remove);
    return item;
  }
  input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    var tag = input.value.trim().replace(/\\s+/g, ' ');
    status.textContent = '';
    if (tag === '') return;
    if (alreadyAdded(tag)) {
      error.textContent = 'You have already added "' + tag + '".';
      return;
    }
    if (tags().length >= max) {
      error.textContent = 'You can add up to ' + max + ' tags.';
      return;
    }
    error.textContent = '';
    list.append(chip(tag.slice(0, ${MAX_TAG_LENGTH})));
    input.value = '';
    update();
  });
  // Enter is handled above; the form itself never submits.
  document.getElementById('tag-form').addEventListener('submit', function (event) { event.preventDefault(); });
  list.addEventListener('click', function (event) {
    var button = event.target.closest('.tag-remove');
    if (button === null) return;
    button.closest('li').remove();
    error.textContent = '';
    status.textContent = '';
    update();
    input.focus();
  });
  document.getElementById('save-tags').addEventListener('click', function () {
    var all = tags();
    status.textContent = all.length === 0
      ? 'Saved. This report has no tags.'
      : 'Saved ' + (all.length === 1 ? '1 tag' : all.length + ' tags') + ': ' + all.join(', ') + '.';
  });
  update();
})();
`;
}

export function tripTags(app: AppContext): FeatureModule {
  return {
    scripts: { 'trip-tags': tagScript(app.isBroken('trip-tags')) },
    routes: [
      {
        method: 'GET',
        path: '/tags',
        handle: (ctx) =>
          renderPage(app, ctx, {
            title: 'Tag your trip report',
            scripts: ['trip-tags'],
            body: html`<h1>Tag your trip report</h1>
              <p><strong>Three days on the coast path</strong> · by Robin · 12 photos</p>
              <p>Tags help other walkers find your report. Use a place, an activity or a season.</p>
              <form id="tag-form" class="stack" novalidate>
                <label for="tag-input">Add a tag</label>
                <input
                  id="tag-input"
                  name="tag"
                  autocomplete="off"
                  maxlength="${MAX_TAG_LENGTH}"
                  aria-describedby="tag-hint tag-count"
                />
                <p id="tag-hint" class="hint">Type a tag and press Enter. Up to ${MAX_TAGS} tags.</p>
              </form>
              <ul id="tag-list" class="tags" aria-label="Tags">
                ${STARTING_TAGS.map(
                  (tag) =>
                    html`<li class="tag">
                      <span class="tag-name">${tag}</span>
                      <button type="button" class="tag-remove" aria-label="Remove ${tag}">×</button>
                    </li>`,
                )}
              </ul>
              <p id="tag-count" aria-live="polite">${STARTING_TAGS.length} of ${MAX_TAGS} tags</p>
              <p id="tag-error" role="alert"></p>
              <div><button type="button" id="save-tags">Save tags</button></div>
              <p id="tag-status" role="status"></p>`,
          }),
      },
    ],
  };
}
