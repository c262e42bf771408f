// Evaluates a compiled spec (CommonJS with an inline source map, from runs/compile-spec.ts) as a
// module whose require() only offers @playwright/test and safe Node built-ins. Stack traces map back
// to the spec's own lines because CommonJS compilation registers the inline source map.

import Module, { createRequire } from 'node:module';

const requireBuiltin = createRequire(__filename);

// Built-ins a test may reasonably use. Process, network and code-loading modules are refused; the
// worker's permission model and network guard are the real boundary, this keeps mistakes obvious.
const ALLOWED_BUILTINS = new Set([
  'assert',
  'assert/strict',
  'buffer',
  'crypto',
  'events',
  'fs',
  'fs/promises',
  'os',
  'path',
  'querystring',
  'stream',
  'string_decoder',
  'timers',
  'timers/promises',
  'url',
  'util',
]);

export type ModuleProvider = (id: string) => unknown;

/** Evaluates compiled CommonJS code as `filePath`; `provide` answers the non-builtin imports. */
export function evaluateSpec(code: string, filePath: string, provide: ModuleProvider): void {
  const mod = new Module(filePath);
  mod.filename = filePath;
  mod.paths = [];
  const restrictedRequire = (id: string): unknown => {
    const bare = id.startsWith('node:') ? id.slice(5) : id;
    if (ALLOWED_BUILTINS.has(bare)) return requireBuiltin(`node:${bare}`);
    const provided = provide(id);
    if (provided !== undefined) return provided;
    const err = new Error(
      `Cannot find module '${id}': the runner provides @playwright/test and Node built-ins (${[...ALLOWED_BUILTINS].join(', ')}) only`,
    );
    Object.assign(err, { code: 'MODULE_NOT_FOUND' });
    throw err;
  };
  const resolve = (id: string): never => {
    throw new Error(`require.resolve('${id}') is not available to specs`);
  };
  mod.require = Object.assign(restrictedRequire, {
    resolve: Object.assign(resolve, { paths: () => null }),
    cache: {},
    main: undefined,
    extensions: {},
  });
  // _compile is how CommonJS evaluates a module; it also registers the inline source map.
  (mod as unknown as { _compile(code: string, filename: string): void })._compile(code, filePath);
}
