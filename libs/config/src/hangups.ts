/**
 * Takes over SIGHUP at once, before anything slow: Node's default action for SIGHUP is to exit, so
 * a reload asked for while a service starts (a hook fired right after a deploy) would kill it. A
 * SIGHUP that comes before `start` is remembered and handed over then, once (the files it asks to
 * reload may have changed after they were first read).
 */
export function deferHangups(): { start(reload: () => unknown): void } {
  let reload: (() => unknown) | undefined;
  let asked = false;
  process.on('SIGHUP', () => {
    if (reload) void reload();
    else asked = true;
  });
  return {
    start(handler) {
      reload = handler;
      if (asked) {
        asked = false;
        void handler();
      }
    },
  };
}
