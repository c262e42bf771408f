// Assertions: from the description (resolved against the page as it is after the actions) and from
// what the page did (URL reached, dialog opened or closed, heading or status text that appeared).
import { runner } from '@superagent/proto';
import { isBareRole, type Locator, locatorCode, roleLocator, textLocator } from '../domain/locators';
import { FILLABLE, MIN_FUZZY_EXPECT_SCORE, rankNodes, scopeNodes, type Similarity } from '../domain/matcher';
import {
  appeared,
  isDescendant,
  isDialog,
  type PageModel,
  type PageNode,
  pageShows,
  pathOf,
} from '../domain/page-model';
import type { PlannedStep } from '../domain/plan';
import { LIST_SEPARATOR, regexEscape, tsString, words } from '../domain/text';

export interface Assertion {
  code: string;
  locator?: Locator;
  /** The assertion was checked against the page while exploring. */
  resolved: boolean;
  score: number;
}

function norm(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function urlAssertion(path: string, exactQuery: boolean): string {
  const [pathname = '', query] = path.split(/(?=[?#])/);
  const body = regexEscape(pathname === '' ? '/' : pathname);
  const tail = query && exactQuery ? regexEscape(query) : '(?:[?#].*)?';
  return `await expect(page).toHaveURL(/${body}${tail}$/);`;
}

/** "the page title starts with Error:": the document's title, whole or in part, as the step says. */
export function titleAssertion(s: PlannedStep, title: string): Assertion {
  const said = s.value.trim();
  const body = regexEscape(said);
  const [pattern, holds] =
    s.pageTitle === 'starts'
      ? [`/^${body}/`, title.startsWith(said)]
      : s.pageTitle === 'contains'
        ? [`/${body}/`, title.includes(said)]
        : s.pageTitle === 'ends'
          ? [`/${body}$/`, title.endsWith(said)]
          : [tsString(said), title.trim() === said];
  return { code: `await expect(page).toHaveTitle(${pattern});`, resolved: holds, score: 1 };
}

const ROLE_PREFERENCE = [
  'heading',
  'dialog',
  'alertdialog',
  'button',
  'link',
  'cell',
  'listitem',
  'status',
  'alert',
];

/**
 * A text the description names, shown or hidden: where it stands in its table or list when the step
 * says so ("X on top"), else each part the page shows apart ("Welcome and Sign out"), else the text.
 */
export function shownTextAssertions(
  model: PageModel,
  text: string,
  s: Pick<PlannedStep, 'kind' | 'position' | 'target'>,
  newText: readonly string[],
): Assertion[] {
  const hidden = s.kind === 'expectHidden';
  const placed = s.position && !hidden ? positionAssertion(model, text, s.position) : undefined;
  if (placed) return [placed];
  const named = hidden ? undefined : lineNamedBy(model, text, s.target);
  if (named) return [textAssertion(model, named, hidden, newText)];
  const parts = hidden ? undefined : shownParts(model, text, newText);
  return (parts ?? [text]).map((part) => textAssertion(model, part, hidden, newText));
}

/**
 * "the total is $12.00" where "$12.00" is also a price in a note: the one line that shows the text
 * and the words naming it ("Total: $12.00"), when the text is in more than one.
 */
function lineNamedBy(model: PageModel, text: string, target: string): string | undefined {
  const want = norm(text);
  const naming = words(target).filter(
    (w) => w.length > 2 && !/^(?:the|is|are|should|must|shows?|says?)$/.test(w),
  );
  // Asserted by its text: lines with no locator of their own count too.
  const lines = model.nodes.filter((n) => norm(n.words).includes(want));
  if (lines.length < 2 || naming.length === 0) return undefined;
  const named = lines.filter((n) => naming.every((w) => norm(n.words).includes(w)));
  const line = named.sort((a, b) => a.words.length - b.words.length)[0];
  return line && line.words.length <= 60 ? line.words.trim() : undefined;
}

/**
 * "shows Welcome and Sign out", "lists Home, About and Pricing": the parts of a text the page never
 * shows whole but shows each of, to be asserted one by one; undefined when the text is shown as
 * written ("Welcome, Demo User") or a part is not shown.
 */
export function shownParts(model: PageModel, text: string, newText: readonly string[]): string[] | undefined {
  const parts = text
    .split(LIST_SEPARATOR)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  const shown = (t: string): boolean => {
    const want = norm(t);
    return (
      model.nodes.some((n) => norm(n.words).includes(want)) || newText.some((x) => norm(x).includes(want))
    );
  };
  return !shown(text) && parts.every(shown) ? parts : undefined;
}

/** Roles that hold rows or items in an order a description can speak of ("on top", "the last row"). */
const ORDERED = new Set(['table', 'grid', 'treegrid', 'list']);

/**
 * "Brook Walk on top", "Summit Trail the last row": the first (or last) data row of the table, or
 * item of the list, that shows the name contains it. Checked on the page where rows can be told
 * apart by their row headers (or list items by themselves); asserted as described otherwise.
 */
export function positionAssertion(
  model: PageModel,
  text: string,
  position: 'first' | 'last',
): Assertion | undefined {
  const want = norm(text);
  const containerOf = (n: PageNode): PageNode | undefined => {
    for (let p = n.parent; p >= 0; p = model.nodes[p]?.parent ?? -1) {
      const up = model.nodes[p];
      if (up && ORDERED.has(up.node.role)) return up;
    }
    return undefined;
  };
  const holder = model.nodes.find((n) => norm(n.words).includes(want) && containerOf(n) !== undefined);
  const container = holder ? containerOf(holder) : undefined;
  if (!container) return undefined;
  const table = container.node.role !== 'list';
  const within =
    container.node.locator && !isBareRole(container.node.locator)
      ? locatorCode(container.node.locator)
      : 'page';
  const items = table
    ? `${within}.getByRole('row').filter({ has: page.getByRole('cell') })`
    : `${within}.getByRole('listitem')`;
  const inside = model.nodes.filter((n) => isDescendant(model, n.index, container.index));
  const heads = inside.filter((n) => n.node.role === (table ? 'rowheader' : 'listitem'));
  const end = position === 'first' ? heads[0] : heads[heads.length - 1];
  return {
    code: `await expect(${items}.${position}()).toContainText(${tsString(text)});`,
    resolved: end !== undefined && norm(end.words).includes(want),
    score: 1,
  };
}

/** A whole number, or a whole amount of money: also part of every larger number it starts. */
const WHOLE_NUMBER = /^[$€£]?\d{1,4}$/;

/** Expect text the description quoted to be visible (or hidden). */
export function textAssertion(
  model: PageModel,
  text: string,
  hidden: boolean,
  newText: readonly string[],
): Assertion {
  const want = norm(text);
  const containing = model.nodes.filter((n) => n.node.locator && norm(n.words).includes(want));
  // "Welcome Demo User" written for the page's "Welcome, Demo User": the text as the page has it.
  if (!hidden && containing.length === 0) {
    const asShown = [...model.nodes.map((n) => n.words), ...newText].find(
      (t) => t.length > 0 && norm(t) !== want && unpunctuated(t) === unpunctuated(text),
    );
    if (asShown !== undefined) return textAssertion(model, asShown.trim(), hidden, newText);
    // 'Your reason: Other (Moving …)' written for the page's 'Your reason: Other ("Moving …")': the
    // part of the page's text it is, with the quotes the description left out.
    const quoted = withQuotesAsShown(
      [...model.nodes.filter((n) => n.node.locator).map((n) => n.words), ...newText],
      text,
    );
    if (quoted !== undefined) return textAssertion(model, quoted, hidden, newText);
    // "Shared lists with 3 votes" for the page's "Shared lists: 3 votes (30%)": the shortest text
    // shown that holds every word and number of it.
    const holding = textHoldingWords(
      [...model.nodes.filter((n) => n.node.locator).map((n) => n.words), ...newText],
      text,
    );
    if (holding !== undefined && norm(holding) !== want)
      return textAssertion(model, holding, hidden, newText);
  }
  // A text a select also offers ("Asia/Tokyo", chosen above): getByText would find the option too,
  // so the one element that shows it is asserted by its own locator (unique on the page, if only by
  // its role: the text is what the assertion states).
  const only = containing.length === 1 ? containing[0]?.node.locator : undefined;
  if (!hidden && only && model.nodes.some((n) => n.node.options.some((o) => norm(o).includes(want))))
    return {
      code: `await expect(${locatorCode(only)}).toContainText(${tsString(text)});`,
      locator: only,
      resolved: true,
      score: 1,
    };
  const equal = containing.filter((n) => norm(n.words) === want);
  const verb = hidden ? 'toBeHidden' : 'toBeVisible';
  const pick = (nodes: PageNode[]): PageNode | undefined =>
    [...nodes].sort((a, b) => {
      const ra = ROLE_PREFERENCE.indexOf(a.node.role);
      const rb = ROLE_PREFERENCE.indexOf(b.node.role);
      return (ra < 0 ? 99 : ra) - (rb < 0 ? 99 : rb) || a.words.length - b.words.length;
    })[0];
  const named = pick(
    equal.filter(
      (n) => n.node.locator && !isBareRole(n.node.locator) && n.node.locator.kind === runner.LocatorKind.ROLE,
    ),
  );
  if (named?.node.locator && !hidden) {
    return {
      code: `await expect(${locatorCode(named.node.locator)}).${verb}();`,
      locator: named.node.locator,
      resolved: true,
      score: 1,
    };
  }
  // The text on several identical elements none of which can be told apart ("100%" on each of two
  // progress rows): assert how many show it; one visible would be ambiguous to Playwright.
  const repeated = model.nodes.filter((n) => norm(n.words).includes(want));
  const first = repeated[0];
  if (
    !hidden &&
    containing.length === 0 &&
    first &&
    repeated.length > 1 &&
    repeated.every((n) => norm(n.words) === norm(first.words))
  ) {
    const each = textLocator(first.words, true);
    return {
      code: `await expect(${locatorCode(each)}).toHaveCount(${repeated.length});`,
      locator: each,
      resolved: true,
      score: 1,
    };
  }
  // "$9" where the page shows "$9 a month": a whole number alone also finds "$90 a year" (getByText
  // matches part of a text, in hidden elements too); the shortest line that shows it says which.
  const line = [...containing].sort((a, b) => a.words.length - b.words.length)[0];
  if (
    !hidden &&
    line &&
    WHOLE_NUMBER.test(text.trim()) &&
    norm(line.words) !== want &&
    line.words.length <= 40
  )
    return textAssertion(model, line.words.trim(), hidden, newText);
  let locator: Locator = textLocator(text);
  if (containing.length > 1) {
    if (equal.length >= 1) locator = textLocator(pick(equal)?.words ?? text, true);
    else {
      const own = pick(containing);
      if (own?.node.locator && !isBareRole(own.node.locator)) locator = own.node.locator;
    }
  }
  const seen = containing.length > 0 || newText.some((l) => norm(l).includes(want));
  // The text in more than one place ("$49.00" as a line's price and in the total) with nothing to
  // tell them apart: any one of them shown is the outcome (one locator for several is ambiguous).
  const several = !hidden && locator.kind === runner.LocatorKind.TEXT && repeated.length > 1;
  return {
    code: `await expect(${locatorCode(locator)}${several ? '.first()' : ''}).${verb}();`,
    locator,
    resolved: hidden ? !seen : seen,
    score: seen ? 1 : 0,
  };
}

const QUOTE_MARKS = /["“”'‘’«»]/u;

/** The part of one of `texts` that reads as `text` once quote marks are left out of both. */
function withQuotesAsShown(texts: readonly string[], text: string): string | undefined {
  const want = norm(text).replace(new RegExp(QUOTE_MARKS.source, 'gu'), '');
  if (want.length < 8) return undefined;
  for (const t of texts) {
    // The text without its quote marks, and where each kept character stands in the original.
    const at: number[] = [];
    let bare = '';
    for (let i = 0; i < t.length; i++) {
      const c = t[i] ?? '';
      if (QUOTE_MARKS.test(c)) continue;
      at.push(i);
      bare += c;
    }
    const found = norm(bare).indexOf(want);
    // norm() only lowers case and folds spaces; the lengths match when the text has single spaces.
    if (found < 0 || norm(bare).length !== bare.length) continue;
    const start = at[found] ?? 0;
    let end = (at[found + want.length - 1] ?? t.length - 1) + 1;
    if (QUOTE_MARKS.test(t[end] ?? '')) end++;
    const part = t.slice(start, end);
    if (part !== text) return part;
  }
  return undefined;
}

/** Letters and digits only, lower case: the words of a text whatever its punctuation. */
/** Words that join the names and numbers of a text written in a description, not shown on the page. */
const JOINING_WORDS = new Set(['with', 'of', 'has', 'have', 'at', 'and', 'now', 'is', 'are', 'for', 'on']);

/**
 * The shortest of `texts` that holds the words of `text` but its joining words, and no other words
 * outside brackets: "(30%)" says more about the same thing, while "Welcome, Demo User" is another
 * text than "Welcome Demo" and "Payment not successful" the opposite of "Payment successful".
 */
function textHoldingWords(texts: readonly string[], text: string): string | undefined {
  const wanted = unpunctuated(text)
    .split(' ')
    .filter((w) => w !== '' && !JOINING_WORDS.has(w));
  if (wanted.length < 2) return undefined;
  return texts
    .map((t) => t.trim())
    .filter((t) => {
      const has = new Set(unpunctuated(t).split(' '));
      const outside = unpunctuated(t.replace(/\([^()]*\)/g, ' '))
        .split(' ')
        .filter((w) => w !== '' && !JOINING_WORDS.has(w));
      return t !== '' && wanted.every((w) => has.has(w)) && outside.every((w) => wanted.includes(w));
    })
    .sort((a, b) => a.length - b.length)[0];
}

function unpunctuated(text: string): string {
  return norm(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "see the dialog", "see that the cart is empty": matched by meaning among what just appeared. */
export function fuzzyAssertion(
  step: PlannedStep,
  model: PageModel,
  fresh: readonly PageNode[],
  similarity: Similarity | undefined,
  before?: PageModel,
): Assertion | undefined {
  if (step.kind === 'expectHidden') return goneAssertion(step, model, before, similarity);
  const only = new Set(fresh.map((n) => n.index));
  const pools = fresh.length > 0 ? [only, undefined] : [undefined];
  for (const pool of pools) {
    const ranked = rankNodes(step, model, {
      ...(similarity ? { similarity } : {}),
      ...(pool ? { only: pool } : {}),
    });
    const best = ranked[0];
    if (!best || best.score < MIN_FUZZY_EXPECT_SCORE || !best.node.node.locator) continue;
    const l = best.node.node.locator;
    const locator = isBareRole(l) && best.node.words !== '' ? textLocator(best.node.words) : l;
    return {
      code: `await expect(${locatorCode(locator)}).toBeVisible();`,
      locator,
      resolved: true,
      score: best.score,
    };
  }
  return undefined;
}

/**
 * "the modal is closed", "hide the dialog": an element the page showed before the actions and no longer
 * shows, expected hidden. Nothing that is still on the page is picked, and nothing is asserted visible.
 */
export function goneAssertion(
  step: PlannedStep,
  after: PageModel,
  before: PageModel | undefined,
  similarity: Similarity | undefined,
): Assertion | undefined {
  if (!before) return undefined;
  const gone = appeared(after, before);
  const ranked = rankNodes(step, before, {
    ...(similarity ? { similarity } : {}),
    only: new Set(gone.map((n) => n.index)),
  });
  // "the modal": among what went away, the one element of the role the words name is meant.
  const ofRole = ranked.filter((r) =>
    step.roleHints.some((h) => HINT_ROLE_NAMES[h]?.includes(r.node.node.role)),
  );
  // "check the answer is hidden" when one element went away (with what it held): the words name it,
  // however they put it.
  // Not an element whose text only changed (an empty status that now says something): its locator
  // still finds it.
  const still = new Set(after.nodes.flatMap((n) => (n.node.locator ? [locatorCode(n.node.locator)] : [])));
  const outermost = gone.filter(
    (n) =>
      !gone.some((g) => g !== n && isDescendant(before, n.index, g.index)) &&
      n.words !== '' &&
      !(n.node.locator && still.has(locatorCode(n.node.locator))),
  );
  const sole =
    outermost.length === 1 && outermost[0]
      ? { node: outermost[0], score: MIN_FUZZY_EXPECT_SCORE }
      : undefined;
  const best =
    ranked[0] && ranked[0].score >= MIN_FUZZY_EXPECT_SCORE
      ? ranked[0]
      : ofRole.length === 1
        ? ofRole[0]
        : sole;
  if (!best?.node.node.locator) return undefined;
  const l = best.node.node.locator;
  const locator = isBareRole(l) && best.node.words !== '' ? textLocator(best.node.words) : l;
  return {
    code: `await expect(${locatorCode(locator)}).toBeHidden();`,
    locator,
    resolved: true,
    score: best.score,
  };
}

/** What a box that suggests as you type offers: "no suggestions", "the autocomplete list". */
const SUGGESTIONS = /\b(?:suggestions?|autocomplete|autosuggest(?:ions)?|typeahead)\b/i;

/**
 * "typing one letter shows no suggestions": no option offered, on a page whose box suggests as you
 * type (an editable combobox: one without options of its own). The suggestions never showed, so
 * nothing went away for `goneAssertion` to find; a page with a select is left alone, since its
 * options are options too.
 */
export function noSuggestionsAssertion(step: PlannedStep, model: PageModel): Assertion | undefined {
  if (step.kind !== 'expectHidden' || !SUGGESTIONS.test(step.target)) return undefined;
  const boxes = model.nodes.filter((n) => n.node.role === 'combobox');
  if (boxes.length === 0 || boxes.some((n) => n.node.options.length > 0)) return undefined;
  const locator = roleLocator('option');
  return {
    code: `await expect(${locatorCode(locator)}).toHaveCount(0);`,
    locator,
    resolved: true,
    score: 1,
  };
}

/** Roles of the containers a description names by kind ("the modal", "the menu"). */
const HINT_ROLE_NAMES: Partial<Record<string, readonly string[]>> = {
  dialog: ['dialog', 'alertdialog'],
  navigation: ['navigation', 'menu', 'menubar'],
  list: ['list'],
  table: ['table', 'grid'],
};

const ITEM_ROLE: Record<string, string> = {
  list: 'listitem',
  table: 'row',
  grid: 'row',
  rowgroup: 'row',
  listbox: 'option',
  menu: 'menuitem',
  tablist: 'tab',
};

/** "see only the two lamps in the results": the list whose items match, counted. */
export function countAssertion(
  step: PlannedStep,
  model: PageModel,
  similarity: Similarity | undefined,
): Assertion | undefined {
  const expected = Number(step.value);
  // "the status should say 0 tasks left": when a line of the page reads exactly the count and its
  // words, that line is what the description quotes (a counter), not a list of that many items.
  const counted = norm(`${step.value} ${step.target}`);
  const line = model.nodes.find((n) => n.node.locator && norm(n.words) === counted);
  if (line) return textAssertion(model, line.words, false, []);
  let best: { node: PageNode; score: number; count: number } | undefined;
  for (const n of model.nodes) {
    const itemRole = ITEM_ROLE[n.node.role];
    if (!itemRole || !n.node.locator) continue;
    const children = model.nodes.filter((c) => c.parent === n.index);
    // Items with no name of their own are left out of the snapshot; a heading titles each of them.
    const items = children.filter((c) => c.node.role === itemRole);
    const count = items.length > 0 ? items.length : children.filter((c) => c.node.role === 'heading').length;
    if (count === 0 && expected !== 0) continue;
    const itemsText = children.map((c) => c.words).join(' ');
    const nameScore = Math.max(
      similarity?.(step.target, n.words) ?? 0,
      overlapWords(step.target, `${n.words} ${itemsText}`),
    );
    const score = (count === expected ? 1 : 0) + nameScore;
    if (!best || score > best.score) best = { node: n, score, count };
  }
  if (!best?.node.node.locator) return undefined;
  const itemRole = ITEM_ROLE[best.node.node.role] ?? 'listitem';
  return {
    code: `await expect(${locatorCode(best.node.node.locator)}.getByRole('${itemRole}')).toHaveCount(${expected});`,
    locator: best.node.node.locator,
    resolved: best.count === expected,
    score: best.score,
  };
}

function overlapWords(a: string, b: string): number {
  const wa = new Set(words(a).map((w) => w.replace(/s$/, '')));
  const wb = new Set(words(b).map((w) => w.replace(/s$/, '')));
  if (wa.size === 0) return 0;
  let hit = 0;
  for (const w of wa) if (wb.has(w)) hit++;
  return hit / wa.size;
}

/** "see the cart count go to 1": the element showing the number, by meaning. */
export function valueAssertion(
  step: PlannedStep,
  model: PageModel,
  similarity: Similarity | undefined,
): Assertion | undefined {
  const value = step.value;
  const token = new RegExp(`(^|[^0-9])${regexEscape(value)}([^0-9]|$)`);
  const holders = new Set(model.nodes.filter((n) => token.test(n.words)).map((n) => n.index));
  if (holders.size === 0) return undefined;
  const ranked = rankNodes({ ...step, kind: 'expectVisible' }, model, {
    ...(similarity ? { similarity } : {}),
    only: holders,
  });
  const best = ranked[0];
  if (!best?.node.node.locator) return undefined;
  const l = best.node.node.locator;
  const inName = token.test(l.name || l.value);
  const code = inName
    ? `await expect(${locatorCode(l)}).toBeVisible();`
    : `await expect(${locatorCode(l)}).toContainText(${tsString(value)});`;
  return { code, locator: l, resolved: true, score: best.score };
}

export interface RunEffect {
  before: PageModel;
  after: PageModel;
  newText: string[];
}

/** What the page did during a run of actions, as up to `max` assertions. */
export function observedAssertions(effect: RunEffect, max: number, skipUrl: boolean): Assertion[] {
  const out: Assertion[] = [];
  const { before, after } = effect;
  const fromPath = pathOf(before.url).split('?')[0];
  const toPath = pathOf(after.url).split('?')[0];
  if (!skipUrl && toPath && fromPath !== toPath)
    out.push({ code: urlAssertion(toPath, false), resolved: true, score: 1 });
  const fresh = appeared(before, after);
  const gone = appeared(after, before);
  for (const d of fresh.filter((n) => isDialog(n) && n.node.locator)) {
    if (d.node.locator)
      out.push({
        code: `await expect(${locatorCode(d.node.locator)}).toBeVisible();`,
        locator: d.node.locator,
        resolved: true,
        score: 1,
      });
  }
  for (const d of gone.filter((n) => isDialog(n) && n.node.locator)) {
    if (d.node.locator)
      out.push({
        code: `await expect(${locatorCode(d.node.locator)}).toBeHidden();`,
        locator: d.node.locator,
        resolved: true,
        score: 1,
      });
  }
  const heading = fresh
    .filter((n) => n.node.role === 'heading' && n.node.locator && n.words !== '')
    .sort((a, b) => a.node.level - b.node.level)[0];
  if (heading?.node.locator)
    out.push({
      code: `await expect(${locatorCode(heading.node.locator)}).toBeVisible();`,
      locator: heading.node.locator,
      resolved: true,
      score: 1,
    });
  // Status lines, alerts and confirmations that appeared (a line is unique on the page to be used).
  const chrome = new Set(
    after.nodes.filter((n) => ['link', 'button'].includes(n.node.role)).map((n) => norm(n.words)),
  );
  for (const line of effect.newText) {
    if (out.length >= max) break;
    const l = line.trim();
    if (l.length < 3 || l.length > 120 || !/\p{L}/u.test(l) || chrome.has(norm(l)) || VOLATILE.test(l))
      continue;
    if (heading && norm(heading.words) === norm(l)) continue;
    const holders = after.nodes.filter((n) => norm(n.words).includes(norm(l)));
    if (holders.length > 1) continue;
    // A text of a page the actions went on from (the provider's "Sign in to DemoID") is gone.
    if (holders.length === 0 && !pageShows(after, l)) continue;
    // A line inside an iframe (a bank's 3-D Secure page) is looked for in that frame.
    const frame = frameOf(holders[0]?.node.locator);
    const locator = frame ? { ...textLocator(l), frame } : textLocator(l);
    out.push({
      code: `await expect(${locatorCode(locator)}).toBeVisible();`,
      locator,
      resolved: true,
      score: 1,
    });
  }
  // Nothing else to see (e.g. a confirmation in a live region, whose text snapshots do not carry): a
  // link or button the actions brought into the page's content ("Send another message") is the
  // outcome. Page chrome (menus, header, footer) is left out: a cart badge there changes its name.
  if (out.length === 0) {
    const control = fresh.find(
      (n) =>
        (n.node.role === 'link' || n.node.role === 'button') &&
        n.words !== '' &&
        n.node.locator &&
        !inChrome(after, n),
    );
    if (control?.node.locator)
      out.push({
        code: `await expect(${locatorCode(control.node.locator)}).toBeVisible();`,
        locator: control.node.locator,
        resolved: true,
        score: 0.5,
      });
  }
  return out.slice(0, max);
}

/** The iframe a locator reaches into, if any (a scoped locator's frame is on its outermost scope). */
function frameOf(l: Locator | undefined): string | undefined {
  if (!l) return undefined;
  return l.within ? frameOf(l.within) : l.frame || undefined;
}

/** A reference, id or time that differs on every run ("Reference: pay_1kLHkWNdAEc2", "10:42"). */
const VOLATILE =
  /\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{10,}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/;

const CHROME = new Set(['navigation', 'banner', 'contentinfo', 'menubar']);

function inChrome(model: PageModel, n: PageNode): boolean {
  for (let p = n.parent; p >= 0; p = model.nodes[p]?.parent ?? -1)
    if (CHROME.has(model.nodes[p]?.node.role ?? '')) return true;
  return false;
}

/** Roles whose elements can be the items of an ordered list, the most specific first. */
const ITEM_ROLES = ['heading', 'option', 'row', 'listitem', 'link', 'cell', 'article'];

/**
 * "the stops are in this order: A, B, C": the elements of one role (headings of one level) that
 * show the items, checked in that order with toContainText([…]), which passes when the page's
 * elements hold those texts in that order (other elements of the role may come between). Items
 * matched by a whole name first, then within an element's text. Resolved when the page showed
 * them in that order while exploring.
 */
export function orderAssertion(items: readonly string[], model: PageModel): Assertion | undefined {
  const wanted = items.map(norm);
  for (const whole of [true, false])
    for (const role of ITEM_ROLES) {
      const ofRole = model.nodes.filter((n) => n.node.role === role);
      const shows = (n: PageNode, item: string): boolean => {
        const name = norm(n.node.name || n.node.text);
        return whole ? name === item : name.includes(item);
      };
      const found = wanted.map((item) => ofRole.find((n) => shows(n, item)));
      if (found.some((n) => n === undefined)) continue;
      const levels = new Set(found.map((n) => n?.node.level ?? 0));
      if (levels.size > 1) continue;
      const level = role === 'heading' ? `, { level: ${[...levels][0] ?? 0} }` : '';
      const at = found.map((n) => (n ? ofRole.indexOf(n) : -1));
      return {
        code: `await expect(page.getByRole(${tsString(role)}${level})).toContainText([${items.map(tsString).join(', ')}]);`,
        resolved: at.every((p, i) => i === 0 || p > (at[i - 1] ?? -1)),
        score: 1,
      };
    }
  return undefined;
}

/**
 * "the channel checkboxes are disabled": each control of the role named that the page shows in that
 * state now (none named, so the ones it says are the ones that are; none at all leaves it unresolved).
 */
export function everyOfRoleAssertions(s: PlannedStep, model: PageModel): Assertion[] {
  const role = s.roleHints[0];
  if (s.state !== 'disabled' && s.state !== 'enabled') return [];
  const disabled = s.state === 'disabled';
  const assertions: Assertion[] = [];
  for (const { node } of model.nodes) {
    if (node.role !== role || !node.locator || node.disabled !== disabled) continue;
    assertions.push({
      code: `await expect(${locatorCode(node.locator)}).${disabled ? 'toBeDisabled' : 'toBeEnabled'}();`,
      locator: node.locator,
      resolved: true,
      score: 1,
    });
  }
  return assertions;
}

/**
 * "Meeting point still says Sennen Cove car park": the value the field holds. A select is checked by
 * the label of the option chosen, which holds the name the description gives; a text box by its value.
 */
export function heldValueAssertion(
  s: PlannedStep,
  model: PageModel,
  similarity: Similarity | undefined,
): Assertion | undefined {
  // "Noah is now Person 1": the field of the group named.
  const scoped = scopeNodes(model, s.scope, similarity);
  const best = rankNodes(s, model, { ...(similarity ? { similarity } : {}), scoped }).find((r) =>
    FILLABLE.has(r.node.node.role),
  );
  const l = best?.node.node.locator;
  if (!best || !l || best.score < MIN_FUZZY_EXPECT_SCORE) return undefined;
  const chosen = best.node.node.role === 'combobox';
  const holds = norm(best.node.node.value);
  return {
    code: chosen
      ? `await expect(${locatorCode(l)}.locator('option:checked')).toContainText(${tsString(s.value)});`
      : `await expect(${locatorCode(l)}).toHaveValue(${tsString(s.value)});`,
    locator: l,
    // An option's label may say more than its name ("Full service ($80)").
    resolved: chosen ? holds.includes(norm(s.value)) : holds === norm(s.value),
    score: best.score,
  };
}
