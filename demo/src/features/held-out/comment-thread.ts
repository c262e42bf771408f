// Held-out page: a community question ("Which tent for a first wild camp?") with its comment thread.
// The visitor is signed in as Robin: "Add a comment" and "Post comment" add a comment at the bottom of
// the thread and the "N comments" heading goes up; Robin's own comments have a "Delete" button that
// asks first in a dialog ("Delete this comment?", "Delete comment" or "Cancel"). Comments are kept on
// the server per visitor, so they survive a reload. Broken, a confirmed delete takes the comment off
// the page (and off the server) but the heading is not updated: post one and delete it, and the
// thread shows the three comments it started with under "4 comments" (a reload corrects it).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { readJsonObject, sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import { VisitorScoped } from '../../server/visitors';

export const THREAD_PATH = '/community/first-tent';
export const COMMENT_AUTHOR = 'Robin';
const MAX_COMMENT_LENGTH = 1000;
/** A visitor's thread stops growing here: the oldest of their own comments make room. */
const MAX_OWN_COMMENTS = 50;

interface Comment {
  readonly id: number;
  readonly author: string;
  readonly when: string;
  readonly text: string;
  readonly mine: boolean;
}

export const SEED_COMMENTS: readonly Comment[] = [
  {
    id: 1,
    author: 'Ben',
    when: '2 days ago',
    text: 'Get a freestanding two-person tent. The extra room is worth the weight on a first trip.',
    mine: false,
  },
  {
    id: 2,
    author: 'Chris',
    when: '2 days ago',
    text: 'Practise pitching it in the garden first. In the dark and the rain is not the time to learn.',
    mine: false,
  },
  {
    id: 3,
    author: 'Dee',
    when: 'yesterday',
    text: 'We started with the Ridgeline 2 and still use it. Take a few spare pegs.',
    mine: false,
  },
];

interface Thread {
  nextId: number;
  comments: Comment[];
}

function countLabel(n: number): string {
  return n === 1 ? '1 comment' : `${n} comments`;
}

function commentScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(THREAD_PATH)};
  var list = document.getElementById('comment-list');
  var heading = document.getElementById('comment-count');
  var form = document.getElementById('comment-form');
  var input = document.getElementById('comment-text');
  var postButton = document.getElementById('post-comment');
  var error = document.getElementById('comment-error');
  var status = document.getElementById('comment-status');
  var dialog = document.getElementById('delete-dialog');
  var pending = null;
  function countLabel(n) { return n === 1 ? '1 comment' : n + ' comments'; }
  function commentItem(c) {
    var item = document.createElement('li');
    item.setAttribute('data-id', String(c.id));
    var article = document.createElement('article');
    var byline = document.createElement('p');
    byline.className = 'comment-byline';
    var who = document.createElement('strong');
    who.textContent = c.author;
    byline.append(who, ' · ' + c.when);
    var body = document.createElement('p');
    body.textContent = c.text;
    article.append(byline, body);
    if (c.mine) {
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary delete-comment';
      remove.textContent = 'Delete';
      article.append(remove);
    }
    item.append(article);
    return item;
  }
  function render(comments) {
    list.replaceChildren.apply(list, comments.map(commentItem));
    heading.textContent = countLabel(comments.length);
  }
  function send(path, body) {
    return fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
        return data;
      });
    });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    status.textContent = '';
    if (text === '') {
      error.textContent = 'Please write a comment before posting.';
      return;
    }
    error.textContent = '';
    postButton.disabled = true;
    send('/comments', { text: text })
      .then(function (data) {
        render(data.comments);
        input.value = '';
        status.textContent = 'Your comment has been posted.';
      })
      .catch(function (err) { error.textContent = err.message; })
      .then(function () { postButton.disabled = false; });
  });
  list.addEventListener('click', function (event) {
    var button = event.target.closest('.delete-comment');
    if (button === null) return;
    pending = button.closest('li');
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', function () {
    var item = pending;
    pending = null;
    if (item === null || dialog.returnValue !== 'delete') return;
    send('/comments/' + item.getAttribute('data-id') + '/delete', {})
      .then(function (data) {
        ${broken ? 'item.remove();' : 'render(data.comments);'}
        status.textContent = 'Comment deleted.';
      })
      .catch(function (err) { error.textContent = err.message; });
  });
})();
`;
}

export function commentThread(app: AppContext): FeatureModule {
  const threads = new VisitorScoped<Thread>(() => ({
    nextId: SEED_COMMENTS.length + 1,
    comments: [...SEED_COMMENTS],
  }));
  const commentsJson = (thread: Thread): { comments: readonly Comment[] } => ({ comments: thread.comments });
  return {
    scripts: { 'comment-thread': commentScript(app.isBroken('comment-thread')) },
    routes: [
      {
        method: 'GET',
        path: THREAD_PATH,
        handle: (ctx) => {
          const thread = threads.get(ctx.visitorId);
          renderPage(app, ctx, {
            title: 'Which tent for a first wild camp?',
            scripts: ['comment-thread'],
            body: html`<p class="hint">Community › Gear questions</p>
              <article class="question">
                <h1>Which tent for a first wild camp?</h1>
                <p class="comment-byline"><strong>Ana</strong> · 3 days ago</p>
                <p>
                  We're planning two nights on the coast path in May. It's our first time wild camping and we
                  don't want to carry more than we need. What would you buy?
                </p>
              </article>
              <section aria-labelledby="comment-count">
                <h2 id="comment-count">${countLabel(thread.comments.length)}</h2>
                <ol id="comment-list" class="comments">
                  ${thread.comments.map(
                    (c) =>
                      html`<li data-id="${c.id}">
                        <article>
                          <p class="comment-byline"><strong>${c.author}</strong> · ${c.when}</p>
                          <p>${c.text}</p>
                          ${
                            c.mine
                              ? html`<button type="button" class="secondary delete-comment">Delete</button>`
                              : ''
                          }
                        </article>
                      </li>`,
                  )}
                </ol>
                <form id="comment-form" class="stack" novalidate>
                  <label for="comment-text">Add a comment</label>
                  <textarea
                    id="comment-text"
                    name="text"
                    rows="3"
                    maxlength="${MAX_COMMENT_LENGTH}"
                    aria-describedby="comment-as"
                  ></textarea>
                  <p id="comment-as" class="hint">You're signed in as ${COMMENT_AUTHOR}.</p>
                  <div><button type="submit" id="post-comment">Post comment</button></div>
                </form>
                <p id="comment-error" role="alert"></p>
                <p id="comment-status" role="status"></p>
              </section>
              <dialog id="delete-dialog" aria-labelledby="delete-dialog-title">
                <h2 id="delete-dialog-title">Delete this comment?</h2>
                <p>It will be removed for everyone. You can't undo this.</p>
                <form method="dialog" class="dialog-actions">
                  <button value="cancel" class="secondary">Cancel</button>
                  <button value="delete">Delete comment</button>
                </form>
              </dialog>`,
          });
        },
      },
      {
        method: 'POST',
        path: `${THREAD_PATH}/comments`,
        handle: async (ctx) => {
          const body = await readJsonObject(ctx.req);
          const text = typeof body.text === 'string' ? body.text.trim() : '';
          if (text === '') {
            sendJson(ctx.res, 400, { error: 'Please write a comment before posting.' });
            return;
          }
          const thread = threads.get(ctx.visitorId);
          thread.comments.push({
            id: thread.nextId++,
            author: COMMENT_AUTHOR,
            when: 'just now',
            text: text.slice(0, MAX_COMMENT_LENGTH),
            mine: true,
          });
          const own = thread.comments.filter((c) => c.mine);
          if (own.length > MAX_OWN_COMMENTS) {
            const oldest = own[0];
            thread.comments = thread.comments.filter((c) => c !== oldest);
          }
          sendJson(ctx.res, 201, commentsJson(thread));
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${THREAD_PATH}/comments/(\\d+)/delete$`),
        handle: (ctx) => {
          const thread = threads.get(ctx.visitorId);
          const id = Number(ctx.params[0]);
          const comment = thread.comments.find((c) => c.id === id);
          if (comment === undefined) {
            sendJson(ctx.res, 404, { error: 'That comment no longer exists.' });
            return;
          }
          if (!comment.mine) {
            sendJson(ctx.res, 403, { error: 'You can only delete your own comments.' });
            return;
          }
          thread.comments = thread.comments.filter((c) => c !== comment);
          sendJson(ctx.res, 200, commentsJson(thread));
        },
      },
    ],
  };
}
