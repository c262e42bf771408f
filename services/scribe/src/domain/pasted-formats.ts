// Formats people paste a test case in, read as the sentences the parser takes: a spreadsheet row or
// test-management export, a pipe table of steps, a developer's describe/it skeleton, a wiki Q&A, a
// support transcript or retold complaint, a customer's account in quotes.

import { baseOfThirdPerson } from './active-voice';
import { ACTION_HEADS } from './description/vocabulary';
import { LIST_SEPARATOR } from './text';

/**
 * A call or chat transcript ("Agent: …", "Customer: …") retold next to a note that says what to test:
 * the turns are the story of the bug, the note is the test.
 */
export function withoutTranscript(text: string): string {
  const dictated = requestToAssistant(text);
  if (dictated !== undefined) return dictated;
  const TURN =
    /^[ \t]*(?:agent|customer|caller|client|support|rep|operator|user|me|them)\s*:[^\n]*(?:\n|$)/gim;
  const turns = text.match(TURN)?.length ?? 0;
  if (turns < 2) return text;
  const rest = text.replace(TURN, '');
  // Only a transcript next to something else: a transcript alone is all there is to read.
  return /\b(?:note|test|expected|verify|check|must|should)\b/i.test(rest) ? rest : text;
}

/** A turn of a conversation: "User: …", "Assistant: …". */
const SPEAKER_TURN = /^[ \t]*([\p{L}][\p{L} ]{0,20}?)[ \t]*:[ \t]*(.*)$/u;
const ASSISTANT = /^(?:assistant|bot|chatbot|ai|copilot|agent)$/i;
const USER = /^(?:user|me|human|you|i)$/i;
/** The assistant asking what the outcome is: "What should the shop show at the end?". */
const ASKS_OUTCOME = /\b(?:show|see|display|expect|happen|say|end up|result)\b[^?]*\?\s*$/i;

/**
 * A test dictated to an assistant ("User: … / Assistant: …"): what the user says is the test, the
 * assistant's questions are not, except that the answer to "what should it show?" is the outcome.
 * Undefined when the text is no such conversation.
 */
function requestToAssistant(text: string): string | undefined {
  const turns = text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => SPEAKER_TURN.exec(l));
  if (turns.some((t) => t === null)) return undefined;
  const speakers = turns.map((t) => (t?.[1] ?? '').trim());
  if (!speakers.some((s) => ASSISTANT.test(s)) || !speakers.some((s) => USER.test(s))) return undefined;
  const out: string[] = [];
  turns.forEach((t, i) => {
    if (!USER.test(speakers[i] ?? '')) return;
    const said = (t?.[2] ?? '').trim();
    const asked =
      i > 0 && ASSISTANT.test(speakers[i - 1] ?? '') && ASKS_OUTCOME.test(turns[i - 1]?.[2] ?? '');
    out.push(asked ? `Expected: ${said}` : said);
  });
  return out.join('\n');
}

