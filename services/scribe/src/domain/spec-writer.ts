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

/** The first line of the description that says what the test is about, without labels or markers. */
function headline(description: string): string {
  const title = statedTitle(description);
  if (title !== undefined) return title;
  for (const raw of description.split('\n')) {
    if (isReportSectionHeading(raw)) continue;
    const line = raw.trim().replace(MARKDOWN_HEADING_MARKS, '').replace(LIST_MARKER, '');
    const naming = NAMING_LABEL.exec(line);
    const rest = line.slice((naming ?? SECTION_LABEL.exec(line))?.[0].length ?? 0).trim();
    if (rest !== '') return rest;
  }
  return description;
}

/** A describe title from the description: its first clause, capitalised, at most 80 characters. */
export function titleOf(description: string): string {
  const first = squash(headline(description)).split(/(?<=[.!?;])\s|,\s/)[0] ?? description;
  const clipped = first.length > 80 ? `${first.slice(0, 77).replace(/\s+\S*$/, '')}…` : first;
  const t = clipped.replace(/[.!?;]+$/, '');
  return t.charAt(0).toUpperCase() + t.slice(1);
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
