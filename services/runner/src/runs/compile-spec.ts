// Spec source → CommonJS. TypeScript is transpiled without a type check (like Playwright's babel
// transform), with an inline source map so stack traces and error locations point at the spec's own
// lines. This runs in the service: workers never load the compiler, and a spec that does not compile
// is answered without taking a worker.

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

/** `fileName` is the spec's own name (e.g. "login.spec.ts"): the source map refers to it. */
export function compileSpec(source: string, fileName: string): Compiled {
  const out = ts.transpileModule(source, { fileName, reportDiagnostics: true, compilerOptions: COMPILER_OPTIONS });
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

