// Process APIs a spec must not reach even though it shares the worker's `process` object: signals to
// other processes (the service, other workers, Chromium are the same user), starting an inspector in
// another process, native bindings and identity changes, and the two ways around the spec's restricted
// require: process.mainModule (a real Module: `.require`, `.constructor._load`) and
// process.getBuiltinModule (any built-in, net and dgram included). Replaced before any spec code runs,
// and non-configurable so spec code cannot put them back.

import { ALLOWED_BUILTINS } from './spec-loader';

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
  Object.defineProperty(process, 'mainModule', {
    value: undefined,
    writable: false,
    configurable: false,
    enumerable: false,
  });
  const getBuiltinModule = process.getBuiltinModule.bind(process);
  Object.defineProperty(process, 'getBuiltinModule', {
    value: (id: string): unknown => {
      const bare = id.startsWith('node:') ? id.slice(5) : id;
      if (!ALLOWED_BUILTINS.has(bare))
        throw new Error(`process.getBuiltinModule('${id}') is not available to specs`);
      return getBuiltinModule(id);
    },
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
