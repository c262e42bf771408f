// Held-out page: the visitor's playlists (Road trip, Sunday morning, Running mix), each with a "Rename"
// button (named for screen readers by the playlist: "Rename Road trip"). Rename turns the name into a
// text box labelled "Playlist name", filled with the name and selected, with "Save" and "Cancel": Save
// or Enter saves ('Renamed "Road trip" to "Summer road trip".'), Cancel or Escape puts the old name
// back and saves nothing; an empty name is refused with the alert "A playlist needs a name." and the box
// stays open. Names are kept per visitor on the server, so a rename survives a reload. Broken, the box
// also saves whatever it holds when it loses focus (an autosave meant for clicking elsewhere): pressing
// Cancel with the mouse moves the focus to the button first, so the typed name is saved and shown
// ('Renamed …') instead of being thrown away. Escape, which does not move the focus, still cancels.
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { html } from '../../server/html';
import { HttpError, readJsonObject, sendJson } from '../../server/http';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';

export const PLAYLISTS_PATH = '/playlists';
export const PLAYLIST_NAME_MAX = 40;

interface Playlist {
  readonly id: number;
  readonly name: string;
  readonly songs: number;
  readonly length: string;
}

export const PLAYLISTS: readonly Playlist[] = [
  { id: 1, name: 'Road trip', songs: 24, length: '1 h 32 min' },
  { id: 2, name: 'Sunday morning', songs: 12, length: '48 min' },
  { id: 3, name: 'Running mix', songs: 31, length: '1 h 55 min' },
];

function playlistScript(broken: boolean): string {
  return `(function () {
  var base = ${JSON.stringify(PLAYLISTS_PATH)};
  var maxLength = ${PLAYLIST_NAME_MAX};
  var list = document.getElementById('playlist-list');
  var status = document.getElementById('playlist-status');
  var error = document.getElementById('playlist-error');
  var editing = null;
  function nameOf(item) { return item.getAttribute('data-name'); }
  function showName(item, name) {
    item.setAttribute('data-name', name);
    item.querySelector('h2').textContent = name;
    item.querySelector('.rename').setAttribute('aria-label', 'Rename ' + name);
  }
  function close(focusButton) {
    var current = editing;
    if (current === null) return;
    editing = null;
    current.form.remove();
    current.item.querySelector('h2').hidden = false;
    var button = current.item.querySelector('.rename');
    button.hidden = false;
    if (focusButton) button.focus();
  }
  // Resolves true once the server has the new name, false (with the alert) when it refused it.
  function send(item, name) {
    var before = nameOf(item);
    return fetch(base + '/' + item.getAttribute('data-id') + '/rename', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ name: name }),
    })
      .then(function (res) {
        return res.json().then(function (data) {
          if (!res.ok) throw new Error(data.error || 'Something went wrong. Please try again.');
          return data;
        });
      })
      .then(function (data) {
        if (nameOf(item) !== data.name) {
          showName(item, data.name);
          status.textContent = 'Renamed "' + before + '" to "' + data.name + '".';
        }
        return true;
      })
      .catch(function (err) {
        error.textContent = err.message;
        return false;
      });
  }
  function save() {
    var current = editing;
    if (current === null || current.busy) return;
    var name = current.input.value.trim();
    if (name === '') {
      error.textContent = 'A playlist needs a name.';
      current.input.focus();
      return;
    }
    error.textContent = '';
    if (name === nameOf(current.item)) {
      close(true);
      return;
    }
    current.busy = true;
    send(current.item, name).then(function (saved) {
      current.busy = false;
      if (saved && editing === current) close(true);
    });
  }
  function open(item) {
    close(false);
    error.textContent = '';
    status.textContent = '';
    var id = item.getAttribute('data-id');
    var heading = item.querySelector('h2');
    var button = item.querySelector('.rename');
    var form = document.createElement('form');
    form.className = 'rename-form';
    form.noValidate = true;
    var label = document.createElement('label');
    label.htmlFor = 'playlist-name-' + id;
    label.textContent = 'Playlist name';
    var input = document.createElement('input');
    input.id = 'playlist-name-' + id;
    input.name = 'name';
    input.autocomplete = 'off';
    input.maxLength = maxLength;
    input.value = nameOf(item);
    var actions = document.createElement('div');
    actions.className = 'rename-actions';
    var saveButton = document.createElement('button');
    saveButton.type = 'submit';
    saveButton.textContent = 'Save';
    var cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'secondary';
    cancel.textContent = 'Cancel';
    actions.append(saveButton, cancel);
    form.append(label, input, actions);
    heading.hidden = true;
    button.hidden = true;
    heading.after(form);
    editing = { item: item, form: form, input: input, busy: false };
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      save();
    });
    cancel.addEventListener('click', function () {
      error.textContent = '';
      close(true);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      error.textContent = '';
      close(true);
    });${
      broken
        ? `
    // Saves what the box holds when the visitor clicks elsewhere.
    input.addEventListener('blur', function () {
      if (editing === null || editing.input !== input) return;
      var name = input.value.trim();
      var before = nameOf(item);
      if (name === '' || name === before) return;
      showName(item, name);
      status.textContent = 'Renamed "' + before + '" to "' + name + '".';
      send(item, name);
    });`
        : ''
    }
    input.focus();
    input.select();
  }
  list.addEventListener('click', function (event) {
    var button = event.target.closest('button.rename');
    if (button !== null) open(button.closest('li'));
  });
})();
`;
}

