// Resolves a step's target words to a node of the page by meaning: similarity of the words to each
// node's name (embedding vectors when available, word overlap always), role and label cues, the
// exact name the description quoted, and the context it named ("in the main menu").
import type { PlannedStep, RoleHint } from './plan';
import { isDescendant, type PageModel, type PageNode } from './page-model';
import { contentStems, overlap, words } from './text';

/** Similarity of two texts in 0 .. 1, or undefined when no vectors are available. */
export type Similarity = (a: string, b: string) => number | undefined;

const CLICKABLE = new Set([
  'button',
  'link',
  'menuitem',
  'menuitemcheckbox',
  'menuitemradio',
  'tab',
  'checkbox',
  'switch',
  'radio',
  'option',
  'treeitem',
  'combobox',
  'summary',
]);
/** Roles of fields that hold a value typed (or, for a combobox, chosen). */
export const FILLABLE = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);
const SELECTABLE = new Set(['combobox', 'listbox']);
const CHECKABLE = new Set(['checkbox', 'switch', 'radio', 'menuitemcheckbox']);
export const DATE_INPUT_TYPES = new Set(['date', 'time', 'datetime-local', 'month', 'week']);
const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'email',
  'password',
  'search',
  'tel',
  'url',
  'number',
  'date',
  'time',
  'datetime-local',
  'month',
  'week',
]);
const ROLE_WORDS = new Set([
  'button',
  'link',
  'field',
  'box',
  'input',
  'textbox',
  'checkbox',
  'switch',
  'toggle',
  'dropdown',
  'select',
  'icon',
  'tab',
  'control',
]);

const HINT_ROLES: Record<RoleHint, readonly string[]> = {
  button: ['button'],
  link: ['link'],
  textbox: ['textbox', 'searchbox', 'spinbutton'],
  checkbox: ['checkbox'],
  switch: ['switch', 'checkbox'],
  radio: ['radio'],
  combobox: ['combobox', 'listbox'],
  heading: ['heading'],
  dialog: ['dialog', 'alertdialog'],
  navigation: ['navigation', 'menubar', 'menu'],
  tab: ['tab'],
  menuitem: ['menuitem'],
  list: ['list'],
  table: ['table', 'grid'],
  text: ['paragraph', 'status', 'alert', 'text', 'generic', 'cell', 'listitem', 'heading'],
};

/** Steps that act on a control: none reaches one behind an open modal dialog, or a disabled one. */
const ACTING = new Set<PlannedStep['kind']>([
  'click',
  'hover',
  'fill',
  'select',
  'check',
  'uncheck',
  'upload',
]);

export function compatible(step: PlannedStep, n: PageNode): boolean {
  const role = n.node.role;
  if (!n.node.locator) return false;
  // Playwright would wait out the action's timeout on them (a hover still reaches a disabled one).
  if (ACTING.has(step.kind) && (n.node.blocked || (n.node.disabled && step.kind !== 'hover'))) return false;
  switch (step.kind) {
    case 'click':
    case 'hover':
      return CLICKABLE.has(role) || n.node.inputType === 'file';
    case 'fill':
      return (
        (FILLABLE.has(role) && role !== 'combobox') ||
        (role === 'combobox' && n.node.options.length === 0) ||
        (n.node.inputType !== '' && TEXT_INPUT_TYPES.has(n.node.inputType))
      );
    case 'select':
      return (
        SELECTABLE.has(role) ||
        role === 'slider' ||
        // "set From to 14 Mar 2026": a date field is set by typing the date.
        (step.value !== '' && DATE_INPUT_TYPES.has(n.node.inputType)) ||
        // "change Meeting point to Sennen Cove car park": a text box named so is set by typing the value.
        (step.value !== '' &&
          FILLABLE.has(role) &&
          role !== 'combobox' &&
          overlap(step.target, n.words) === 1) ||
        CHECKABLE.has(role) ||
        role === 'button' ||
        role === 'link' ||
        role === 'option' ||
        role === 'tab'
      );
    case 'check':
    case 'uncheck':
      return CHECKABLE.has(role);
    case 'expectState':
      // "the Set new password button is disabled": a control that is used, not ticked.
      if (step.state === 'focused') return CLICKABLE.has(role) || FILLABLE.has(role) || CHECKABLE.has(role);
      return step.state === 'enabled' || step.state === 'disabled'
        ? CLICKABLE.has(role) || FILLABLE.has(role)
        : CHECKABLE.has(role);
    case 'upload':
      return n.node.inputType === 'file';
    default:
      return true;
  }
}

