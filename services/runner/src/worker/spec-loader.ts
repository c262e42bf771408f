// Evaluates a compiled spec (CommonJS with an inline source map, from runs/compile-spec.ts) as a
// module whose require() only offers @playwright/test and safe Node built-ins. Stack traces map back
// to the spec's own lines because CommonJS compilation (Module#_compile) registers the inline source map.
//
// Refused modules stay refused: the spec sees no path to Node's module loader. Its `module` is a plain
// object (no `constructor` leading to Module, no `_load`), its `require` is ours (no `main`, `cache`
// or `extensions` of the real loader), `arguments` holds the same two, process.mainModule and
// process.getBuiltinModule are hardened (process-hardening.ts), and a resolve hook refuses whatever
// code in a spec's directory (the spec, and code it builds with eval or new Function) imports with
// import(), except the allowed built-ins.

import { randomBytes } from 'node:crypto';
import Module, { createRequire, isBuiltin, registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const requireBuiltin = createRequire(__filename);

// Built-ins a test may reasonably use. Process, network and code-loading modules are refused; the
// worker's permission model and network guard are the real boundary, this keeps mistakes obvious.
export const ALLOWED_BUILTINS: ReadonlySet<string> = new Set([
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

const bareName = (id: string): string => (id.startsWith('node:') ? id.slice(5) : id);

function refused(id: string): Error {
  const err = new Error(
    `Cannot find module '${id}': the runner provides @playwright/test and Node built-ins (${[...ALLOWED_BUILTINS].join(', ')}) only`,
  );
  Object.assign(err, { code: 'MODULE_NOT_FOUND' });
  return err;
}

/** file: URL prefixes of the directories specs were evaluated from. */
const specDirs = new Set<string>();
let fenceInstalled = false;

function untrustedImporter(parent: string | undefined): boolean {
  if (parent === undefined || !parent.startsWith('file:')) return true;
  for (const dir of specDirs) if (parent.startsWith(dir)) return true;
  return false;
}

/**
 * import() does not go through a module's require: Node's ESM loader resolves it. Whatever a spec's
 * directory (the spec, and code it builds with eval or new Function) or no module at all imports is
 * refused unless it is an allowed built-in. The worker's own code and Playwright load as before.
 */
function installImportFence(specPath: string): void {
  specDirs.add(pathToFileURL(path.dirname(specPath)).href.replace(/\/?$/, '/'));
  if (fenceInstalled) return;
  fenceInstalled = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (untrustedImporter(context.parentURL)) {
        const bare = bareName(specifier);
        if (!(isBuiltin(specifier) && ALLOWED_BUILTINS.has(bare))) throw refused(specifier);
      }
      return nextResolve(specifier, context);
    },
  });
}

/** Evaluates compiled CommonJS code as `filePath`; `provide` answers the non-builtin imports. */
/**
 * Evaluates the spec. The returned object must stay referenced while the spec's code may still run:
 * Node keeps a CommonJS module's source map only as long as its Module object lives (a weak map), so
 * once it was collected the stacks of errors thrown later (a test that runs a while, the abandoned
 * body of a timed-out step) pointed at lines of the compiled code, not the spec's.
 */
export function evaluateSpec(code: string, filePath: string, provide: ModuleProvider): object {
  installImportFence(filePath);
  const restrictedRequire = (id: string): unknown => {
    const bare = bareName(id);
    if (ALLOWED_BUILTINS.has(bare)) return requireBuiltin(`node:${bare}`);
    const provided = provide(id);
    if (provided !== undefined) return provided;
    throw refused(id);
  };
  const resolve = (id: string): never => {
    throw new Error(`require.resolve('${id}') is not available to specs`);
  };
  const specRequire = Object.assign(restrictedRequire, {
    resolve: Object.assign(resolve, { paths: () => null }),
    cache: {},
    main: undefined,
    extensions: {},
  });
  const specExports = {};
  const specModule = {
    id: filePath,
    filename: filePath,
    path: path.dirname(filePath),
    exports: specExports,
    loaded: false,
    children: [],
    paths: [],
    require: specRequire,
  };

  // _compile is how CommonJS evaluates a module (it also registers the inline source map), and it
  // hands the code a real Module as `module` and Node's require (whose `cache` holds every loaded
  // Module), in the parameters and in `arguments`. So the code starts by swapping in the plain module
  // and our require, read from a one-use key on `this` (the exports object). It goes on the first line
  // after "use strict", which holds nothing else: no mapped position moves.
  const carrier = new Module(filePath);
  carrier.filename = filePath;
  carrier.paths = [];
  carrier.exports = specExports;
  carrier.require = specRequire;
  const key = `__spec_${randomBytes(12).toString('hex')}`;
  const holder: { module: typeof specModule; require: typeof specRequire } = Object.assign(
    Object.create(null) as object,
    { module: specModule, require: specRequire },
  );
  Object.defineProperty(specExports, key, { value: holder, configurable: true, enumerable: false });
  const prologue = `var{module,require}=this.${key};delete this.${key};arguments[1]=require;arguments[2]=module;`;
  const strict = /^(["'])use strict\1;/.exec(code);
  const wrapped = strict ? `${strict[0]}${prologue}${code.slice(strict[0].length)}` : `${prologue}${code}`;
  try {
    (carrier as unknown as { _compile(code: string, filename: string): void })._compile(wrapped, filePath);
  } finally {
    delete (specExports as Record<string, unknown>)[key];
  }
  return carrier;
}