export function playlistRename(app: AppContext): FeatureModule {
  const renamed = new VisitorScoped<Map<number, string>>(() => new Map());
  const shown = (visitorId: string): readonly Playlist[] => {
    const names = renamed.get(visitorId);
    return PLAYLISTS.map((p) => ({ ...p, name: names.get(p.id) ?? p.name }));
  };
  const rename = async (ctx: RequestContext): Promise<void> => {
    const id = Number(ctx.params[0]);
    if (!PLAYLISTS.some((p) => p.id === id)) {
      sendJson(ctx.res, 404, { error: 'That playlist no longer exists.' });
      return;
    }
    const body = await readJsonObject(ctx.req);
    if (typeof body['name'] !== 'string') throw new HttpError(400, 'name must be a string');
    const name = body['name'].trim().replace(/\s+/g, ' ').slice(0, PLAYLIST_NAME_MAX);
    if (name === '') {
      sendJson(ctx.res, 400, { error: 'A playlist needs a name.' });
      return;
    }
    renamed.get(ctx.visitorId).set(id, name);
    sendJson(ctx.res, 200, { id, name });
  };
  return {
    scripts: { 'playlist-rename': playlistScript(app.isBroken('playlist-rename')) },
    routes: [
      {
        method: 'GET',
        path: PLAYLISTS_PATH,
        handle: (ctx) => {
          const playlists = shown(ctx.visitorId);
          renderPage(app, ctx, {
            title: 'Your playlists',
            scripts: ['playlist-rename'],
            body: html`<h1>Your playlists</h1>
              <p>Give a playlist a name you will recognise. Only you can see your playlists.</p>
              <ul id="playlist-list" class="playlists" aria-label="Playlists">
                ${playlists.map(
                  (p) =>
                    html`<li data-id="${p.id}" data-name="${p.name}">
                      <article class="playlist">
                        <h2>${p.name}</h2>
                        <p class="hint">${p.songs} songs · ${p.length}</p>
                        <button type="button" class="secondary rename" aria-label="Rename ${p.name}">
                          Rename
                        </button>
                      </article>
                    </li>`,
                )}
              </ul>
              <p id="playlist-error" role="alert"></p>
              <p id="playlist-status" role="status"></p>`,
          });
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${PLAYLISTS_PATH}/(\\d+)/rename$`),
        handle: rename,
      },
    ],
  };
}
