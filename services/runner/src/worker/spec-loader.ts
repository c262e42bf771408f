// Turns spec source into a module: TypeScript is transpiled (no type check, like Playwright's babel
// transform) with an inline source map so stack traces and error locations point at the spec's own
// lines, then evaluated with a require() that only offers @playwright/test and safe Node built-ins.

import Module from 'node:module';
import ts from 'typescript';
import type { SpecLocation } from '../domain/run-result';

export type Compiled = { ok: true; code: string } | { ok: false; message: string; location?: SpecLocation };

const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  inlineSourceMap: true,
  isolatedModules: true,
  jsx: ts.JsxEmit.React,
};

export function compileSpec(source: string, filePath: string): Compiled {
  const out = ts.transpileModule(source, { fileName: filePath, reportDiagnostics: true, compilerOptions: COMPILER_OPTIONS });
  const first = (out.diagnostics ?? []).find((d) => d.category === ts.DiagnosticCategory.Error);
  if (first) {
    const message = ts.flattenDiagnosticMessageText(first.messageText, '\n');
    let location: SpecLocation | undefined;
    if (first.file && first.start !== undefined) {
      const pos = first.file.getLineAndCharacterOfPosition(first.start);
      location = { line: pos.line + 1, column: pos.character + 1 };
    }
    const where = location ? ` (${location.line}:${location.column})` : '';
    return { ok: false, message: `SyntaxError: ${message}${where}`, location };
  }
  return { ok: true, code: out.outputText };
}

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
    if (ALLOWED_BUILTINS.has(bare)) return require(`node:${bare}`);
    const provided = provide(id);
    if (provided !== undefined) return provided;
    const err = new Error(`Cannot find module '${id}': the runner provides @playwright/test and Node built-ins (${[...ALLOWED_BUILTINS].join(', ')}) only`);
    Object.assign(err, { code: 'MODULE_NOT_FOUND' });
    throw err;
  };
  mod.require = Object.assign(restrictedRequire, { resolve: require.resolve, cache: {}, main: undefined, extensions: {} }) as unknown as NodeJS.Require;
  // _compile is how CommonJS evaluates a module; it also registers the inline source map.
  (mod as unknown as { _compile(code: string, filename: string): void })._compile(code, filePath);
}
