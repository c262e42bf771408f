// Spec source → CommonJS. TypeScript is transpiled without a type check (like Playwright's babel
// transform), with an inline source map so stack traces and error locations point at the spec's own
// lines. This runs in the service: workers never load the compiler, and a spec that does not compile
// is answered without taking a worker.

import { createHash } from 'node:crypto';
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
  let out: ts.TranspileOutput;
  try {
    out = ts.transpileModule(source, {
      fileName,
      reportDiagnostics: true,
      compilerOptions: COMPILER_OPTIONS,
    });
  } catch (err) {
    // The parser recurses per nesting level: a few thousand nested brackets overflow its stack.
    // That is the spec's doing (a file that does not load), not the runner's (INTERNAL).
    if (err instanceof RangeError)
      return { ok: false, message: `SyntaxError: the spec is nested too deeply to compile (${err.message})` };
    throw err;
  }
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

/**
 * compileSpec with a small LRU in front: the same spec is often run again (re-runs, escalation
 * retries, benchmarks), and transpiling costs the service's event loop 5–30 ms.
 */
export class SpecCompiler {
  private readonly cache = new Map<string, Compiled>();

  constructor(private readonly capacity = 200) {}

  compile(source: string, fileName: string): Compiled {
    const key = createHash('sha256').update(fileName).update('\0').update(source).digest('hex');
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const compiled = compileSpec(source, fileName);
    this.cache.set(key, compiled);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value ?? '');
    return compiled;
  }
}
