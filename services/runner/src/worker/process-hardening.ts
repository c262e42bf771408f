// Process APIs a spec must not reach even though it shares the worker's `process` object: signals to
// other processes (the service, other workers, Chromium are the same user), starting an inspector in
// another process, native bindings and identity changes. Replaced before any spec code runs, and
// non-configurable so spec code cannot put them back.

const BLOCKED = [
  'kill',
  '_kill',
  '_debugProcess',
  '_debugEnd',
  'binding',
  '_linkedBinding',
  'dlopen',
  'setuid',
  'setgid',
  'seteuid',
  'setegid',
  'setgroups',
  'initgroups',
] as const;

export function hardenProcess(): void {
  for (const name of BLOCKED) {
    Object.defineProperty(process, name, {
      value: () => {
        throw new Error(`process.${name}() is not available to specs`);
      },
      writable: false,
      configurable: false,
      enumerable: false,
    });
  }
}
