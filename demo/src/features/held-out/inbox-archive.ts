// Held-out page: a message inbox where each message has an "Archive" button (named for screen readers
// by its subject: "Archive: Photos from the coast path"). Archiving takes the message off the list
// ("4 messages") and shows a toast, 'Archived "Photos from the coast path".', with an "Undo" button that
// puts it back in its place ("5 messages", '"Photos from the coast path" is back in your inbox.'). The
// toast has no timer, so a slow test never races it: it stays until the next archive or Undo. What is
// archived is kept per visitor on the server, so it survives a reload. Broken, Undo un-archives the
// message on the server and says so, but the list is not redrawn: the message stays missing (and the
// count at 4) until a reload brings it back.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';

export const INBOX_PATH = '/inbox';

interface Message {
  readonly id: number;
  readonly from: string;
  readonly when: string;
  readonly subject: string;
  readonly preview: string;
}

/** In the order the inbox shows them; an un-archived message goes back to its place. */
export const INBOX_MESSAGES: readonly Message[] = [
  {
    id: 1,
    from: 'Demo Shop Orders',
    when: '09:12',
    subject: 'Your order #1042 has shipped',
    preview: 'Your Ridgeline 2 tent is on its way and should arrive on Thursday.',
  },
  {
    id: 2,
    from: 'Maya Lopez',
    when: 'Yesterday',
    subject: 'Photos from the coast path',
    preview: 'Here are the ones from the second day. The light at the cove was amazing!',
  },
  {
    id: 3,
    from: 'Trail Club',
    when: 'Yesterday',
    subject: 'Saturday walk: meet at 8:30',
    preview: 'We meet in the station car park. Bring lunch and waterproofs.',
  },
  {
    id: 4,
    from: 'Demo Shop',
    when: 'Monday',
    subject: '20% off sleeping bags this weekend',
    preview: 'Three-season bags from $59, this weekend only.',
  },
  {
    id: 5,
    from: 'Sam Okafor',
    when: 'Sunday',
    subject: 'Can I borrow your stove?',
    preview: 'Ours has packed up and we are off to the lakes on Friday.',
  },
];

function countLabel(n: number): string {
  return n === 1 ? '1 message' : `${n} messages`;
}

function inboxScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(INBOX_PATH)};
  var list = document.getElementById('message-list');
  var count = document.getElementById('inbox-count');
  var empty = document.getElementById('inbox-empty');
  var toast = document.getElementById('toast-text');
  var undo = document.getElementById('toast-undo');
  var error = document.getElementById('inbox-error');
  var lastArchived = null;
  function countLabel(n) { return n === 1 ? '1 message' : n + ' messages'; }
  function messageItem(m) {
    var item = document.createElement('li');
    item.setAttribute('data-id', String(m.id));
    var article = document.createElement('article');
    article.className = 'message';
    var byline = document.createElement('p');
    byline.className = 'message-from';
    var who = document.createElement('strong');
    who.textContent = m.from;
    byline.append(who, ' · ' + m.when);
    var subject = document.createElement('h2');
    subject.textContent = m.subject;
    var preview = document.createElement('p');
    preview.textContent = m.preview;
    var archive = document.createElement('button');
    archive.type = 'button';
    archive.className = 'secondary archive';
    archive.setAttribute('aria-label', 'Archive: ' + m.subject);
    archive.textContent = 'Archive';
    article.append(byline, subject, preview, archive);
    item.append(article);
    return item;
  }
  function render(messages) {
    list.replaceChildren.apply(list, messages.map(messageItem));
    count.textContent = countLabel(messages.length);
    empty.hidden = messages.length > 0;
  }
  function send(path) {
    return fetch(base + path, { method: 'POST', headers: { accept: 'application/json' } }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
        return data;
      });
    });
  }
  list.addEventListener('click', function (event) {
    var button = event.target.closest('button.archive');
    if (button === null) return;
    var item = button.closest('li');
    var subject = item.querySelector('h2').textContent;
    button.disabled = true;
    error.textContent = '';
    send('/messages/' + item.getAttribute('data-id') + '/archive')
      .then(function (data) {
        render(data.messages);
        lastArchived = { id: item.getAttribute('data-id'), subject: subject };
        toast.textContent = 'Archived "' + subject + '".';
        undo.hidden = false;
      })
      .catch(function (err) {
        button.disabled = false;
        error.textContent = err.message;
      });
  });
  undo.addEventListener('click', function () {
    var message = lastArchived;
    if (message === null) return;
    lastArchived = null;
    undo.hidden = true;
    send('/messages/' + message.id + '/unarchive')
      .then(function (data) {
        ${broken ? '' : 'render(data.messages);'}
        toast.textContent = '"' + message.subject + '" is back in your inbox.';
      })
      .catch(function (err) { error.textContent = err.message; });
  });
})();
`;
}

export function inboxArchive(app: AppContext): FeatureModule {
  const archived = new VisitorScoped<Set<number>>(() => new Set());
  const shown = (visitorId: string): readonly Message[] => {
    const gone = archived.get(visitorId);
    return INBOX_MESSAGES.filter((m) => !gone.has(m.id));
  };
  const change = (archive: boolean) => (ctx: RequestContext) => {
    const id = Number(ctx.params[0]);
    if (!INBOX_MESSAGES.some((m) => m.id === id)) {
      sendJson(ctx.res, 404, { error: 'That message no longer exists.' });
      return;
    }
    const gone = archived.get(ctx.visitorId);
    if (archive) gone.add(id);
    else gone.delete(id);
    sendJson(ctx.res, 200, { messages: shown(ctx.visitorId) });
  };
  return {
    scripts: { 'inbox-archive': inboxScript(app.isBroken('inbox-archive')) },
    routes: [
      {
        method: 'GET',
        path: INBOX_PATH,
        handle: (ctx) => {
          const messages = shown(ctx.visitorId);
          renderPage(app, ctx, {
            title: 'Inbox',
            scripts: ['inbox-archive'],
            body: html`<h1>Inbox</h1>
              <p id="inbox-count" aria-live="polite">${countLabel(messages.length)}</p>
              <ul id="message-list" class="messages" aria-label="Messages">
                ${messages.map(
                  (m) =>
                    html`<li data-id="${m.id}">
                      <article class="message">
                        <p class="message-from"><strong>${m.from}</strong> · ${m.when}</p>
                        <h2>${m.subject}</h2>
                        <p>${m.preview}</p>
                        <button type="button" class="secondary archive" aria-label="Archive: ${m.subject}">
                          Archive
                        </button>
                      </article>
                    </li>`,
                )}
              </ul>
              <p id="inbox-empty" ${messages.length > 0 ? html`hidden` : ''}>Your inbox is empty.</p>
              <p id="inbox-error" role="alert"></p>
              <div class="toast">
                <p id="toast-text" role="status"></p>
                <button type="button" id="toast-undo" hidden>Undo</button>
              </div>`,
          });
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${INBOX_PATH}/messages/(\\d+)/archive$`),
        handle: change(true),
      },
      {
        method: 'POST',
        path: new RegExp(`^${INBOX_PATH}/messages/(\\d+)/unarchive$`),
        handle: change(false),
      },
    ],
  };
}
