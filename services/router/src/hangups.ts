// Imported first by main.ts, before the modules that take half a second to load: from then on a
// SIGHUP (a reload hook fired right after a deploy) no longer ends the process, which is Node's
// default. A hang-up that arrives before the policy reloader exists is kept and handed to it.

let reload: (() => void) | undefined;
let pending = false;

process.on('SIGHUP', () => {
  if (reload) reload();
  else pending = true;
});

/** Sends every SIGHUP to `handler` from now on, starting with one that came while starting up. */
export function onHangup(handler: () => void): void {
  reload = handler;
  if (pending) {
    pending = false;
    handler();
  }
}