/** `describe('…', …)`, `it('…')`, `test.only("…", …)`: a test skeleton's titles. */
const SKELETON_CALL =
  /\b(describe|it|test)(?:\.(?:only|skip|fixme))?\s*\(\s*(['"`])((?:\\.|(?!\2)[^\\\n])*)\2/g;

function skeletonTitle(text: string): string | undefined {
  if (!/^\s*(?:describe|it|test)(?:\.\w+)?\s*\(/.test(text)) return undefined;
  const first = [...text.matchAll(SKELETON_CALL)][0];
  const title = first?.[3]?.replace(/\\(.)/g, '$1').trim();
  return title === '' ? undefined : title;
}

/**
 * A developer's test skeleton ("describe('upload page', () => { it('uploads two files, shows 100% for
 * each and lists both') })"): each test title read as its sentence. A title says what the feature
 * does, in the third person: its first verb is the action to take, what follows it what the page
 * then does ("Upload two files. It shows 100% for each and it lists both").
 */
export function skeletonTitles(text: string): string {
  if (!/^\s*(?:describe|it|test)(?:\.\w+)?\s*\(/.test(text)) return text;
  const lines: string[] = [];
  for (const m of text.matchAll(SKELETON_CALL)) {
    const title = (m[3] ?? '').replace(/\\(.)/g, '$1').trim();
    if (title === '') continue;
    // A describe title names the feature ("upload page"); read as a step it would be one.
    if (m[1] === 'describe') continue;
    const [first = '', ...more] = title.split(LIST_SEPARATOR);
    const verb = /^\S+/.exec(first)?.[0] ?? '';
    const base = baseOfThirdPerson(verb, ACTION_HEADS);
    const action =
      base === undefined
        ? first
        : `${base.charAt(0).toUpperCase()}${base.slice(1)}${first.slice(verb.length)}`;
    const outcomes = more.map((part) => part.replace(/^(?:it\s+)?/i, 'it '));
    const said = outcomes.join(' and ');
    lines.push(said === '' ? `${action}.` : `${action}. I${said.slice(1)}.`);
  }
  return lines.length > 0 ? lines.join('\n') : text;
}

/** A wiki's "Q: … / A: …": the answers are the steps and outcomes, the questions are not. */
export function answersOnly(text: string): string {
  if (!/^[ \t]*Q\s*:/im.test(text) || !/^[ \t]*A\s*:/im.test(text)) return text;
  return text.replace(/^[ \t]*Q\s*:[^\n]*(?:\n|$)/gim, '').replace(/^([ \t]*)A\s*:\s*/gim, '$1');
}

/**
 * A complaint retold by support ("a complaint from customer Priya Nair: she filled in the Contact us
 * form with … and it keeps telling her 'Please enter a valid email address.'"): what she did is the
 * steps, as her (her name is what the form was filled in with); what the page keeps telling her is
 * the bug, not an outcome to check.
 */
export function retoldComplaint(text: string): string {
  const who =
    /\b(?:customer|user|client|shopper|caller)\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})/u.exec(
      text,
    )?.[1];
  if (who === undefined) return text;
  return text
    .replace(
      /\b(?:she|he|they)\s+(?:filled\s+in|filled\s+out|completed|submitted|sent)\s+(?:the\s+|your\s+|our\s+)?([^.!?\n]{1,40}?\bform)\s+with\s+/gi,
      (_m, form: string) => `fill in the ${form} with the name ${who}, `,
    )
    .replace(
      /\s*,?\s*(?:and\s+|but\s+)?(?:it|the\s+(?:page|form|site))\s+(?:keeps|kept)\s+(?:telling|showing|saying|giving)(?:\s+(?:her|him|them|me))?\s+(?:"[^"\n]*"|'[^'\n]*'|“[^”\n]*”)[.!]?/gi,
      '.',
    )
    .replace(/\b(?:could|can|would)\s+(?:you|someone|we)\s+(?:please\s+)?(check|verify|confirm)\s+/gi, '$1 ');
}

/**
 * Someone's own words quoted at length ("Feedback: \"I'm furnishing my flat … Showing 2 products.
 * Please keep it like that!\""): several sentences in quotes, said in the first person, are what
 * they say, to read, not one text the page shows ("Saved. Your walk: Minack Theatre, …" stays).
 */
export function unquotedAccounts(text: string): string {
  // Every pair in order (a long match across two short quotes would pair a closing quote with an
  // opening one).
  return text.replace(/"([^"\n]*)"|“([^”\n]*)”/g, (whole, straight?: string, curly?: string) => {
    const words = straight ?? curly ?? '';
    return words.length >= 80 && /[.!?]\s+\p{Lu}/u.test(words) && FIRST_PERSON.test(words) ? words : whole;
  });
}