/** The target's words without generic role nouns ("Close button" → "Close"). */
export function coreWords(target: string): string {
  const kept = words(target).filter((w) => !ROLE_WORDS.has(w));
  return kept.length > 0 ? kept.join(' ') : target;
}

function norm(text: string): string {
  return text.toLowerCase().normalize('NFKC').replace(/[“”"]/g, '"').replace(/\s+/g, ' ').trim();
}

function inputTypeCue(target: string, n: PageNode): number {
  const t = n.node.inputType;
  const w = words(target);
  if (t === 'email' && w.some((x) => x === 'email' || x === 'e-mail')) return 0.3;
  if (t === 'password' && w.some((x) => x.startsWith('pass'))) return 0.4;
  if (t === 'search' && w.includes('search')) return 0.3;
  if (
    (t === 'number' || n.node.role === 'spinbutton') &&
    w.some((x) => ['quantity', 'amount', 'number', 'age'].includes(x))
  )
    return 0.2;
  if (t === 'date' && w.includes('date')) return 0.3;
  return 0;
}

/**
 * The option of a select a described value means: the option written the same way, else the one
 * whose words the value contains ("category Lighting", "the Lighting category" → "Lighting"), the
 * most specific first; undefined when none fits.
 */
export function optionFor(options: readonly string[], value: string, label = ''): string | undefined {
  const exact = options.find((o) => norm(o) === norm(value));
  if (exact !== undefined || value.trim() === '') return exact;
  // The words naming the select itself ("category" of a Category select) choose no option.
  const named = new Set(contentStems(label));
  const want = new Set(contentStems(value).filter((w) => !named.has(w)));
  const stemmed = options.map((o) => ({ o, stems: contentStems(o) }));
  const fits = stemmed
    .filter(({ stems }) => stems.length > 0 && stems.every((w) => want.has(w)))
    .sort((a, b) => b.stems.length - a.stems.length);
  if (fits[0]) return fits[0].o;
  // "US dollar" for "US dollar (USD)", "EUR" for "Euro (EUR)": the one option that says all of it.
  const saying = stemmed.filter(({ stems }) => want.size > 0 && [...want].every((w) => stems.includes(w)));
  return saying.length === 1 ? saying[0]?.o : undefined;
}

/** "the last page", "the first page": an end of a list shown in pages. */
const PAGE_END = /^(?:the\s+)?(?:very\s+)?(first|last|final)(?:\s+page)?$/i;

/**
 * The control of the first or last page of a list in pages, which no control calls "first" or
 * "last": of the links (or buttons) named by a page number ("4", "Page 4"), the lowest or highest.
 */
export function pageEndControl(model: PageModel, target: string): PageNode | undefined {
  const end = PAGE_END.exec(target.trim())?.[1]?.toLowerCase();
  if (!end) return undefined;
  const numbered = model.nodes
    .filter(
      (n) =>
        (n.node.role === 'link' || n.node.role === 'button') &&
        !n.node.disabled &&
        n.node.locator !== undefined &&
        /^(?:page\s+)?\d{1,4}$/i.test(n.words.trim()),
    )
    .map((n) => ({ n, page: Number(/\d+/.exec(n.words)?.[0] ?? 0) }))
    .sort((a, b) => a.page - b.page);
  if (numbered.length < 2) return undefined;
  return (end === 'first' ? numbered[0] : numbered[numbered.length - 1])?.n;
}

/** The button that moves a multi-step form on. */
const FORWARD = /^(?:next|next step|continue|proceed)\b/i;

function enabledButtonsIn(model: PageModel, container: number): PageNode[] {
  return model.nodes.filter(
    (n) =>
      n.node.role === 'button' &&
      !n.node.disabled &&
      n.node.locator &&
      isDescendant(model, n.index, container),
  );
}

/**
 * The button that submits what was just filled ("submit it", "send the form") when no control is
 * named like the verb: the only button of the nearest container of the field that has buttons, or of
 * several there (Back and Next on a step of a form), the only one that goes forward.
 */
export function submitButtonNear(model: PageModel, fieldIndex: number): PageNode | undefined {
  for (let p = model.nodes[fieldIndex]?.parent ?? -1; p >= 0; p = model.nodes[p]?.parent ?? -1) {
    const buttons = enabledButtonsIn(model, p);
    if (buttons.length === 1) return buttons[0];
    if (buttons.length > 1) {
      const forward = buttons.filter((n) => FORWARD.test(n.words));
      return forward.length === 1 ? forward[0] : undefined;
    }
  }
  return undefined;
}

/**
 * A step of a multi-step form: the page's one enabled "Next" (or "Continue") button, with the empty
 * text fields of the nearest container around it that has any. Undefined when the page has no such
 * button, or several.
 */
export function formStep(model: PageModel): { forward: PageNode; emptyFields: PageNode[] } | undefined {
  const forwards = model.nodes.filter(
    (n) => n.node.role === 'button' && !n.node.disabled && n.node.locator && FORWARD.test(n.words),
  );
  const forward = forwards.length === 1 ? forwards[0] : undefined;
  if (!forward) return undefined;
  for (let p = forward.parent; p >= 0; p = model.nodes[p]?.parent ?? -1) {
    const fields = model.nodes.filter(
      (n) =>
        (n.node.role === 'textbox' || n.node.role === 'combobox') &&
        !n.node.disabled &&
        n.node.locator !== undefined &&
        isDescendant(model, n.index, p),
    );
    if (fields.length > 0)
      return { forward, emptyFields: fields.filter((n) => n.node.role === 'textbox' && n.node.value === '') };
  }
  return undefined;
}

/**
 * The first empty, enabled text field after `afterIndex` (the field filled last; -1: from the top),
 * else the first before it; with none empty, the page's only text field (an amount that starts at
 * 1). A password field is meant by words that only say what goes in when it is the page's only field.
 */
export function nextEmptyTextbox(model: PageModel, afterIndex: number): PageNode | undefined {
  const all = model.nodes.filter(
    (n) =>
      // Behind a modal dialog ("Delete Bothy map?") no field can be typed in; the dialog's can.
      !n.node.blocked &&
      // A search box is one too ("type mug" on the search page), and a box that suggests as you type.
      (n.node.role === 'textbox' ||
        n.node.role === 'searchbox' ||
        (n.node.role === 'combobox' && n.node.options.length === 0)) &&
      !n.node.disabled &&
      n.node.locator !== undefined,
  );
  const fields = all.filter((n) => n.node.inputType !== 'password');
  const empty = fields.filter((n) => n.node.value === '');
  return (
    empty.find((n) => n.index > afterIndex) ??
    empty[0] ??
    // The page's only field: "type mountain99" where a new password is all there is to type.
    (all.length === 1 ? all[0] : undefined)
  );
}

/** Whether the page shown is the one the words name ("login" on /login, "About" under an "About" h1). */
export function isCurrentPage(model: PageModel, target: string): boolean {
  let path = '';
  try {
    path = new URL(model.url).pathname.replace(/[/_-]+/g, ' ');
  } catch {
    path = '';
  }
  const h1 = model.nodes.find((n) => n.node.role === 'heading' && n.node.level === 1)?.words ?? '';
  // "the tent question thread": what kind of page it is names no word of its heading.
  const named = target.replace(PAGE_KINDS, ' ').trim();
  const words = contentStems(named).length > 0 ? named : target;
  return contentStems(words).length > 0 && (overlap(words, path) === 1 || overlap(words, h1) === 1);
}

/** Words for a kind of page ("thread", "article", "board"), not for the page. */
const PAGE_KINDS =
  /\b(?:thread|post|article|question|discussion|topic|story|board|page|screen|form|view)s?\b/gi;

export interface Match {
  node: PageNode;
  score: number;
}

export interface MatchOptions {
  similarity?: Similarity;
  /** Indexes of nodes inside the scope the step names. */
  scoped?: ReadonlySet<number>;
  /** Restrict to these node indexes (e.g. nodes that just appeared). */
  only?: ReadonlySet<number>;
  /** Known locator codes for this site's elements (from pattern memory) → bonus. */
  known?: ReadonlySet<string>;
}

export function scoreNode(step: PlannedStep, n: PageNode, opts: MatchOptions): number {
  const target = coreWords(step.target || step.exactName || '');
  const name = n.words;
  if (name === '' && !step.roleHints.some((h) => HINT_ROLES[h].includes(n.node.role))) return 0;
  const lex = overlap(target, name);
  const back = overlap(name, target);
  const sim = opts.similarity?.(target, `${name}`);
  let score =
    sim === undefined ? 0.75 * lex + 0.25 * back : 0.4 * lex + 0.15 * back + 0.45 * Math.max(0, sim);
  if (step.exactName) {
    const want = norm(step.exactName);
    const have = norm(name);
    if (have === want) score += 0.6;
    else if (have.includes(want)) score += 0.35;
    else if (want.includes(have) && have.length > 2) score += 0.15;
  }
  if (step.roleHints.some((h) => HINT_ROLES[h].includes(n.node.role))) score += 0.2;
  score += inputTypeCue(step.target, n);
  if (step.kind === 'select' && step.value && optionFor(n.node.options, step.value, name) !== undefined)
    score += 0.5;
  if (step.kind === 'select' && step.value && !SELECTABLE.has(n.node.role) && norm(name) === norm(step.value))
    score += 0.5;
  if (step.scope) {
    if (norm(name).includes(norm(step.scope))) score += 0.35;
    if (opts.scoped?.has(n.index)) score += 0.2;
  }
  if (n.node.disabled && step.state !== 'disabled') score -= 0.3;
  if (opts.known && n.node.locator && opts.known.has(n.node.locator.code)) score += 0.1;
  return score;
}

/** Nodes inside containers whose name matches the scope words (or of the scope's role). */
export function scopeNodes(
  model: PageModel,
  scope: string | undefined,
  similarity?: Similarity,
): Set<number> {
  const out = new Set<number>();
  if (!scope) return out;
  const scopeWords = words(scope);
  const wantsDialog = scopeWords.some((w) => ['dialog', 'modal', 'popup', 'overlay'].includes(w));
  const wantsNav = scopeWords.some((w) => ['menu', 'navigation', 'nav', 'navbar'].includes(w));
  const numbers = scopeWords.filter((w) => /^\d+$/.test(w));
  const containers = model.nodes.filter((n) => {
    const role = n.node.role;
    if (wantsDialog && (role === 'dialog' || role === 'alertdialog')) return true;
    if (wantsNav && (role === 'navigation' || role === 'menubar' || role === 'menu')) return true;
    if (
      ![
        'navigation',
        'form',
        'dialog',
        'region',
        'list',
        'article',
        'listitem',
        'row',
        'table',
        'search',
        'group',
        'main',
        'complementary',
        'banner',
        'contentinfo',
      ].includes(role)
    )
      return false;
    // "Person 2": a numbered container is that one, not Person 1 whose other words are the same.
    const shown = words(n.words);
    if (!numbers.every((d) => shown.includes(d))) return false;
    const s = similarity?.(scope, n.words) ?? 0;
    return overlap(scope, n.words) >= 0.5 || s >= 0.6;
  });
  for (const c of containers)
    for (const n of model.nodes) if (isDescendant(model, n.index, c.index)) out.add(n.index);
  // "on the Print the posters card": no container is named so, but its controls are, for screen
  // readers ("Move Print the posters to").
  const item = scope.replace(ITEM_KINDS, ' ').trim();
  if (out.size === 0 && contentStems(item).length > 0)
    for (const n of model.nodes) if (overlap(item, n.words) === 1) out.add(n.index);
  // "the Remove button for Ben": the group whose field holds the name ("Ben Lee" typed in Person 2).
  if (out.size === 0 && contentStems(item).length > 0)
    for (const c of model.nodes) {
      if (!HOLDERS.has(c.node.role)) continue;
      const inside = model.nodes.filter((n) => isDescendant(model, n.index, c.index));
      if (inside.some((n) => n.node.value !== '' && overlap(item, n.node.value) === 1))
        for (const n of inside) out.add(n.index);
    }
  return out;
}

/** Containers of one item's fields: a fieldset, a list item, a row, a card. */
const HOLDERS: ReadonlySet<string> = new Set(['group', 'listitem', 'row', 'article']);

/** Words for what holds an item ("card", "row"), not for the item. */
const ITEM_KINDS = /\b(?:card|item|row|entry|tile|panel)s?\b/gi;

/** Candidates for a step, best first (only compatible nodes with a locator). */
export function rankNodes(step: PlannedStep, model: PageModel, opts: MatchOptions): Match[] {
  const out: Match[] = [];
  for (const n of model.nodes) {
    if (opts.only && !opts.only.has(n.index)) continue;
    if (!compatible(step, n)) continue;
    const score = scoreNode(step, n, opts);
    if (score > 0) out.push({ node: n, score });
  }
  return out.sort((a, b) => b.score - a.score || a.node.index - b.node.index);
}

/** Minimum score for an action target to count as found. */
export const MIN_ACTION_SCORE = 0.3;
/** Minimum score for an assertion without a quoted text (otherwise it is dropped). */
export const MIN_FUZZY_EXPECT_SCORE = 0.55;
