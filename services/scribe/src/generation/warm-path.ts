// The warm path: a remembered spec that passed for the same site and start page, whose description
// means the same as the request and names exactly the same values, is returned with the request's
// title, without exploring the page again (explore once, then reuse deterministic code).
import ts from 'typescript';
import { parseDescription } from '../domain/description-parser';
import { protectLiterals } from '../domain/literals';
import { boundedMemo } from '../domain/memo';
import { testNameOf, titleOf } from '../domain/spec-writer';
import { contentStems, tsString } from '../domain/text';
import type { VectorHit } from '../store/vector-store';

/**
 * A value as compared: spacing aside, exactly as written. Letter case is part of a value (a
 * password, a text typed or expected): "Demo-Pass" and "demo-pass" are two values.
 */
const normalise = (value: string): string => value.normalize('NFC').replace(/\s+/g, ' ').trim();

/**
 * Descriptions and specs parsed, kept: every request is compared with the same remembered ones, and
 * parsing them again was half of a warm generation's time.
 */
const MEMO_SIZE = 512;

/** Literals (quoted strings, emails, paths, prices, long numbers) and the values the parser took. */
const statedValues = boundedMemo(
  (description: string): ReadonlySet<string> => {
    const values = protectLiterals(description).literals.map((l) => l.text);
    for (const step of parseDescription(description).steps)
      if (step.valueSource === 'description' && step.value !== '') values.push(step.value);
    return new Set(values.map(normalise));
  },
  MEMO_SIZE,
  (description) => description,
);

const NUMBER_WORDS = [
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];
const ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth',
];

/**
 * Every number the description states, short ones included ("to 2", "two lamps", "the second
 * result"), sorted: a quantity or a position is a value even where the parser took no step from it.
 * ("one" is left out: it is as often a pronoun as a count.)
 */
function statedNumbers(description: string): string[] {
  const out: string[] = [];
  for (const token of description.toLowerCase().match(/\d+(?:[.,]\d+)*|\p{L}+/gu) ?? []) {
    if (/^\d/.test(token)) out.push(token);
    else if (NUMBER_WORDS.includes(token)) out.push(String(NUMBER_WORDS.indexOf(token) + 2));
    else if (ORDINALS.includes(token)) out.push(`#${ORDINALS.indexOf(token) + 1}`);
  }
  return out.sort();
}

function sameSet(x: ReadonlySet<string>, y: ReadonlySet<string>): boolean {
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** Same literals, parsed step values and numbers in both descriptions. */
export function sameValues(a: string, b: string): boolean {
  return (
    sameSet(statedValues(a), statedValues(b)) && statedNumbers(a).join(' ') === statedNumbers(b).join(' ')
  );
}

/** Calls whose string arguments are data the test types or expects, not names of page elements. */
const DATA_CALLS = new Set([
  'fill',
  'type',
  'pressSequentially',
  'selectOption',
  'toHaveValue',
  'toHaveValues',
  'toHaveText',
  'toContainText',
  'toHaveURL',
  'toHaveTitle',
]);

/** The text of every string (or regex) argument of a data call in `spec`. */
const specData = boundedMemo(dataOf, MEMO_SIZE, (spec) => spec);

function dataOf(spec: string): readonly string[] {
  const sf = ts.createSourceFile('spec.ts', spec, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isRegularExpressionLiteral(node)) out.push(node.text);
    ts.forEachChild(node, collect);
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      DATA_CALLS.has(node.expression.name.text)
    )
      node.arguments.forEach(collect);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/**
 * The spec's data (what it types and expects) stays stated by the request: a word of that data that
 * the remembered description gave (so it came from the description, not from the page or from a
 * value scribe chose) must be in the request too. This catches values the parser did not take as a
 * step value, such as an unquoted search term ("red running shoes" → "red hiking boots").
 */
export function dataStillStated(spec: string, remembered: string, request: string): boolean {
  const before = new Set(contentStems(remembered));
  const now = new Set(contentStems(request));
  return specData(spec)
    .flatMap((text) => contentStems(text))
    .every((word) => !before.has(word) || now.has(word));
}

export function pickWarm(
  hits: readonly VectorHit[],
  request: { description: string; startPath: string },
  threshold: number,
): VectorHit | undefined {
  return hits.find(
    (h) =>
      h.score >= threshold &&
      // Passed, and more often than it failed since (a spec the app outgrew is explored again).
      h.record.passCount > h.record.failCount &&
      normPath(h.record.startPath) === normPath(request.startPath) &&
      sameValues(h.record.description, request.description) &&
      dataStillStated(h.record.specSource, h.record.description, request.description),
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
