// Renders a generated test: one `test.describe` with one test, ordinary @playwright/test code,
// relative `page.goto` paths (the run supplies baseURL), credentials as env-overridable constants.
import { isReportSectionHeading, statedTitle } from './pasted-formats';
import { slug, squash, tsString } from './text';

export interface SpecConstant {
  name: string;
  env: string;
  value: string;
  /** Make the value unique per run (text the app keeps across runs, e.g. a chat message). */
  unique?: boolean;
}

/** The constant's initialiser: env-overridable, optionally with a per-run suffix. */
function initialiser(c: SpecConstant): string {
  const base = `process.env.${c.env} ?? ${tsString(c.value)}`;
  return c.unique ? `\`\${${base}} #\${Date.now().toString(36)}\`` : base;
}

export interface SpecModel {
  title: string;
  testName: string;
  constants: SpecConstant[];
  /** Statements of the test body, without indentation or trailing newline. */
  body: string[];
}

export function renderSpec(model: SpecModel): string {
  const out: string[] = ["import { test, expect } from '@playwright/test';", ''];
  if (model.constants.length > 0) {
    out.push('// Test data; each value can be set through the environment.');
    for (const c of model.constants) out.push(`const ${c.name} = ${initialiser(c)};`);
    out.push('');
  }
  out.push(`test.describe(${tsString(model.title)}, () => {`);
  out.push(`  test(${tsString(model.testName)}, async ({ page }) => {`);
  for (const line of model.body) out.push(`    ${line}`);
  out.push('  });');
  out.push('});');
  return `${out.join('\n')}\n`;
}

/** A label that names the test ("Feature: Login"): what follows it is the title. */
const NAMING_LABEL = /^(?:feature|scenario(?:\s+outline)?|title|story)\s*:\s*/i;
/** A section label of a ticket ("AC:", "Steps:"): not part of the title. */
const SECTION_LABEL =
  /^(?:ac|acceptance criteria|steps(?:\s+to\s+reproduce)?|preconditions?|expected(?:\s+results?)?|notes?|pm note|test case|user story|description)\s*:\s*/i;
/** A list item's marker ("1.", "-", "* [ ]"). */
/** "### " before a Markdown heading's text. */
const MARKDOWN_HEADING_MARKS = /^[ \t]*#{1,6}[ \t]+/gm;
const LIST_MARKER = /^(?:[-*•·–]|\d{1,2}[.)])\s*(?:\[[ xX✓]?\]\s*)?/;

/** Markdown emphasis marks ("**Bug:**"), which a title does not show. */
const EMPHASIS = /\*\*|__/g;
/** A chat turn's speaker ("User:", "[10:02] navigator:"): who speaks is no part of the title. */
const SPEAKER =
  /^(?:\[\d{1,2}:\d{2}(?::\d{2})?\]\s*)?(?:user|me|assistant|navigator|driver|customer|agent|caller)\s*:\s*/i;
/** A greeting or thanks that opens a message ("Hi team", "Dear Team", "Hey Nova", "Thank you for …"). */
const GREETING =
  /^(?:hi|hello|hey|hiya|dear|g'day|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you)\b/i;

/** "Expected outcomes:", "| # | Tester does | App shows |": a line that only labels what follows. */
function isLabelLine(line: string): boolean {
  if (/^[^:|]{1,40}:$/.test(line) && line.split(/\s+/).length <= 4) return true;
  const cells = line
    .split('|')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  return (
    line.includes('|') &&
    cells.length >= 2 &&
    cells.every((c) => /^[\p{L}#\s-]+$/u.test(c) && c.split(/\s+/).length <= 3)
  );
}

/** The line without the greetings that open it ("Hey Nova, write me a test …" → "write me a test …"). */
function withoutGreeting(line: string): string {
  let rest = line;
  for (;;) {
    const clause = /^([^,.!?]*)[,.!?]+\s*/.exec(rest);
    const words = (clause?.[1] ?? rest).trim().split(/\s+/).length;
    if (!GREETING.test(rest) || words > 6) return rest;
    rest = clause ? rest.slice(clause[0].length) : '';
  }
}

/** The first line of the description that says what the test is about, without labels or markers. */
function headline(description: string): string {
  const title = statedTitle(description);
  if (title !== undefined) return title;
  for (const raw of description.split('\n')) {
    if (isReportSectionHeading(raw)) continue;
    const line = raw
      .trim()
      .replace(MARKDOWN_HEADING_MARKS, '')
      .replace(EMPHASIS, '')
      .replace(LIST_MARKER, '')
      .replace(SPEAKER, '');
    if (isLabelLine(line)) continue;
    const naming = NAMING_LABEL.exec(line);
    const rest = withoutGreeting(line.slice((naming ?? SECTION_LABEL.exec(line))?.[0].length ?? 0).trim());
    if (rest !== '') return rest;
  }
  return description;
}

/** A describe title from the description: its first clause, capitalised, at most 80 characters. */
export function titleOf(description: string): string {
  const line = squash(headline(description));
  const story = STORY_LEAD.exec(line);
  const want = story ? line.slice(story[0].length).replace(/\s+so(?:\s+that)?\s.*$/i, '') : line;
  const subject = want.replace(REQUEST_LEAD, '');
  const clauses = topLevelClauses(subject);
  const lead = clauses[0] ?? subject;
  // "In the main menu, click About": a short place or time before the comma says where, not what.
  const next = clauses[1];
  const first =
    next !== undefined && SCENE.test(lead) && lead.split(' ').length <= 8 ? `${lead}, ${next}` : lead;
  const clipped = first.length > 80 ? `${first.slice(0, 77).replace(/\s+\S*$/, '')}…` : first;
  const t = clipped.replace(/[.!?;:,]+$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/** "As a shopper, I want to …": what is wanted is the title. */
const STORY_LEAD =
  /^as\s+an?\s+[^,.]{1,60}?,?\s+(?:i|we)\s+(?:want|would like|'d like|need|wish)\s+(?:to\s+)?(?:be\s+able\s+to\s+)?(?=\S)/i;
/** "write me a test for the sign-in", "can you write a test that fills …": the subject follows. */
const REQUEST_LEAD =
  /^(?:(?:can|could|would)\s+(?:you|someone)\s+(?:please\s+)?|please\s+)?(?:write|create|make|add)\s+(?:me\s+|us\s+)?an?\s+(?:\S+\s+)?(?:test|spec)\s+(?:for|of|that)\s+(?=\S)/i;
/** A clause that only sets the scene ("In the main menu", "When the filter is set to Lighting"). */
const SCENE = /^(?:in|on|from|at|via|through|when|once|after|if)\b/i;

/** Clauses split at sentence ends, semicolons and commas outside brackets ("Sign in (email x, password y)"). */
function topLevelClauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (depth === 0 && /[.!?;,]/.test(c) && text.charAt(i + 1) === ' ') {
      out.push(text.slice(start, c === ',' ? i : i + 1).trim());
      start = i + 2;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((c) => c !== '');
}

/** The test's name: the whole description, clipped to 200 characters. */
export function testNameOf(description: string): string {
  const d = squash(description.replace(MARKDOWN_HEADING_MARKS, ''));
  return d.length > 200 ? `${d.slice(0, 197).replace(/\s+\S*$/, '')}…` : d;
}

/** Suggested file name: kebab-case of the description's first clause, `.spec.ts`. */
export function fileNameOf(description: string): string {
  return `${slug(titleOf(description), 60)}.spec.ts`;
}

/** Valid user-given file names: kebab-case words ending in .spec.ts. */
export function isValidFileName(name: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*\.spec\.ts$/.test(name) && name.length <= 120;
}
