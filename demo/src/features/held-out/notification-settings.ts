// Held-out page: a walking club member's notification settings. A "Send me notifications" switch (a
// checkbox with role="switch", on to start) sits above "How should we reach you?", three checkboxes
// (Email and App notification ticked, Text message not). Turning the switch off disables the three
// boxes in the browser (and says "Turn notifications on to choose how we reach you."); turning it back
// on enables them with their ticks as they were. "Save settings" posts the form; the server keeps the
// settings per visitor and the page comes back with "Your notification settings have been saved." and
// a line saying what is saved: "You'll get notifications by email and app notification." or
// "Notifications are off. You won't hear from us." Switch on with no box ticked is refused with the
// alert "Choose at least one way to reach you, or turn notifications off." (in the browser and on the
// server). Broken, the server treats a field the form did not send as "unchanged" (meant for the
// disabled boxes, which a browser does not send), but an unticked switch is not sent either: saving with
// the switch off says the settings were saved, yet the page comes back with the switch on and "You'll
// get notifications by …" (and a switch-on save with every box unticked keeps the old boxes).
import type { AppContext } from '../../server/app-context';
import type { FeatureModule } from '../../server/feature-module';
import { field, readForm, redirect } from '../../server/http';
import { html } from '../../server/html';
import { renderPage } from '../../server/layout';
import type { RequestContext } from '../../server/router';
import { VisitorScoped } from '../../server/visitors';
import { checkboxRow } from './checkbox-row';

export const NOTIFICATIONS_PATH = '/notifications';

export const CHANNELS: readonly { readonly value: string; readonly label: string; readonly by: string }[] = [
  { value: 'email', label: 'Email', by: 'email' },
  { value: 'sms', label: 'Text message', by: 'text message' },
  { value: 'app', label: 'App notification', by: 'app notification' },
];

const NO_CHANNEL = 'Choose at least one way to reach you, or turn notifications off.';
const PAUSED_HINT = 'Turn notifications on to choose how we reach you.';

interface Settings {
  enabled: boolean;
  channels: readonly string[];
}

function summary(settings: Settings): string {
  if (!settings.enabled) return "Notifications are off. You won't hear from us.";
  const by = CHANNELS.filter((c) => settings.channels.includes(c.value)).map((c) => c.by);
  const list = by.length > 1 ? `${by.slice(0, -1).join(', ')} and ${by[by.length - 1]}` : (by[0] ?? '');
  return `You'll get notifications by ${list}.`;
}

const NOTIFICATIONS_SCRIPT = `(function () {
  var form = document.getElementById('notify-form');
  var master = document.getElementById('notify-enabled');
  var channels = document.getElementById('notify-channels');
  var paused = document.getElementById('notify-paused');
  var error = document.getElementById('notify-error');
  function sync() {
    channels.disabled = !master.checked;
    paused.hidden = master.checked;
  }
  master.addEventListener('change', function () {
    error.textContent = '';
    sync();
  });
  channels.addEventListener('change', function () {
    error.textContent = '';
  });
  form.addEventListener('submit', function (event) {
    if (!master.checked || channels.querySelector('input:checked') !== null) return;
    event.preventDefault();
    error.textContent = ${JSON.stringify(NO_CHANNEL)};
    channels.querySelector('input').focus();
  });
  sync();
})();
`;

export function notificationSettings(app: AppContext): FeatureModule {
  const broken = app.isBroken('notification-settings');
  const stored = new VisitorScoped<Settings>(() => ({ enabled: true, channels: ['email', 'app'] }));
  const page = (ctx: RequestContext, shown: Settings, saved: boolean, error: string): void => {
    const current = stored.get(ctx.visitorId);
    renderPage(app, ctx, {
      title: 'Notification settings',
      status: error === '' ? 200 : 422,
      scripts: ['notification-settings'],
      body: html`<h1>Notification settings</h1>
        <p>
          Choose how Trail Club tells you about new walks, changes to a walk and reminders the day before.
        </p>
        <p id="notify-saved" class="${saved ? 'success' : ''}" role="status">
          ${saved ? 'Your notification settings have been saved.' : ''}
        </p>
        <p id="notify-summary">${summary(current)}</p>
        <form id="notify-form" class="stack" method="post" action="${NOTIFICATIONS_PATH}" novalidate>
          <div class="switch-row">
            <input
              type="checkbox"
              role="switch"
              id="notify-enabled"
              name="enabled"
              value="on"
              ${shown.enabled ? html`checked` : ''}
            />
            <label for="notify-enabled">Send me notifications</label>
          </div>
          <fieldset id="notify-channels" class="reasons" ${shown.enabled ? '' : html`disabled`}>
            <legend>How should we reach you?</legend>
            ${CHANNELS.map((c) =>
              checkboxRow({
                id: `channel-${c.value}`,
                name: 'channel',
                value: c.value,
                label: c.label,
                checked: shown.channels.includes(c.value),
              }),
            )}
          </fieldset>
          <p id="notify-paused" class="hint" ${shown.enabled ? html`hidden` : ''}>${PAUSED_HINT}</p>
          <p id="notify-error" role="alert">${error}</p>
          <div class="form-actions">
            <button type="submit">Save settings</button>
          </div>
        </form>`,
    });
  };
  return {
    scripts: { 'notification-settings': NOTIFICATIONS_SCRIPT },
    routes: [
      {
        method: 'GET',
        path: NOTIFICATIONS_PATH,
        handle: (ctx) => {
          const saved = ctx.url.searchParams.get('saved') === '1';
          page(ctx, stored.get(ctx.visitorId), saved, '');
        },
      },
      {
        method: 'POST',
        path: NOTIFICATIONS_PATH,
        handle: async (ctx) => {
          const posted = await readForm(ctx.req);
          const current = stored.get(ctx.visitorId);
          const sentChannels = posted
            .getAll('channel')
            .filter((value, i, all) => CHANNELS.some((c) => c.value === value) && all.indexOf(value) === i);
          // A disabled box is not sent by the browser, so no box sent with the switch off keeps the
          // stored ones. Broken: every field not sent is taken as unchanged, the switch included.
          const enabled = posted.has('enabled')
            ? field(posted, 'enabled', 10) === 'on'
            : broken
              ? current.enabled
              : false;
          const channels =
            !enabled || (broken && sentChannels.length === 0) ? current.channels : sentChannels;
          if (enabled && channels.length === 0) {
            page(ctx, { enabled, channels }, false, NO_CHANNEL);
            return;
          }
          stored.get(ctx.visitorId).enabled = enabled;
          stored.get(ctx.visitorId).channels = channels;
          redirect(ctx.res, `${NOTIFICATIONS_PATH}?saved=1`);
        },
      },
    ],
  };
}
