// The warm path: a remembered spec that passed for the same site and start page, whose description
// means the same as the request and names exactly the same values, is returned with the request's
// title, without exploring the page again (explore once, then reuse deterministic code).
import ts from 'typescript';
import { protectLiterals } from '../domain/literals';
import { testNameOf, titleOf } from '../domain/spec-writer';
import { tsString } from '../domain/text';
import type { VectorHit } from '../store/vector-store';

function literalSet(description: string): Set<string> {
  return new Set(protectLiterals(description).literals.map((l) => l.text.toLowerCase().replace(/\s+/g, ' ')));
}

/** Same quoted strings, emails, paths, prices and numbers in both descriptions. */
export function sameValues(a: string, b: string): boolean {
  const x = literalSet(a);
  const y = literalSet(b);
  if (x.size !== y.size) return false;
  for (const v of x) if (!y.has(v)) return false;
  return true;
}

export interface WarmCandidate {
  hit: VectorHit;
  spec: string;
}

export function pickWarm(
  hits: readonly VectorHit[],
  request: { description: string; startPath: string },
  threshold: number,
): VectorHit | undefined {
  return hits.find(
    (h) =>
      h.score >= threshold &&
      h.record.passCount > 0 &&
      normPath(h.record.startPath) === normPath(request.startPath) &&
      sameValues(h.record.description, request.description),
  );
}

function normPath(p: string): string {
  return p === '' ? '/' : p;
}

/** The spec with the describe title and test name of the new description (positions from the syntax tree). */
export function adaptSpec(spec: string, description: string): string {
  const sf = ts.createSourceFile('spec.ts', spec, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const e = node.expression;
      const first = node.arguments[0];
      const isDescribe =
        ts.isPropertyAccessExpression(e) &&
        ts.isIdentifier(e.expression) &&
        e.expression.text === 'test' &&
        e.name.text === 'describe';
      const isTest = ts.isIdentifier(e) && e.text === 'test';
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
        if (isDescribe && !edits.some((x) => x.text.startsWith('D')))
          edits.push({
            start: first.getStart(sf),
            end: first.getEnd(),
            text: `D${tsString(titleOf(description))}`,
          });
        if (isTest && !edits.some((x) => x.text.startsWith('T')))
          edits.push({
            start: first.getStart(sf),
            end: first.getEnd(),
            text: `T${tsString(testNameOf(description))}`,
          });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = spec;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = `${out.slice(0, e.start)}${e.text.slice(1)}${out.slice(e.end)}`;
  return out;
}
