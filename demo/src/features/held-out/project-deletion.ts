// Held-out page: a list of the visitor's projects ("3 projects"), each with a "Delete" button (named for
// screen readers by the project: "Delete Winter kit list"). Delete asks first in a dialog ("Delete
// Winter kit list?") where the project's name must be typed to confirm: "Delete this project" stays
// disabled until the box holds the name exactly (case and all; spaces around it are ignored), and
// "Cancel" closes the dialog and keeps the project. A confirmed delete takes the project off the list
// ("2 projects", 'Deleted "Winter kit list".'). Projects are kept per visitor on the server, so a delete
// survives a reload; the typed name is the dialog's guard, the server does not see it. Broken, the
// guard only asks that what is typed starts the name, in any case: "winter" (or just "W") enables
// "Delete this project", so a slip of the keyboard deletes the project.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';

export const PROJECTS_PATH = '/projects';

interface Project {
  readonly id: number;
  readonly name: string;
  readonly pages: number;
  readonly edited: string;
}

export const PROJECTS: readonly Project[] = [
  { id: 1, name: 'Coast path guide', pages: 12, edited: '2 days ago' },
  { id: 2, name: 'Winter kit list', pages: 4, edited: 'last week' },
  { id: 3, name: 'Bothy map', pages: 1, edited: 'in March' },
];

function countLabel(n: number): string {
  return n === 1 ? '1 project' : `${n} projects`;
}

function pagesLabel(n: number): string {
  return n === 1 ? '1 page' : `${n} pages`;
}

function projectScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(PROJECTS_PATH)};
  var list = document.getElementById('project-list');
  var count = document.getElementById('project-count');
  var empty = document.getElementById('project-empty');
  var status = document.getElementById('project-status');
  var error = document.getElementById('project-error');
  var dialog = document.getElementById('delete-dialog');
  var title = document.getElementById('delete-title');
  var warning = document.getElementById('delete-warning');
  var label = document.getElementById('confirm-label');
  var input = document.getElementById('confirm-name');
  var confirm = document.getElementById('delete-confirm');
  var pending = null;
  function countLabel(n) { return n === 1 ? '1 project' : n + ' projects'; }
  function pagesLabel(n) { return n === 1 ? '1 page' : n + ' pages'; }
  function projectItem(p) {
    var item = document.createElement('li');
    item.setAttribute('data-id', String(p.id));
    item.setAttribute('data-name', p.name);
    item.setAttribute('data-pages', String(p.pages));
    var article = document.createElement('article');
    article.className = 'project';
    var name = document.createElement('h2');
    name.textContent = p.name;
    var meta = document.createElement('p');
    meta.className = 'hint';
    meta.textContent = pagesLabel(p.pages) + ' · edited ' + p.edited;
    var remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'secondary delete-project';
    remove.setAttribute('aria-label', 'Delete ' + p.name);
    remove.textContent = 'Delete';
    article.append(name, meta, remove);
    item.append(article);
    return item;
  }
  function render(projects) {
    list.replaceChildren.apply(list, projects.map(projectItem));
    count.textContent = countLabel(projects.length);
    empty.hidden = projects.length > 0;
  }
  function matches(typed, name) {
    ${
      broken
        ? `return typed !== '' && name.toLowerCase().indexOf(typed.toLowerCase()) === 0;`
        : `return typed === name;`
    }
  }
  list.addEventListener('click', function (event) {
    var button = event.target.closest('.delete-project');
    if (button === null) return;
    var item = button.closest('li');
    pending = { id: item.getAttribute('data-id'), name: item.getAttribute('data-name') };
    title.textContent = 'Delete ' + pending.name + '?';
    warning.textContent = 'This deletes the project and its ' + pagesLabel(Number(item.getAttribute('data-pages'))) +
      ' for everyone. It cannot be undone.';
    label.textContent = 'To confirm, type "' + pending.name + '" in the box below';
    input.value = '';
    confirm.disabled = true;
    status.textContent = '';
    error.textContent = '';
    dialog.showModal();
    input.focus();
  });
  input.addEventListener('input', function () {
    confirm.disabled = pending === null || !matches(input.value.trim(), pending.name);
  });
  document.getElementById('delete-cancel').addEventListener('click', function () { dialog.close(); });
  dialog.addEventListener('close', function () {
    pending = null;
    input.value = '';
    confirm.disabled = true;
  });
  document.getElementById('delete-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var project = pending;
    if (project === null || !matches(input.value.trim(), project.name)) return;
    confirm.disabled = true;
    fetch(base + '/' + project.id + '/delete', { method: 'POST', headers: { accept: 'application/json' } })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
          return data;
        });
      })
      .then(function (data) {
        dialog.close();
        render(data.projects);
        status.textContent = 'Deleted "' + project.name + '".';
      })
      .catch(function (err) {
        dialog.close();
        error.textContent = err.message;
      });
  });
})();
`;
}

export function projectDeletion(app: AppContext): FeatureModule {
  const deleted = new VisitorScoped<Set<number>>(() => new Set());
  const shown = (visitorId: string): readonly Project[] => {
    const gone = deleted.get(visitorId);
    return PROJECTS.filter((p) => !gone.has(p.id));
  };
  const remove = (ctx: RequestContext): void => {
    const id = Number(ctx.params[0]);
    const gone = deleted.get(ctx.visitorId);
    if (!PROJECTS.some((p) => p.id === id) || gone.has(id)) {
      sendJson(ctx.res, 404, { error: 'That project no longer exists.' });
      return;
    }
    gone.add(id);
    sendJson(ctx.res, 200, { projects: shown(ctx.visitorId) });
  };
  return {
    scripts: { 'project-deletion': projectScript(app.isBroken('project-deletion')) },
    routes: [
      {
        method: 'GET',
        path: PROJECTS_PATH,
        handle: (ctx) => {
          const projects = shown(ctx.visitorId);
          renderPage(app, ctx, {
            title: 'Your projects',
            scripts: ['project-deletion'],
            body: html`<h1>Your projects</h1>
              <p id="project-count" aria-live="polite">${countLabel(projects.length)}</p>
              <ul id="project-list" class="projects" aria-label="Projects">
                ${projects.map(
                  (p) =>
                    html`<li data-id="${p.id}" data-name="${p.name}" data-pages="${p.pages}">
                      <article class="project">
                        <h2>${p.name}</h2>
                        <p class="hint">${pagesLabel(p.pages)} · edited ${p.edited}</p>
                        <button type="button" class="secondary delete-project" aria-label="Delete ${p.name}">
                          Delete
                        </button>
                      </article>
                    </li>`,
                )}
              </ul>
              <p id="project-empty" ${projects.length > 0 ? html`hidden` : ''}>You have no projects.</p>
              <p id="project-error" role="alert"></p>
              <p id="project-status" role="status"></p>
              <dialog id="delete-dialog" aria-labelledby="delete-title" aria-describedby="delete-warning">
                <h2 id="delete-title">Delete this project?</h2>
                <p id="delete-warning">This deletes the project for everyone. It cannot be undone.</p>
                <form id="delete-form" class="stack" novalidate>
                  <label id="confirm-label" for="confirm-name">To confirm, type the project's name</label>
                  <input id="confirm-name" name="confirm" autocomplete="off" spellcheck="false" />
                  <div class="dialog-actions">
                    <button type="button" id="delete-cancel" class="secondary">Cancel</button>
                    <button type="submit" id="delete-confirm" class="danger" disabled>
                      Delete this project
                    </button>
                  </div>
                </form>
              </dialog>`,
          });
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${PROJECTS_PATH}/(\\d+)/delete$`),
        handle: remove,
      },
    ],
  };
}
