import path from 'node:path';
import ts from 'typescript';
import { describeObject } from './k8s-schema';
import { isObject, type JsonObject } from './yaml-docs';

/**
 * Unknown-field detection for Kubernetes manifests. The API server drops (or, with
 * --validate=strict, rejects) fields it does not know, and kubernetes-models' JSON schemas allow
 * them, so a typo like `readinessprobe` would pass every other check. The field lists come from
 * kubernetes-models' own TypeScript declarations (generated from the same OpenAPI document as its
 * schemas), read with the TypeScript compiler: no hand-kept list to drift.
 */
export class FieldChecker {
  private readonly checker: ts.TypeChecker;
  private readonly roots = new Map<string, ts.Type>();

  private constructor(program: ts.Program, file: ts.SourceFile) {
    this.checker = program.getTypeChecker();
    for (const statement of file.statements) {
      if (!ts.isTypeAliasDeclaration(statement)) continue;
      this.roots.set(statement.name.text, this.checker.getTypeAtLocation(statement.name));
    }
  }

  /** Loads the declarations of `kinds` (apiVersion + kind) from kubernetes-models. */
  static load(
    kinds: readonly { apiVersion: string; kind: string }[],
    fromDir: string = __dirname,
  ): FieldChecker {
    const unique = [...new Map(kinds.map((k) => [`${k.apiVersion}/${k.kind}`, k])).values()];
    // An ES module (.mts) so the package's "import" export conditions resolve its types.
    const virtualPath = path.join(fromDir, '__kubernetes_kinds__.mts');
    const source = unique
      .map(
        (k, i) =>
          `import type { I${k.kind} as K${i} } from 'kubernetes-models/${k.apiVersion}/${k.kind}';\nexport type ${alias(k)} = K${i};`,
      )
      .join('\n');
    const options: ts.CompilerOptions = {
      strict: true,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es5.d.ts'],
      types: [],
      noEmit: true,
      skipLibCheck: true,
    };
    const host = ts.createCompilerHost(options);
    const baseGetSourceFile = host.getSourceFile.bind(host);
    const baseFileExists = host.fileExists.bind(host);
    const baseReadFile = host.readFile.bind(host);
    host.fileExists = (f) => f === virtualPath || baseFileExists(f);
    host.readFile = (f) => (f === virtualPath ? source : baseReadFile(f));
    host.getSourceFile = (f, languageVersion, onError, shouldCreate) =>
      f === virtualPath
        ? ts.createSourceFile(f, source, languageVersion, true)
        : baseGetSourceFile(f, languageVersion, onError, shouldCreate);
    const program = ts.createProgram({ rootNames: [virtualPath], options, host });
    const file = program.getSourceFile(virtualPath);
    if (!file) throw new Error('kubernetes-models declarations could not be loaded');
    const unresolved = ts
      .getPreEmitDiagnostics(program, file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    if (unresolved.length > 0) throw new Error(`kubernetes-models declarations: ${unresolved.join('; ')}`);
    return new FieldChecker(program, file);
  }

  /** Every field of `o` (at any depth) that its Kubernetes type does not declare. */
  unknownFields(o: JsonObject): string[] {
    const kind = { apiVersion: String(o.apiVersion), kind: String(o.kind) };
    const type = this.roots.get(alias(kind));
    if (!type)
      return [`${describeObject(o)}: ${kind.apiVersion}/${kind.kind} was not loaded for field checks`];
    const problems: string[] = [];
    this.walk(o, type, '', problems);
    return problems.map((p) => `${describeObject(o)}: unknown field ${p}`);
  }

  private walk(value: unknown, declared: ts.Type, at: string, problems: string[]): void {
    if (value === null || value === undefined) return;
    const type = this.withoutNullish(declared);
    if (!type) return; // a union of several shapes (IntOrString, ...) or a primitive: the schema checks it
    if (this.checker.isArrayType(type)) {
      const element = this.checker.getTypeArguments(type as ts.TypeReference)[0];
      if (Array.isArray(value) && element)
        value.forEach((v, i) => this.walk(v, element, `${at}[${i}]`, problems));
      return;
    }
    if (!isObject(value) || !(type.flags & ts.TypeFlags.Object)) return;
    const properties = type.getProperties();
    const index = type.getStringIndexType();
    for (const [key, child] of Object.entries(value)) {
      const childAt = at === '' ? key : `${at}.${key}`;
      const symbol = type.getProperty(key);
      if (symbol) this.walk(child, this.checker.getTypeOfSymbol(symbol), childAt, problems);
      else if (index) this.walk(child, index, childAt, problems);
      else if (properties.length > 0) problems.push(childAt);
    }
  }

  /** The one object/array type left after removing undefined and null, if there is exactly one. */
  private withoutNullish(type: ts.Type): ts.Type | undefined {
    const parts = type.isUnion()
      ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)))
      : [type];
    if (parts.length !== 1) return undefined;
    const only = parts[0];
    if (!only || !(only.flags & ts.TypeFlags.Object)) return undefined;
    return only;
  }
}

function alias(k: { apiVersion: string; kind: string }): string {
  return `${k.apiVersion.replace(/[^A-Za-z0-9]/g, '_')}__${k.kind}`;
}
