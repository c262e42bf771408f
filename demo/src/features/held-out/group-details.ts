// Held-out page: editing a walking group's details, with a guard against losing unsaved changes. /group
// shows the group (Penwith Walkers: meeting point Penzance bus station, usual walk day Saturday, dogs
// welcome) and a link "Edit group details" to /group/edit, a form with "Group name", "Meeting point", a
// "Usual walk day" select and a "Dogs welcome" checkbox, "Save changes" and "Cancel". Save changes
// posts the form; the server keeps the details per visitor and goes back to /group with "Group details
// saved." (an empty name is refused with the alert "Enter a group name."). Cancel with nothing changed
// goes straight back to /group; with something changed it asks first in a dialog, "Discard your
// changes?", whose "Keep editing" (or Escape) closes it and leaves the form as it was, what was typed
// still there, and whose "Discard changes" goes back to /group with nothing saved. Broken, closing the
// dialog resets the form whichever way it is closed (the reset meant for Discard changes runs first):
// Keep editing puts the saved details back in the boxes, so what was typed is lost and a Save changes
// after it saves the old details (and still says "Group details saved.").
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { field, readForm, redirect } from '../../server/http';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';
import { checkboxRow } from './checkbox-row';

export const GROUP_PATH = '/group';
export const GROUP_EDIT_PATH = '/group/edit';

export const WALK_DAYS = ['Saturday', 'Sunday', 'Wednesday'] as const;

interface GroupDetails {
  readonly name: string;
  readonly meetingPoint: string;
  readonly day: string;
  readonly dogs: boolean;
}

const FIRST_DETAILS: GroupDetails = {
  name: 'Penwith Walkers',
  meetingPoint: 'Penzance bus station',
  day: 'Saturday',
  dogs: true,
};

const NO_NAME = 'Enter a group name.';

function groupScript(broken: boolean): string {
  const leave = `window.location.href = ${JSON.stringify(GROUP_PATH)};`;
  return `(function () {
  var form = document.getElementById('group-form');
  var cancel = document.getElementById('group-cancel');
  var dialog = document.getElementById('discard-dialog');
  function snapshot() {
    return JSON.stringify(Array.from(new FormData(form).entries()));
  }
  var saved = snapshot();
  cancel.addEventListener('click', function () {
    if (snapshot() === saved) {
      ${leave}
      return;
    }
    dialog.returnValue = '';
    dialog.showModal();
  });
  // Broken, the reset runs as the dialog is closed, however it is closed, before the 'close' event
  // (which comes a task later): a check right after the click already sees the boxes reset.
  function closeWith(value) {
    ${broken ? 'form.reset();' : ''}
    dialog.close(value);
  }
  document.getElementById('keep-editing').addEventListener('click', function () { closeWith('keep'); });
  document.getElementById('discard-changes').addEventListener('click', function () { closeWith('discard'); });
  dialog.addEventListener('cancel', function () { ${broken ? 'form.reset();' : ''} });
  dialog.addEventListener('close', function () {
    if (dialog.returnValue === 'discard') {
      ${broken ? '' : 'form.reset();'}
      ${leave}
      return;
    }
    cancel.focus();
  });
})();
`;
}

export function groupDetails(app: AppContext): FeatureModule {
  const stored = new VisitorScoped<{ details: GroupDetails }>(() => ({ details: FIRST_DETAILS }));

  const editForm = (ctx: RequestContext, shown: GroupDetails, error: string): void => {
    renderPage(app, ctx, {
      title: 'Edit group details',
      status: error === '' ? 200 : 422,
      scripts: ['group-details'],
      body: html`<h1>Edit group details</h1>
        <form id="group-form" class="stack" method="post" action="${GROUP_EDIT_PATH}" novalidate>
          <label for="group-name">Group name</label>
          <input id="group-name" name="name" value="${shown.name}" autocomplete="off" />
          <label for="meeting-point">Meeting point</label>
          <input id="meeting-point" name="meeting" value="${shown.meetingPoint}" autocomplete="off" />
          <label for="walk-day">Usual walk day</label>
          <select id="walk-day" name="day">
            ${WALK_DAYS.map((d) => html`<option ${d === shown.day ? html`selected` : ''}>${d}</option>`)}
          </select>
          ${checkboxRow({
            id: 'dogs-welcome',
            name: 'dogs',
            value: 'yes',
            label: 'Dogs welcome',
            checked: shown.dogs,
          })}
          <p id="group-error" role="alert">${error}</p>
          <div class="form-actions">
            <button type="submit">Save changes</button>
            <button type="button" id="group-cancel" class="secondary">Cancel</button>
          </div>
        </form>
        <dialog id="discard-dialog" aria-labelledby="discard-title" aria-describedby="discard-text">
          <h2 id="discard-title">Discard your changes?</h2>
          <p id="discard-text">
            You've changed the group's details. If you leave now, your changes won't be saved.
          </p>
          <div class="dialog-actions">
            <button type="button" id="keep-editing" class="secondary" autofocus>Keep editing</button>
            <button type="button" id="discard-changes" class="danger">Discard changes</button>
          </div>
        </dialog>`,
    });
  };

  return {
    scripts: { 'group-details': groupScript(app.isBroken('group-details')) },
    routes: [
      {
        method: 'GET',
        path: GROUP_PATH,
        handle: (ctx) => {
          const group = stored.get(ctx.visitorId).details;
          const saved = ctx.url.searchParams.get('saved') === '1';
          renderPage(app, ctx, {
            title: group.name,
            body: html`<h1>${group.name}</h1>
              <p id="group-saved" class="${saved ? 'success' : ''}" role="status">
                ${saved ? 'Group details saved.' : ''}
              </p>
              <dl class="group-facts">
                <dt>Meeting point</dt>
                <dd>${group.meetingPoint}</dd>
                <dt>Usual walk day</dt>
                <dd>${group.day}</dd>
                <dt>Dogs</dt>
                <dd>${group.dogs ? 'Dogs welcome' : 'No dogs, please'}</dd>
              </dl>
              <p><a href="${GROUP_EDIT_PATH}">Edit group details</a></p>`,
          });
        },
      },
      {
        method: 'GET',
        path: GROUP_EDIT_PATH,
        handle: (ctx) => editForm(ctx, stored.get(ctx.visitorId).details, ''),
      },
      {
        method: 'POST',
        path: GROUP_EDIT_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const day = field(posted, 'day', 20);
          const details: GroupDetails = {
            name: field(posted, 'name', 80),
            meetingPoint: field(posted, 'meeting', 120),
            day: (WALK_DAYS as readonly string[]).includes(day) ? day : FIRST_DETAILS.day,
            dogs: posted.get('dogs') === 'yes',
          };
          if (details.name === '') {
            editForm(ctx, details, NO_NAME);
            return;
          }
          stored.get(ctx.visitorId).details = details;
          redirect(ctx.res, `${GROUP_PATH}?saved=1`);
        },
      },
    ],
  };
}