const FIRST_PERSON = /\b(?:I|I['’](?:m|ve|d|ll)|my|me|mine)\b/;

/**
 * Test-case tables ("Step | Action | Expected result"): each row read as its action, then what is
 * expected after it; the header and an ID column are left out.
 */
/** A table's column of what should happen: "Expected result", "App shows", "Outcome", "Then". */
const OUTCOME_COLUMN =
  /^(?:expected\b.*|(?:actual\s+)?result|outcome|then|verify|check|(?:the\s+)?(?:app|system|site|page|ui)\s+(?:shows|does|response|responds|displays))$/i;

/** "opens Upload files" in a column of what the tester does: "open Upload files". */
function imperative(action: string): string {
  const [verb = '', ...rest] = action.split(/\s+/);
  const base = baseOfThirdPerson(verb, ACTION_HEADS);
  return base ? [base, ...rest].join(' ') : action;
}

export function tableRows(text: string): string {
  const lines = text.split('\n');
  const header = lines.findIndex(
    (l) => /\|/.test(l) && l.split('|').some((c) => OUTCOME_COLUMN.test(c.trim())),
  );
  // A Scenario Outline's "Examples:" table holds values for its steps, not steps (withFirstExample).
  if (header < 0 || /^[ \t]*examples?\s*:/im.test(lines.slice(0, header).join('\n'))) return text;
  const cells = (line: string): string[] =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const names = cells(lines[header] ?? '').map((c) => c.toLowerCase());
  const expected = names.findIndex((n) => OUTCOME_COLUMN.test(n));
  const out = lines.slice(0, header);
  for (const line of lines.slice(header + 1)) {
    if (!/\|/.test(line)) {
      out.push(line);
      continue;
    }
    // The line under the header: "|---|:---:|".
    if (/^[\s|:-]+$/.test(line)) continue;
    const row = cells(line);
    // An ID or step number ("UP-1", "3") and an empty cell ("—") say nothing to do.
    const said = (c: string | undefined): c is string =>
      c !== undefined && c !== '' && !/^(?:[-–—]|n\/a|[A-Z]{0,5}-?\d{1,4}|\d{1,3}\.?)$/i.test(c);
    const actions = row.filter((c, i) => i !== expected && said(c));
    const outcome = row[expected];
    // A cell that is only the text shown ("Welcome, Demo User"), as written (capitalised), is quoted:
    // its comma is not a list. "a progress bar per file" describes what is shown.
    const shown =
      said(outcome) &&
      /^[\p{Lu}\d]/u.test(outcome) &&
      !/["'“]|\b(?:is|are|shows?|appears?|reach(?:es)?|displays?|says?|filled|listed|visible|hidden)\b/i.test(
        outcome,
      )
        ? `"${outcome.replace(/[.]+$/, '')}"`
        : outcome;
    out.push(
      [
        ...actions.map((a) => `${imperative(a).replace(/[.;]+$/, '')}.`),
        ...(said(outcome) ? [`Expected: ${shown}`] : []),
      ].join(' '),
    );
  }
  return out.join('\n');
}

/** Columns of an exported test case that say nothing to do: who, where it is filed, its state. */
const RECORD_METADATA =
  /^(?:(?:tc|test\s*case|case)?\s*(?:id|#|no\.?|key)|id|module|component|area|feature|priority|severity|status|result|state|owner|author|assignee|assigned\s+to|tester|created(?:\s+(?:by|on))?|updated|type|automated|automation(?:\s+status)?|estimate|labels?|tags?|sprint|release|version|actual(?:\s+result)?|comments?|notes?)$/i;

/** Columns that hold a test case's name. */
const RECORD_TITLE = /^(?:title|summary|name|test\s*case(?:\s+name)?|scenario)$/i;

/**
 * A test case pasted from a spreadsheet or a test-management export: a tab-separated header
 * ("TC ID, Title, Preconditions, Steps, Test data, Expected result, Status") over one row per case.
 */
interface SpreadsheetRecords {
  /** Line index of the header. */
  header: number;
  names: string[];
}

function spreadsheetHeader(lines: readonly string[]): SpreadsheetRecords | undefined {
  const header = lines.findIndex((line) => {
    const cells = line.split('\t').map((c) => c.trim().toLowerCase());
    return cells.length >= 3 && cells.some((c) => /^(?:test\s+)?steps?$|^expected\b/.test(c));
  });
  if (header < 0) return undefined;
  return { header, names: (lines[header] ?? '').split('\t').map((c) => c.trim()) };
}

/**
 * The name a pasted test case gives itself: a spreadsheet row's title cell, or a test skeleton's
 * outermost describe title.
 */
export function statedTitle(text: string): string | undefined {
  return spreadsheetTitle(text) ?? skeletonTitle(text) ?? parsedTestCase(text)?.title;
}

/** The title cell of the first test case in a pasted spreadsheet row, if there is one. */
function spreadsheetTitle(text: string): string | undefined {
  const lines = text.split('\n');
  const found = spreadsheetHeader(lines);
  if (!found) return undefined;
  const at = found.names.findIndex((n) => RECORD_TITLE.test(n));
  const row = lines.slice(found.header + 1).find((line) => line.includes('\t'));
  const title = at < 0 ? undefined : row?.split('\t')[at]?.trim();
  return title === '' ? undefined : title;
}

/**
 * Each spreadsheet row read as labelled lines ("Steps: …", "Test data: …", "Expected result: …")
 * in the columns' order; bookkeeping columns are left out.
 */
export function spreadsheetRecords(text: string): string {
  const lines = text.split('\n');
  const found = spreadsheetHeader(lines);
  if (!found) return text;
  const { header, names } = found;
  const stepsAt = names.findIndex((n) => /^(?:test\s+)?steps?$/i.test(n));
  const out = lines.slice(0, header);
  for (const line of lines.slice(header + 1)) {
    if (!line.includes('\t')) {
      out.push(line);
      continue;
    }
    const row = line.split('\t').map((c) => c.trim());
    const hasSteps = stepsAt >= 0 && (row[stepsAt] ?? '') !== '';
    names.forEach((name, i) => {
      const cell = (row[i] ?? '').replace(/[.;]+$/, '');
      if (cell === '' || /^(?:[-–—]|n\/a)$/i.test(cell) || RECORD_METADATA.test(name)) return;
      // The title names the case; without steps it is also what to do.
      if (RECORD_TITLE.test(name)) {
        if (!hasSteps) out.push(`${cell}.`);
        return;
      }
      out.push(`${name}: ${cell}.`);
    });
  }
  return out.join('\n');
}

/** A numbered heading whose sub-bullets are the steps ("1. Add the lamp" over "   - click …"): a title. */
export function withoutSectionHeadings(text: string): string {
  const lines = text.split('\n');
  return lines
    .filter((line, i) => {
      const next = lines[i + 1] ?? '';
      const indent = (l: string): number => /^[ \t]*/.exec(l)?.[0].length ?? 0;
      return !(
        /^[ \t]*(?:\d{1,2}[.)]|[-*•])\s+\S/.test(line) &&
        /^[ \t]*[-*•]\s+\S/.test(next) &&
        indent(next) > indent(line)
      );
    })
    .join('\n');
}

/**
 * A mind map or outline pasted as indented text ("Upload files" over "  two files chosen together"):
 * its unindented first line names the whole, a title; the indented lines are the steps, in order.
 * (A first line with a colon or a full stop is a label or a sentence: Gherkin's "Feature: Login".)
 */
export function outlineTitleDropped(text: string): string {
  const lines = text.split('\n');
  const indent = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;
  const [first = '', second = ''] = lines;
  const indented = lines.slice(1).filter((l) => l.trim() !== '');
  if (indent(first) > 0 || indent(second) === 0 || indented.length < 2 || /[:.!?]/.test(first)) return text;
  return indented.every((l) => indent(l) > 0) ? lines.slice(1).join('\n') : text;
}

/** A Markdown heading line: "### Steps to reproduce". */
const MARKDOWN_HEADING = /^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/;
/** Sections of an issue that say what went wrong and where, not what to do or check. */
const NOT_STEPS_SECTION =
  /^(?:actual|current|observed|environment|screenshots?|logs?|additional|system info|versions?|browsers?|platforms?|devices?|workarounds?|notes?|related|links?|attachments?|possible (?:fix|solution)|severity|priority)\b/i;
/** Sections that tell the bug or the change in a sentence ("### Describe the bug", a PR's "## What"):
 * context, when steps are given elsewhere. */
const ABOUT_SECTION =
  /^(?:(?:describe the bug|bug description|what happened|summary|description|problem|context|background|motivation)\b|(?:what|why)$)/i;
/** Sections with the steps: a bug's "Steps to reproduce", a PR's "How to test" or "Test plan". */
const STEPS_SECTION = /\b(?:steps|reproduce|repro|how to (?:test|verify)|test plan|testing)\b/i;

/**
 * A bug report in Markdown sections (GitHub's issue forms: "### Steps to reproduce", "### Expected
 * behavior", "### Actual behavior", "### Environment"): the steps as they are, each line of the
 * expected section as an expected outcome, and the sections about what went wrong or where left out.
 */
export function markdownSections(text: string): string {
  const lines = text.split('\n');
  const titles = lines.flatMap((l) => {
    const title = headingTitle(l);
    return title === undefined ? [] : [title];
  });
  if (titles.length === 0) return text;
  const hasSteps = titles.some((t) => STEPS_SECTION.test(t));
  const out: string[] = [];
  let section: 'keep' | 'drop' | 'expected' = 'keep';
  for (const line of lines) {
    const title = headingTitle(line);
    if (title !== undefined) {
      section = /^expected\b/i.test(title)
        ? 'expected'
        : NOT_STEPS_SECTION.test(title) || (hasSteps && ABOUT_SECTION.test(title))
          ? 'drop'
          : 'keep';
      continue;
    }
    if (section === 'drop') continue;
    out.push(section === 'expected' && line.trim() !== '' ? `Expected: ${line.trim()}` : line);
  }
  return out.join('\n');
}

/** The text of a Markdown heading line, without its marks; undefined for any other line. */
function headingTitle(line: string): string | undefined {
  const m = MARKDOWN_HEADING.exec(line);
  return m ? (m[1] ?? '').replace(/[*_:]+/g, '').trim() : undefined;
}

/** Whether `line` is a Markdown heading naming a part of a report ("### Steps to reproduce"), no title. */
export function isReportSectionHeading(line: string): boolean {
  const title = headingTitle(line);
  return (
    title !== undefined &&
    (/^expected\b/i.test(title) ||
      STEPS_SECTION.test(title) ||
      NOT_STEPS_SECTION.test(title) ||
      ABOUT_SECTION.test(title))
  );
}

/** Keys a test-management export names a step's parts with (TestRail, Xray, Zephyr and the like). */
const STEP_LISTS = ['steps', 'test_steps', 'testSteps', 'custom_steps_separated', 'custom_steps'];
const ACTION_KEYS = ['action', 'step', 'content', 'description', 'instruction', 'do'];
const EXPECTED_KEYS = ['expected', 'expectedResult', 'expected_result', 'result', 'then'];

/**
 * A test case exported as JSON ({"title": …, "steps": [{"action": …, "expected": …}]}): its steps and
 * their expected results as lines; ids, titles, priorities and preconditions are not steps.
 * Undefined when the text is no such export.
 */
export function jsonTestCase(text: string): string | undefined {
  return parsedTestCase(text)?.steps;
}

/** A JSON export's steps (as lines) and title, or undefined when the text is no such export. */
function parsedTestCase(text: string): { steps: string; title?: string } | undefined {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const testCase: unknown = Array.isArray(data) ? (data as unknown[])[0] : data;
  if (typeof testCase !== 'object' || testCase === null) return undefined;
  const record = testCase as Record<string, unknown>;
  const steps = STEP_LISTS.map((k) => record[k]).find(Array.isArray);
  if (!steps) return undefined;
  const field = (parts: Record<string, unknown>, keys: readonly string[]): string => {
    const value = keys.map((k) => parts[k]).find((v) => typeof v === 'string' && v.trim() !== '');
    return typeof value === 'string' ? value.trim().replace(/[.;]+$/, '') : '';
  };
  const lines = steps.flatMap((step: unknown) => {
    if (typeof step === 'string') return [`${step.trim().replace(/[.;]+$/, '')}.`];
    if (typeof step !== 'object' || step === null) return [];
    const parts = step as Record<string, unknown>;
    const action = field(parts, ACTION_KEYS);
    const expected = field(parts, EXPECTED_KEYS);
    return [[action && `${action}.`, expected && `Expected: ${expected}.`].filter(Boolean).join(' ')];
  });
  if (!lines.some((l) => l !== '')) return undefined;
  const title = field(record, ['title', 'name', 'summary']);
  return { steps: lines.join('\n'), ...(title ? { title } : {}) };
}
