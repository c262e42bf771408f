// Type-checks a spec against the real @playwright/test (and Node) declarations with one long-lived
// LanguageService: the library .d.ts files are parsed once and kept, each check only swaps the spec
// text, so after the first check (≈1–2 s to load lib + Playwright types) a check costs tens of ms.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface TypeDiagnostic {
  line: number;
  column: number;
  code: number;
  message: string;
}

export interface TypeChecker {
  /** Errors of the spec (syntactic and semantic), in position order; empty when it type-checks. */
  check(source: string): TypeDiagnostic[];
}

/** The directory whose node_modules resolve @playwright/test: this package's root. */
const PACKAGE_DIR = path.resolve(__dirname, '..', '..', '..');

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  allowJs: false,
  isolatedModules: true,
};

export function createTypeChecker(baseDir: string = PACKAGE_DIR): TypeChecker {
  const specFile = path.join(baseDir, '.scribe-virtual', 'generated.spec.ts');
  let specText = '';
  let specVersion = 0;
  // Library files never change while the process runs: read and snapshot each once.
  const snapshots = new Map<string, ts.IScriptSnapshot | undefined>();
  const diskSnapshot = (file: string): ts.IScriptSnapshot | undefined => {
    if (!snapshots.has(file)) {
      let snap: ts.IScriptSnapshot | undefined;
      try {
        snap = ts.ScriptSnapshot.fromString(fs.readFileSync(file, 'utf8'));
      } catch {
        snap = undefined;
      }
      snapshots.set(file, snap);
    }
    return snapshots.get(file);
  };
  const exists = new Map<string, boolean>();
  const fileExists = (file: string): boolean => {
    if (file === specFile) return true;
    let e = exists.get(file);
    if (e === undefined) {
      e = ts.sys.fileExists(file);
      exists.set(file, e);
    }
    return e;
  };

  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => OPTIONS,
    getScriptFileNames: () => [specFile],
    getScriptVersion: (file) => (file === specFile ? String(specVersion) : '1'),
    getScriptSnapshot: (file) =>
      file === specFile ? ts.ScriptSnapshot.fromString(specText) : diskSnapshot(file),
    getCurrentDirectory: () => baseDir,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists,
    readFile: (file) => (file === specFile ? specText : ts.sys.readFile(file)),
    readDirectory: (p, ext, exclude, include, depth) => ts.sys.readDirectory(p, ext, exclude, include, depth),
    directoryExists: (p) => ts.sys.directoryExists(p),
    getDirectories: (p) => ts.sys.getDirectories(p),
    realpath: (p) => (ts.sys.realpath ? ts.sys.realpath(p) : p),
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());

  return {
    check(source) {
      specText = source;
      specVersion++;
      const diagnostics = [
        ...service.getSyntacticDiagnostics(specFile),
        ...service.getSemanticDiagnostics(specFile),
      ];
      return diagnostics
        .filter((d) => d.category === ts.DiagnosticCategory.Error)
        .map((d) => {
          const pos =
            d.file && d.start !== undefined
              ? d.file.getLineAndCharacterOfPosition(d.start)
              : { line: -1, character: -1 };
          return {
            line: pos.line + 1,
            column: pos.character + 1,
            code: d.code,
            message: ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 1000),
          };
        })
        .sort((a, b) => a.line - b.line || a.column - b.column);
    },
  };
}
