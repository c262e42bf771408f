// The free local tier: plan the description, open the start page through runner.Explore, resolve and
// perform each step on the live page, and write the spec from the locators that worked and the
// assertions the description and the page's behaviour call for.
import { runner, scribe } from '@superagent/proto';
import {
  type Assertion,
  countAssertion,
  everyOfRoleAssertions,
  fuzzyAssertion,
  goneAssertion,
  heldValueAssertion,
  noSuggestionsAssertion,
  observedAssertions,
  orderAssertion,
  shownTextAssertions,
  textAssertion,
  titleAssertion,
  urlAssertion,
  valueAssertion,
} from './assertions';
import { isoDate, valueAfterFieldName, valueForField } from '../domain/field-values';
import { locatorCode, stripCode, type Locator } from '../domain/locators';
import {
  compatible,
  DATE_INPUT_TYPES,
  coreWords,
  FILLABLE,
  formStep,
  isCurrentPage,
  type Match,
  MIN_ACTION_SCORE,
  nextEmptyTextbox,
  optionFor,
  pageEndControl,
  rankNodes,
  scopeNodes,
  submitButtonNear,
} from '../domain/matcher';
import {
  appeared,
  isDescendant,
  pageShows,
  pathOf,
  type PageModel,
  type PageNode,
} from '../domain/page-model';
import { type ActionKind, isAction, type PlannedStep, type RoleHint } from '../domain/plan';
import { renderSpec, type SpecConstant, testNameOf, titleOf } from '../domain/spec-writer';
import { MAX_STEPPER_VALUE } from '../domain/description/stepper';
import { contentStems, LIST_SEPARATOR, overlap, regexEscape, stem, tsString, words } from '../domain/text';
import type { PageSession } from './page-session';

export interface LocalGeneration {
  spec: string;
  steps: scribe.Step[];
  locators: scribe.PatternLocator[];
  /** Described actions whose target was not found on the page (the spec cannot test the feature). */
  missingActions: string[];
  /** Described outcomes not seen while exploring (asserted as described; the run decides). */
  unverified: string[];
}

export interface LocalOptions {
  description: string;
  startPath: string;
  plan: PlannedStep[];
  /** Locator codes remembered for this site (pattern memory) — preferred when they match. */
  known: ReadonlySet<string>;
  /** Add what the page did even where the description already asserts (a retry after a rejection). */
  forceObserved?: boolean;
}

const ACTION_ENUM: Record<string, scribe.StepAction> = {
  navigate: scribe.StepAction.NAVIGATE,
  reload: scribe.StepAction.NAVIGATE,
  click: scribe.StepAction.CLICK,
  fill: scribe.StepAction.FILL,
  select: scribe.StepAction.SELECT,
  check: scribe.StepAction.CHECK,
  uncheck: scribe.StepAction.UNCHECK,
  upload: scribe.StepAction.UPLOAD,
  press: scribe.StepAction.PRESS,
  hover: scribe.StepAction.HOVER,
  expectVisible: scribe.StepAction.EXPECT_VISIBLE,
  expectHidden: scribe.StepAction.EXPECT_HIDDEN,
  expectUrl: scribe.StepAction.EXPECT_URL,
  expectCount: scribe.StepAction.EXPECT_COUNT,
  expectValue: scribe.StepAction.EXPECT_VALUE,
  expectText: scribe.StepAction.EXPECT_TEXT,
  expectState: scribe.StepAction.EXPECT_STATE,
};

const EXPLORE_ACTION: Record<ActionKind, runner.Action> = {
  navigate: runner.Action.GOTO,
  reload: runner.Action.GOTO,
  click: runner.Action.CLICK,
  fill: runner.Action.FILL,
  select: runner.Action.SELECT,
  check: runner.Action.CHECK,
  uncheck: runner.Action.UNCHECK,
  upload: runner.Action.UPLOAD,
  press: runner.Action.PRESS,
  hover: runner.Action.HOVER,
};

/** Roles whose names a scope ("in the main menu") is compared with. */
const CONTAINERS = new Set([
  'navigation',
  'form',
  'dialog',
  'alertdialog',
  'region',
  'list',
  'article',
  'search',
  'group',
  'menu',
  'menubar',
]);

/** What the parser calls a text written without a field named. */
const WRITTEN_TEXT = /^(?:message|comment|note|reply|review|feedback)$/i;

/**
 * "the confirmation box", "the delete box": a box named by what it is for, which no label says;
 * "type the full name \"Winter kit list\"": words that say what the value is, not where it goes.
 */
const NAMED_BOX =
  /^[\p{L} -]{1,30}\s(?:box|field|input)$|^(?:the\s+)?(?:full|whole|exact|complete|correct)\s+\p{L}+$/iu;

/** Buttons of a form that change or leave it rather than send it. */
const NOT_SUBMITTING =
  /^(?:swap|switch|clear|reset|cancel|back|previous|close|remove|delete|undo|show|hide|toggle|copy|add)\b/i;

/** A click named only by a submitting verb ("submit it" → "submit"). */
const GENERIC_SUBMIT =
  /^(?:submit|send|post|publish|save|confirm|continue|apply|finish|done|check ?out|pay|buy|purchase|place order)(?:\s+(?:form|it|details|request|order|now))?$/i;

/** Fill targets that only say what goes in ("some text", "anything"), naming no field. */
const GENERIC_TEXT =
  /^(?:(?:some|any|a|the)\s+)?(?:text|content|something|anything|words?|stuff|next(?:\s+empty)?\s+field)$/i;

/** Below this score a long target must share words with a control to be done on it (lookAlike). */
const LOOK_ALIKE_SCORE = 0.5;

/** Groups of consecutive actions or consecutive assertions. */
function blocks(plan: PlannedStep[]): PlannedStep[][] {
  const out: PlannedStep[][] = [];
  for (const s of plan) {
    const last = out[out.length - 1];
    const lastIsAction = last?.[0] ? isAction(last[0].kind) : undefined;
    if (last && lastIsAction === isAction(s.kind)) last.push(s);
    else out.push([s]);
  }
  return out;
}

class SpecBuilder {
  /**
   * The description counts what is typed ("180 characters left"): text the app keeps is then typed
   * as described, without the per-run suffix that would change its length.
   */
  constructor(readonly countsCharacters: boolean) {}

  readonly body: string[] = [];
  readonly steps: scribe.Step[] = [];
  readonly constants = new Map<string, SpecConstant>();
  readonly locators = new Map<string, scribe.PatternLocator>();
  readonly missingActions: string[] = [];
  readonly unverified: string[] = [];
  /** Values filled so far, by target words, for "<name>" placeholders in expected texts. */
  readonly filled: { target: string; value: string }[] = [];
  /** Names of the files uploaded so far ("both of them should be listed" means these). */
  readonly uploaded: string[] = [];

  record(
    s: PlannedStep,
    code: string | undefined,
    fields: { locator?: Locator; value?: string; resolved: boolean; score: number; observed?: boolean },
  ): void {
    if (code !== undefined) this.body.push(code);
    if (!fields.resolved && code !== undefined && !isAction(s.kind) && !this.unverified.includes(s.phrase))
      this.unverified.push(s.phrase);
    this.steps.push(
      scribe.Step.fromPartial({
        index: this.steps.length,
        action: ACTION_ENUM[s.kind] ?? scribe.StepAction.UNSPECIFIED,
        phrase: s.phrase,
        target: s.target || s.exactName || '',
        locator: fields.locator ? locatorCode(fields.locator) : '',
        value: fields.value ?? s.value,
        resolved: fields.resolved,
        matchScore: Math.max(0, Math.min(1, fields.score)),
        observed: fields.observed ?? false,
      }),
    );
    if (fields.locator && s.target && !fields.observed) {
      const code = locatorCode(fields.locator);
      this.locators.set(
        code,
        scribe.PatternLocator.fromPartial({
          target: s.target || s.exactName || '',
          locator: code,
          role: fields.locator.role,
          name: fields.locator.name || fields.locator.value,
        }),
      );
    }
  }

  /**
   * A per-run unique text constant; its literal is replaced by the name in the whole body at the end.
   * A second text of the same kind ("Alpha one", then "Beta two" as comments) gets a name of its own.
   */
  unique(name: string, value: string): string {
    return this.declare(name, value, true);
  }

  constant(name: 'PASSWORD' | 'EMAIL' | 'USERNAME', value: string): string {
    return this.declare(name, value, false);
  }

  /** The constant `name` for `value`, or one of its own when `name` already holds another value. */
  private declare(name: string, value: string, unique: boolean): string {
    const existing = this.constants.get(name);
    const alt = existing && existing.value !== value ? `${name}_${this.constants.size + 1}` : name;
    this.constants.set(alt, { name: alt, env: `E2E_${alt}`, value, ...(unique ? { unique: true } : {}) });
    return alt;
  }
}

/** The texts of a plan the matcher compares with the page (its targets and scopes). */
export function planTexts(plan: readonly PlannedStep[]): string[] {
  return plan
    .flatMap((s) => [coreWords(s.target || s.exactName || ''), s.scope ?? ''])
    .filter((t) => t !== '');
}

export async function generateLocal(page: PageSession, opts: LocalOptions): Promise<LocalGeneration> {
  const b = new SpecBuilder(countsCharacters(opts.plan));
  b.body.push(`await page.goto(${tsString(opts.startPath)});`);
  await page.prepare(planTexts(opts.plan));
  const firstPage = page.model;
  let lastLocator: Locator | undefined;
  let lastNode: PageNode | undefined;
  let lastActionStep: PlannedStep | undefined;
  let lastActionChangedNothing = false;
  let lastAssertions: string[] = [];
  let pendingRun:
    { before: PageModel; newText: string[]; lastKind: ActionKind; target?: Locator } | undefined;

  const flushObserved = (explicitCount: number, hasUrl: boolean): void => {
    if (!pendingRun) return;
    const effect = { before: pendingRun.before, after: page.model, newText: pendingRun.newText };
    const full = explicitCount === 0 || opts.forceObserved === true;
    const observed = observedAssertions(effect, full ? 3 : 1, hasUrl);
    for (const a of observed) {
      // With explicit assertions only the URL change is added.
      if (!full && !a.code.includes('toHaveURL')) continue;
      if (b.body.includes(a.code)) continue;
      const s: PlannedStep = {
        kind: a.code.includes('toHaveURL')
          ? 'expectUrl'
          : a.code.includes('toBeHidden')
            ? 'expectHidden'
            : 'expectVisible',
        phrase: '(observed)',
        target: '',
        value: '',
        valueSource: 'none',
        roleHints: [],
        refersToPrevious: false,
      };
      b.record(s, a.code, {
        ...(a.locator ? { locator: a.locator } : {}),
        resolved: true,
        score: a.score,
        observed: true,
      });
    }
    if (explicitCount === 0 && pendingRun.lastKind === 'check' && pendingRun.target) {
      const code = `await expect(${locatorCode(pendingRun.target)}).toBeChecked();`;
      if (!b.body.includes(code))
        b.record(
          {
            kind: 'expectState',
            phrase: '(observed)',
            target: '',
            value: '',
            valueSource: 'none',
            roleHints: [],
            refersToPrevious: false,
          },
          code,
          { locator: pendingRun.target, resolved: true, score: 1, observed: true },
        );
    }
    pendingRun = undefined;
  };

  for (const block of blocks(opts.plan)) {
    if (block[0] && isAction(block[0].kind)) {
      // A run of actions with no assertion between it and the previous run: check the previous one's outcome first.
      flushObserved(0, false);
      pendingRun = { before: page.model, newText: [], lastKind: 'click' };
      for (const [at, s] of block.entries()) {
        lastActionStep = s;
        const once = (): Promise<Performed> => performAction(page, b, s, opts, lastLocator);
        const done =
          s.untilValue !== undefined
            ? await pressUntilShown(page, b, s, once)
            : s.untilGone
              ? await pressWhileShown(page, b, s, once)
              : await once();
        lastActionChangedNothing = done.newText.length === 0;
        if (done.locator) lastLocator = done.locator;
        if (done.node) lastNode = done.node;
        pendingRun.newText.push(...done.newText);
        pendingRun.lastKind = s.kind as ActionKind;
        pendingRun.target = done.locator;
        if (s.kind === 'reload') pendingRun.newText = [];
        if (s.kind === 'click' && at < block.length - 1) awaitPosted(b, done.newText);
      }
      continue;
    }
    // A field filled (or chosen, or ticked) last that changed nothing, and the text the description
    // expects is nowhere on the page (or a count is expected): the user would press Enter to submit
    // it (e.g. a one-time code, a search box), or where Enter submits nothing (a select, a filter's
    // checkboxes; a step of a form with no submit button) press the form's button.
    if (
      (pendingRun?.lastKind === 'fill' ||
        pendingRun?.lastKind === 'select' ||
        pendingRun?.lastKind === 'check' ||
        pendingRun?.lastKind === 'uncheck') &&
      lastActionChangedNothing &&
      lastLocator !== undefined &&
      lastActionStep !== undefined &&
      block.some(
        (s) =>
          ((s.kind === 'expectVisible' || s.kind === 'expectText') &&
            s.exactName &&
            !pageShows(page.model, s.exactName)) ||
          // "pick Workshops and Socials, I expect 4 events": a count, shown once the form is sent.
          s.kind === 'expectCount',
      )
    ) {
      let submitted = false;
      if (pendingRun.lastKind === 'fill') {
        const enter: PlannedStep = {
          ...lastActionStep,
          kind: 'press',
          value: 'Enter',
          target: '',
          refersToPrevious: true,
        };
        const done = await performAction(page, b, enter, opts, lastLocator);
        pendingRun.newText.push(...done.newText);
        pendingRun.lastKind = 'press';
        submitted = done.newText.length > 0;
      }
      const field = nodeOf(page.model, lastLocator);
      const near = !submitted && field ? submitButtonNear(page.model, field.index) : undefined;
      // Not a button that does something else to the form ("Swap currencies", "Clear").
      const button = near && !NOT_SUBMITTING.test(near.words) ? near : undefined;
      if (button) {
        const done = await clickNode(
          page,
          b,
          { ...lastActionStep, kind: 'click', target: button.words },
          button,
        );
        pendingRun.newText.push(...done.newText);
        pendingRun.lastKind = 'click';
      }
    }
    // Assertions: resolved against the page as the actions left it.
    const fresh = pendingRun ? appeared(pendingRun.before, page.model) : [];
    // Assertions without a quoted text are matched by meaning: only then are node names embedded.
    const byMeaning = block.some((s) => !s.exactName && !s.reassert && s.kind !== 'expectUrl');
    await page.prepare([
      ...block.map((s) => coreWords(s.target)),
      ...(byMeaning ? page.model.nodes.map((n) => n.words) : []),
    ]);
    let explicit = 0;
    let waitedForLoad = false;
    const emitted: string[] = [];
    for (const s of block) {
      const files =
        b.uploaded.length > 0 && refersToUploads(s, page.model)
          ? uploadedAssertions(page.model, b.uploaded, s)
          : [];
      const newText = pendingRun?.newText ?? [];
      const resolved = (): Assertion | undefined =>
        resolveAssertion(page, b, s, fresh, newText, lastLocator, lastNode, pendingRun?.before) ??
        // "opening an article should not show the cookie banner": what the first page showed and
        // this one does not (the banner went away before the last actions).
        (s.kind === 'expectHidden' ? goneAssertion(s, page.model, firstPage, page.similarity) : undefined);
      const everyOfRole = s.everyOfRole ? everyOfRoleAssertions(s, page.model) : [];
      const list: Assertion[] = s.reassert
        ? lastAssertions.map((code) => ({ code, resolved: true, score: 1 }))
        : files.length > 0
          ? files
          : everyOfRole.length > 0
            ? everyOfRole
            : s.exactName && (s.kind === 'expectVisible' || s.kind === 'expectHidden')
              ? shownTextAssertions(page.model, substitute(s.exactName, b.filled), s, newText)
              : [resolved()].filter((a): a is Assertion => a !== undefined);
      for (const a of list) {
        if (emitted.includes(a.code)) continue;
        // A page just opened runs its scripts after it shows: what they show (a cookie banner) is
        // not there yet, and "hidden" would pass before they ran. Its load event comes after them.
        const opened = pendingRun !== undefined && pathOf(pendingRun.before.url) !== pathOf(page.model.url);
        if (opened && a.code.includes('.toBeHidden()') && !waitedForLoad) {
          b.body.push('await page.waitForLoadState();');
          waitedForLoad = true;
        }
        emitted.push(a.code);
        b.record(s, a.code, {
          ...(a.locator ? { locator: a.locator } : {}),
          resolved: a.resolved,
          score: a.score,
        });
        explicit++;
      }
      if (list.length === 0) b.record(s, undefined, { resolved: false, score: 0 });
    }
    flushObserved(
      explicit,
      block.some((s) => s.kind === 'expectUrl'),
    );
    if (emitted.length > 0) lastAssertions = emitted;
  }
  flushObserved(0, false);

  const spec = renderSpec({
    title: titleOf(opts.description),
    testName: testNameOf(opts.description),
    constants: [...b.constants.values()],
    body: b.body.map((line) =>
      withConstants(
        line,
        [...b.constants.values()].filter((c) => c.unique),
      ),
    ),
  });
  return {
    spec,
    steps: b.steps,
    locators: [...b.locators.values()],
    missingActions: b.missingActions,
    unverified: b.unverified,
  };
}

/**
 * The names of a target like "Walks and Talks" when the page has a control named by each of them
 * and none named by the whole ("Terms and Conditions" is one checkbox).
 */
function eachControlNamed(model: PageModel, s: PlannedStep): string[] | undefined {
  if (!['check', 'uncheck', 'select'].includes(s.kind) || s.exactName || !/\sand\s/i.test(s.target))
    return undefined;
  const names = s.target.split(LIST_SEPARATOR).map((n) => n.trim());
  if (names.length < 2 || !names.every((n) => /^\p{Lu}/u.test(n))) return undefined;
  const named = (name: string): boolean =>
    model.nodes.some(
      (n) =>
        (CHECKABLE.has(n.node.role) || n.node.role === 'option') &&
        n.node.name.trim().toLowerCase() === name.toLowerCase(),
    );
  return !named(s.target) && names.every(named) ? names : undefined;
}

/** How deep the innermost element holding both `a` and `b` is (deeper: closer together). */
function sharedDepth(model: PageModel, a: PageNode, b: PageNode): number {
  const ancestors = (n: PageNode): number[] => {
    const chain: number[] = [];
    for (let at: PageNode | undefined = n; at; at = at.parent >= 0 ? model.nodes[at.parent] : undefined)
      chain.unshift(at.index);
    return chain;
  };
  const x = ancestors(a);
  const y = ancestors(b);
  let depth = 0;
  while (depth < x.length && depth < y.length && x[depth] === y[depth]) depth++;
  return depth;
}

/**
 * "choose Done in Move to on the Print the posters card, click Move": where the words name several
 * controls alike (each card's "Move …"), the one beside the control used last is meant.
 */
function nearestFirst(
  model: PageModel,
  s: PlannedStep,
  ranked: Match[],
  last: PageNode | undefined,
): Match[] {
  const first = ranked[0];
  if (
    !first ||
    !last ||
    s.refersToPrevious ||
    s.navigation ||
    s.exactName ||
    contentStems(s.target).length === 0
  )
    return ranked;
  // Alike: of the kind of the best match ("open the cart" is the Cart link, not an "Add to cart"
  // button), scored as well, and named with all the words said.
  const alike = (r: Match): boolean =>
    r.node.node.role === first.node.node.role &&
    r.score >= first.score - ALIKE_SCORE_GAP &&
    r.node !== last &&
    overlap(s.target, r.node.words) === 1;
  const tied = ranked.filter(alike);
  if (tied.length < 2) return ranked;
  const byCloseness = [...tied].sort(
    (p, q) => sharedDepth(model, q.node, last) - sharedDepth(model, p.node, last),
  );
  return [...byCloseness, ...ranked.filter((r) => !alike(r))];
}

interface Performed {
  locator?: Locator;
  node?: PageNode;
  newText: string[];
}

async function performAction(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
  opts: LocalOptions,
  lastLocator: Locator | undefined,
  advances = 0,
): Promise<Performed> {
  const kind = s.kind as ActionKind;
  if (kind === 'navigate' || kind === 'reload') {
    const again = kind === 'reload' && s.revisit ? pathOf(page.model.url) : '';
    const code =
      again !== ''
        ? `await page.goto(${tsString(again)});`
        : kind === 'reload'
          ? 'await page.reload();'
          : `await page.goto(${tsString(s.value)});`;
    // "Go to /login" as the first step of a test that starts on /login: already there.
    if (kind === 'navigate' && b.body.at(-1) === code) {
      b.record(s, undefined, { resolved: true, score: 1, value: s.value });
      return { newText: [] };
    }
    const target = kind === 'reload' ? page.model.url || opts.startPath : s.value;
    const answer = await page.act({ action: runner.Action.GOTO, value: target });
    b.record(s, code, {
      resolved: answer.ok,
      score: answer.ok ? 1 : 0,
      value: kind === 'reload' ? '' : s.value,
    });
    return { newText: answer.changes?.newText ?? [] };
  }
  if (kind === 'press' && (s.refersToPrevious || s.target === '')) {
    // A key pressed while a dialog is open goes to the dialog, not to what it covers.
    const focused = nodeOf(page.model, lastLocator)?.node.blocked ? undefined : lastLocator;
    const answer = await page.act({
      action: runner.Action.PRESS,
      value: s.value,
      ...(focused ? { locator: stripCode(focused) } : {}),
    });
    const code = focused
      ? `await ${locatorCode(focused)}.press(${tsString(s.value)});`
      : `await page.keyboard.press(${tsString(s.value)});`;
    b.record(s, code, {
      ...(focused ? { locator: focused } : {}),
      resolved: answer.ok,
      score: 1,
      value: s.value,
    });
    return { newText: answer.changes?.newText ?? [] };
  }

  // "tick Walks and Talks": two controls, where the page names each and none the whole.
  const each = eachControlNamed(page.model, s);
  if (each) {
    const newText: string[] = [];
    let last: Performed = { newText };
    for (const name of each) {
      last = await performAction(page, b, { ...s, target: name }, opts, lastLocator, advances);
      newText.push(...last.newText);
    }
    return { ...last, newText };
  }
  // "Go to the login page" while on the login page: the user is already there.
  if (s.navigation && isCurrentPage(page.model, s.target)) {
    b.record(s, undefined, { resolved: true, score: 1 });
    return { newText: [] };
  }
  const added = await groupAdded(page, b, s);
  if (added.length > 0) {
    const done = await performAction(page, b, s, opts, lastLocator, advances);
    return { ...done, newText: [...added, ...done.newText] };
  }
  await page.prepare([
    coreWords(s.target || s.exactName || ''),
    s.scope ?? '',
    ...page.model.nodes.filter((n) => compatible(s, n) || CONTAINERS.has(n.node.role)).map((n) => n.words),
  ]);
  const scoped = scopeNodes(page.model, s.scope, page.similarity);
  let ranked = rankNodes(s, page.model, { similarity: page.similarity, scoped, known: opts.known });
  if (s.refersToPrevious && lastLocator) {
    const prev = page.model.nodes.find(
      (n) =>
        n.node.locator?.code === locatorCode(lastLocator) ||
        (n.node.locator && locatorCode(n.node.locator) === locatorCode(lastLocator)),
    );
    if (prev && compatible(s, prev))
      ranked = [{ node: prev, score: 1 }, ...ranked.filter((r) => r.node !== prev)];
  }
  ranked = nearestFirst(page.model, s, ranked, nodeOf(page.model, lastLocator));
  // Uploads need file names the runner has as fixtures: the ones the description names, else as
  // many of the runner's as it asks for; without any there is nothing to upload.
  if (s.kind === 'upload' && s.value === '' && s.files !== undefined && page.fixtures.length > 0)
    s = { ...s, value: page.fixtures.slice(0, s.files).join(',') };
  const uploadable = s.kind !== 'upload' || s.value !== '';
  const likely = uploadable
    ? ranked
        // An implied step is done only on a control that names it (a page: a link, or a button that
        // goes through it: "Sign in with DemoID"; a name given exactly: that name), never a look-alike.
        .filter(
          (r) =>
            r.score >= MIN_ACTION_SCORE &&
            !lookAlike(s, r) &&
            (!s.implied ||
              ((!s.navigation || r.node.node.role === 'link' || goesThrough(r.node.words, s.target)) &&
                overlap(s.target, r.node.words) > 0 &&
                (s.exactName === undefined || sameWords(r.node.node.name, s.exactName)))),
        )
        .slice(0, 3)
    : [];
  const field = nodeOf(page.model, lastLocator);
  // "your name, a valid email, some text": the words say what goes in, not where; when nothing is
  // named by them, the next empty field after the one filled last is meant.
  // A text written with no field named ("writes 'Stood up to a storm'", read as a message) where no
  // field is named so: the next empty field too.
  const blank =
    s.kind === 'fill' &&
    (GENERIC_TEXT.test(s.target) ||
      (likely.length === 0 && (WRITTEN_TEXT.test(s.target) || NAMED_BOX.test(s.target))))
      ? nextEmptyTextbox(page.model, field?.index ?? -1)
      : undefined;
  const candidates = blank ? [...likely, { node: blank, score: MIN_ACTION_SCORE }] : likely;
  for (const cand of candidates) {
    const locator = cand.node.node.locator;
    if (!locator) continue;
    const { act, code, value } = actionFor(b, s, cand.node, locator, page.fixtures);
    const answer = await page.act(act);
    if (!answer.ok) continue;
    b.record(s, code, { locator, value, resolved: true, score: cand.score });
    if (s.kind === 'fill') b.filled.push({ target: `${s.target} ${cand.node.words}`, value });
    if (s.kind === 'upload') b.uploaded.push(...value.split(',').filter((f) => f !== ''));
    return { locator, node: cand.node, newText: answer.changes?.newText ?? [] };
  }
  // "submit it", "send the form": no control is named by the verb, so the button of the form just
  // filled is meant (its only button).
  const button =
    s.kind === 'click' && GENERIC_SUBMIT.test(s.target) && field
      ? submitButtonNear(page.model, field.index)
      : undefined;
  if (button) {
    const done = await clickNode(page, b, s, button, MIN_ACTION_SCORE);
    if (done.locator) return done;
  }
  // "go to the last page" of a list in pages: its highest page number.
  const pageEnd = s.kind === 'click' ? pageEndControl(page.model, s.target) : undefined;
  if (pageEnd) {
    const done = await clickNode(page, b, s, pageEnd);
    if (done.locator) return done;
  }
  // A field the page does not show, on a step of a multi-step form ("after the name step, fill in a
  // street"): the user completes the step shown and goes on to the next, where the field is.
  if (FORM_INPUTS.has(s.kind) && advances < MAX_FORM_STEPS) {
    const onward = await nextFormStep(page, b, s);
    if (onward) {
      const done = await performAction(page, b, s, opts, lastLocator, advances + 1);
      return { ...done, newText: [...onward.newText, ...done.newText] };
    }
  }
  // "go to Settings" where no link says Settings: the page by its path, kept only when the page
  // reached has the name for its heading.
  // Not for a page only implied: the flow may be there already, and a trial visit would lose it.
  if (s.navigation && !s.implied) {
    const reached = await pageByPath(page, s.target);
    if (reached) {
      b.record(s, `await page.goto(${tsString(reached.path)});`, {
        value: reached.path,
        resolved: true,
        score: 1,
      });
      return { newText: reached.newText };
    }
  }
  // A field of a dialog or an inline editor closed since ("Cancel closes the dialog", then "typing
  // Bothy map and pressing Delete this project"): the control that opened it is pressed again, once.
  const opener = page.opener?.locator;
  if (FORM_INPUTS.has(s.kind) && advances === 0 && opener && page.openerClosed) {
    const again = await page.act({ action: runner.Action.CLICK, locator: stripCode(opener) });
    if (again.ok && !page.openerClosed) {
      b.record({ ...s, kind: 'click', implied: true }, `await ${locatorCode(opener)}.click();`, {
        locator: opener,
        resolved: true,
        score: MIN_ACTION_SCORE,
      });
      const done = await performAction(page, b, s, opts, lastLocator, MAX_FORM_STEPS);
      return { ...done, newText: [...(again.changes?.newText ?? []), ...done.newText] };
    }
  }
  if (s.implied) return { newText: [] };
  // "Open the \"Which tent …?\" thread" on that thread's page: nothing names it but its heading.
  if (s.kind === 'click' && isCurrentPage(page.model, s.exactName ?? s.target)) {
    b.record(s, undefined, { resolved: true, score: 1 });
    return { newText: [] };
  }
  // Nothing on the page fits: say so in the spec rather than guess a selector.
  b.record(
    s,
    `// scribe could not find "${(s.exactName ?? s.target).replace(/[\r\n\u2028\u2029]/g, ' ')}" on the page (${s.kind})`,
    { resolved: false, score: likely[0]?.score ?? 0 },
  );
  b.missingActions.push(s.phrase);
  return { newText: [] };
}

/** Words of an item's text saying it is not ticked off ("(not met)"). */
const NOT_MET = /\b(?:not\s+met|unmet|not\s+done|missing|incomplete|invalid|failed)\b|[✗✘]/i;

/** The shortest element whose text holds `text`. */
function nodeShowing(model: PageModel, text: string): PageNode | undefined {
  const want = text.toLowerCase();
  return model.nodes
    .filter((n) => n.node.locator && n.words.toLowerCase().includes(want))
    .sort((a, b) => a.words.length - b.words.length)[0];
}

/**
 * An item's ticked or unticked state, where its text says it: the text it shows now, when that holds
 * the item's name and more and agrees with the state described; undefined otherwise.
 */
function itemStateAssertion(
  model: PageModel,
  node: PageNode,
  s: PlannedStep,
  newText: readonly string[],
): Assertion | undefined {
  const shown = node.words.trim();
  const named = (s.exactName ?? s.target).toLowerCase();
  // The item's own text, its name and more: not another element the words fell on (the link
  // clicked last, for "her account becomes active").
  const itemText = shown.toLowerCase().includes(named) && shown.toLowerCase() !== named;
  if (!itemText || NOT_MET.test(shown) !== (s.state === 'unchecked')) return undefined;
  return textAssertion(model, shown, false, newText);
}

/** The steps of a form the generator goes through to reach a field the description names. */
const MAX_FORM_STEPS = 3;
const FORM_INPUTS: ReadonlySet<string> = new Set(['fill', 'select', 'check', 'uncheck']);
const FIELD_ROLES: ReadonlySet<string> = new Set([
  'textbox',
  'combobox',
  'checkbox',
  'radio',
  'switch',
  'spinbutton',
]);

/** The page's node that `locator` finds, if it is on the page. */
function nodeOf(model: PageModel, locator: Locator | undefined): PageNode | undefined {
  if (!locator) return undefined;
  const code = locatorCode(locator);
  return model.nodes.find((n) => n.node.locator && locatorCode(n.node.locator) === code);
}

/** "Person 3": a numbered group of a form that repeats one. */
const NUMBERED_GROUP = /^(\p{L}+)\s+\d{1,2}$/u;
/** How many groups a form is taken to add on the way to the one named. */
const MAX_GROUPS_ADDED = 6;

/**
 * "Person 3 \"Cat Ray\"" on a form showing Person 1 and Person 2: the form's "Add another person"
 * is pressed until Person 3 is there (the description took adding the people for granted). The texts
 * that appeared; none when the group was there already or nothing adds one.
 */
async function groupAdded(page: PageSession, b: SpecBuilder, s: PlannedStep): Promise<string[]> {
  const group = s.scope === undefined ? null : NUMBERED_GROUP.exec(s.scope);
  if (!group || !FORM_INPUTS.has(s.kind)) return [];
  const shown = (): boolean => page.model.nodes.some((n) => sameWords(n.words, s.scope ?? ''));
  const noun = stem((group[1] ?? '').toLowerCase());
  const newText: string[] = [];
  for (let i = 0; i < MAX_GROUPS_ADDED && !shown(); i++) {
    const adder = page.model.nodes.find(
      (n) =>
        n.node.role === 'button' &&
        !n.node.disabled &&
        /^add\b/i.test(n.words) &&
        words(n.words).some((w) => stem(w) === noun),
    );
    if (!adder) break;
    const done = await clickNode(page, b, { ...s, kind: 'click', target: adder.words, implied: true }, adder);
    if (!done.locator) break;
    newText.push(...done.newText);
  }
  return shown() ? newText : [];
}

/** Clicks `node` as step `s`; no locator in the answer when the click failed. */
async function clickNode(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
  node: PageNode,
  score = 1,
): Promise<Performed> {
  const locator = node.node.locator;
  if (!locator) return { newText: [] };
  const answer = await page.act({ action: runner.Action.CLICK, locator: stripCode(locator) });
  if (!answer.ok) return { newText: [] };
  b.record(s, `await ${locatorCode(locator)}.click();`, { locator, resolved: true, score });
  return { locator, node, newText: answer.changes?.newText ?? [] };
}

/**
 * Completes the step of a multi-step form the page shows (its empty text fields, with values that
 * fit them) and presses its "Next": the description took that step for granted. Undefined when the
 * page is no such step, or the press did not go on (a field the step needs could not be filled).
 */
async function nextFormStep(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
): Promise<Performed | undefined> {
  const formStepShown = formStep(page.model);
  if (!formStepShown) return undefined;
  const { forward, emptyFields } = formStepShown;
  for (const field of emptyFields) {
    const fill: PlannedStep = {
      ...s,
      kind: 'fill',
      target: field.words,
      value: '',
      valueSource: 'generated',
      implied: true,
      refersToPrevious: false,
    };
    const locator = field.node.locator;
    if (!locator) continue;
    const { act, code, value } = actionFor(b, fill, field, locator, page.fixtures);
    const answer = await page.act(act);
    if (!answer.ok) return undefined;
    b.record(fill, code, { locator, value, resolved: true, score: 1 });
    b.filled.push({ target: field.words, value });
  }
  const before = page.model;
  const done = await clickNode(
    page,
    b,
    { ...s, kind: 'click', target: forward.words, implied: true },
    forward,
  );
  // Still the same step (the page refused to go on): no later field will be found this way.
  const moved = appeared(before, page.model).some((n) => FIELD_ROLES.has(n.node.role));
  return done.locator && moved ? done : undefined;
}

/** The same words, whatever the case and punctuation ("Keep editing" and "keep editing"). */
function sameWords(a: string, b: string): boolean {
  return words(a).join(' ') === words(b).join(' ');
}

/**
 * A long target that shares at most one word in five with a control, matched only weakly: a clause
 * read wrongly ("Verify the shop should show Payment successful" against the "Demo Shop" link), not
 * that control. Such a step is left unresolved rather than done on a look-alike.
 */
export function lookAlike(s: PlannedStep, r: { node: PageNode; score: number }): boolean {
  if (s.exactName || r.score >= LOOK_ALIKE_SCORE) return false;
  const target = coreWords(s.target);
  return words(target).length >= 5 && overlap(target, r.node.words) < 0.25;
}

/** A number the page shows: a counter's text, or a number field's value. */
function shownNumber(n: PageNode): number | undefined {
  const shown = (n.node.value || n.node.text || n.node.name).trim();
  return /^-?\d{1,6}$/.test(shown) ? Number(shown) : undefined;
}

/** The number that moved when `control` was pressed (the nearest to it, if several did). */
function movedNumber(
  before: PageModel,
  after: PageModel,
  control: PageNode | undefined,
): { index: number; from: number; to: number } | undefined {
  // Pressing a stepper changes text, not the page's structure: a node keeps its place.
  if (before.nodes.length !== after.nodes.length) return undefined;
  let best: { index: number; from: number; to: number; distance: number } | undefined;
  for (const n of after.nodes) {
    const was = before.nodes[n.index];
    const from = was ? shownNumber(was) : undefined;
    const to = shownNumber(n);
    if (from === undefined || to === undefined || from === to) continue;
    const distance = Math.abs(n.index - (control?.index ?? n.index));
    if (!best || distance < best.distance) best = { index: n.index, from, to, distance };
  }
  return best;
}

/**
 * "Increase the quantity to 3": the control pressed once, which shows the number it moves and by
 * how much; then as often again as the page needs to show the value, which the spec checks. A
 * value that pressing cannot reach leaves the step unresolved.
 */
async function pressUntilShown(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
  pressOnce: () => Promise<Performed>,
): Promise<Performed> {
  const before = page.model;
  const done = await pressOnce();
  const control = done.locator;
  if (!control) return done;
  const wanted = Number(s.untilValue);
  const moved = movedNumber(before, page.model, done.node);
  const more = moved ? (wanted - moved.to) / (moved.to - moved.from) : Number.NaN;
  if (!moved || !Number.isInteger(more) || more < 0 || more >= MAX_STEPPER_VALUE) {
    b.missingActions.push(s.phrase);
    return done;
  }
  const newText = [...done.newText];
  for (let i = 0; i < more; i++) {
    const answer = await page.act({ action: runner.Action.CLICK, locator: stripCode(control) });
    if (!answer.ok) {
      b.missingActions.push(s.phrase);
      return { ...done, newText };
    }
    b.record(s, `await ${locatorCode(control)}.click();`, { locator: control, resolved: true, score: 1 });
    newText.push(...(answer.changes?.newText ?? []));
  }
  const shown = page.model.nodes[moved.index];
  const counter = shown?.node.locator;
  if (shown && counter && shownNumber(shown) === wanted) {
    const value = tsString(String(wanted));
    const code = shown.node.value
      ? `await expect(${locatorCode(counter)}).toHaveValue(${value});`
      : counter.kind === runner.LocatorKind.TEXT
        ? `await expect(${locatorCode(counter)}).toBeVisible();`
        : `await expect(${locatorCode(counter)}).toHaveText(${value});`;
    b.record({ ...s, kind: 'expectText', target: '' }, code, { locator: counter, resolved: true, score: 1 });
  } else b.missingActions.push(s.phrase);
  return { ...done, newText };
}

/**
 * A click that made a text of scribe's own appear (a comment posted, its run-unique constant), with
 * more steps after it: the spec waits for that text before going on. The page answers over the
 * network, and a step taken before the answer (typing the next comment) can be undone by it (the
 * box cleared on success). Only such a text: it is on the page once, where a word typed in a search
 * box may be in many places.
 */
function awaitPosted(b: SpecBuilder, newText: readonly string[]): void {
  const own = new Set([...b.constants.values()].filter((c) => c.unique).map((c) => c.value));
  const posted = [...b.filled]
    .reverse()
    .find((f) => own.has(f.value) && newText.some((line) => line.includes(f.value)));
  if (!posted) return;
  b.record(
    {
      kind: 'expectVisible',
      phrase: '(observed)',
      target: '',
      value: posted.value,
      valueSource: 'none',
      roleHints: [],
      refersToPrevious: false,
    },
    `await expect(page.getByText(${tsString(posted.value)})).toBeVisible();`,
    { resolved: true, score: 1, observed: true },
  );
}

/** Presses of a control said to be pressed until it is gone, past which the page is taken to offer it forever. */
const MAX_PRESSES = 20;

/**
 * "Click Load more until it is gone": pressed once, then again as long as the page still offers it,
 * each press a line of the spec (a page that stops offering it sooner fails the spec there). A
 * control still shown after MAX_PRESSES leaves the step unresolved.
 */
async function pressWhileShown(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
  pressOnce: () => Promise<Performed>,
): Promise<Performed> {
  const done = await pressOnce();
  const control = done.locator;
  if (!control) return done;
  const code = locatorCode(control);
  // A control left disabled at the end ("Load more" greyed out) is gone too.
  const shown = (): boolean => {
    const node = nodeOf(page.model, control);
    return node !== undefined && !node.node.disabled && !node.node.blocked;
  };
  const newText = [...done.newText];
  for (let presses = 1; shown(); presses++) {
    const answer =
      presses < MAX_PRESSES
        ? await page.act({ action: runner.Action.CLICK, locator: stripCode(control) })
        : undefined;
    if (!answer?.ok) {
      b.missingActions.push(s.phrase);
      break;
    }
    b.record(s, `await ${code}.click();`, { locator: control, resolved: true, score: 1 });
    newText.push(...(answer.changes?.newText ?? []));
  }
  return { ...done, newText };
}

/**
 * A value set by typing rather than choosing: a date field takes its date, a slider the number ("set
 * the tip to 10%"), a text box named so the value ("change Meeting point to Sennen Cove car park").
 */
function typedChoice(node: PageNode, value: string): string | undefined {
  if (value === '') return undefined;
  if (DATE_INPUT_TYPES.has(node.node.inputType))
    return node.node.inputType === 'date' ? (isoDate(value) ?? value) : value;
  if (node.node.role === 'slider') return /-?\d+(?:\.\d+)?/.exec(value)?.[0];
  return FILLABLE.has(node.node.role) ? value : undefined;
}

/** Scores this close name controls alike: the words do not tell them apart. */
const ALIKE_SCORE_GAP = 0.05;

const CHECKABLE = new Set(['checkbox', 'switch', 'radio', 'menuitemcheckbox', 'menuitemradio']);

/** "Sign in with DemoID", "Continue via PayPal": a button that leads to the place named. */
function goesThrough(name: string, place: string): boolean {
  const words = place.trim().split(/\s+/).map(regexEscape).join('\\s+');
  return new RegExp(`\\b(?:with|via|through|using)\\s+(?:the\\s+|your\\s+)?${words}\\b`, 'i').test(name);
}

function actionFor(
  b: SpecBuilder,
  s: PlannedStep,
  node: PageNode,
  locator: Locator,
  fixtures: readonly string[],
): { act: Partial<runner.ExploreAct>; code: string; value: string } {
  const l = locatorCode(locator);
  const target = stripCode(locator);
  switch (s.kind) {
    case 'fill': {
      if (s.clear)
        return {
          act: { action: runner.Action.FILL, locator: target, value: '' },
          code: `await ${l}.clear();`,
          value: '',
        };
      const named =
        s.valueSource === 'description' && s.value !== ''
          ? s.value
          : valueAfterFieldName(s.target, node.node);
      const chosen =
        named !== undefined
          ? { value: named, credential: s.credential }
          : { ...valueForField(s.target, node.node), ...(s.credential ? { credential: s.credential } : {}) };
      if (node.node.inputType === 'date') chosen.value = isoDate(chosen.value) ?? chosen.value;
      const credential = chosen.credential ?? (node.node.inputType === 'password' ? 'PASSWORD' : undefined);
      const shared = isSharedText(`${s.target} ${node.words}`);
      // "post two comments": a text of our own written again is told apart from the first (each can
      // then be found, and deleted, by its words).
      const again = b.filled.filter((f) => f.value.startsWith(chosen.value)).length;
      if (shared && named === undefined && !credential && again > 0)
        chosen.value = `${chosen.value} (${again + 1})`;
      const expr = credential
        ? b.constant(credential, chosen.value)
        : shared && !b.countsCharacters
          ? b.unique('MESSAGE', chosen.value)
          : tsString(chosen.value);
      return {
        act: { action: runner.Action.FILL, locator: target, value: chosen.value },
        code: `await ${l}.fill(${expr});`,
        value: chosen.value,
      };
    }
    case 'select': {
      if (node.node.role === 'combobox' || node.node.role === 'listbox') {
        const option = optionFor(node.node.options, s.value, node.words) ?? s.value;
        return {
          act: { action: runner.Action.SELECT, locator: target, values: [option] },
          code: `await ${l}.selectOption(${tsString(option)});`,
          value: option,
        };
      }
      const typed = typedChoice(node, s.value);
      if (typed !== undefined)
        return {
          act: { action: runner.Action.FILL, locator: target, value: typed },
          code: `await ${l}.fill(${tsString(typed)});`,
          value: typed,
        };
      if (['checkbox', 'radio', 'switch'].includes(node.node.role))
        return {
          act: { action: runner.Action.CHECK, locator: target },
          code: `await ${l}.check();`,
          value: '',
        };
      return {
        act: { action: runner.Action.CLICK, locator: target },
        code: `await ${l}.click();`,
        value: '',
      };
    }
    case 'upload': {
      const files = s.value ? s.value.split(',') : [];
      // Files the runner has no fixture for are small generated files of those names, in the spec as
      // in the runner's explore upload (all of a step's files, as Playwright takes paths or payloads).
      const generated = files.some((f) => !fixtures.includes(f));
      const args = generated
        ? files.map(
            (f) =>
              `{ name: ${tsString(f)}, mimeType: 'application/octet-stream', buffer: Buffer.from(${tsString(`${f}\n`)}) }`,
          )
        : files.map(tsString);
      return {
        act: { action: runner.Action.UPLOAD, locator: target, values: files },
        code: `await ${l}.setInputFiles([${args.join(', ')}]);`,
        value: s.value,
      };
    }
    case 'press':
      return {
        act: { action: runner.Action.PRESS, locator: target, value: s.value },
        code: `await ${l}.press(${tsString(s.value)});`,
        value: s.value,
      };
    default: {
      const kind = s.kind as ActionKind;
      const method =
        kind === 'check' ? 'check' : kind === 'uncheck' ? 'uncheck' : kind === 'hover' ? 'hover' : 'click';
      return {
        act: { action: EXPLORE_ACTION[kind], locator: target },
        code: `await ${l}.${method}();`,
        value: '',
      };
    }
  }
}

function resolveAssertion(
  page: PageSession,
  b: SpecBuilder,
  s: PlannedStep,
  fresh: readonly PageNode[],
  newText: readonly string[],
  lastLocator: Locator | undefined,
  lastNode: PageNode | undefined,
  before?: PageModel,
): Assertion | undefined {
  const model = page.model;
  switch (s.kind) {
    case 'expectUrl':
      return {
        code: urlAssertion(
          s.value.startsWith('http') ? new URL(s.value).pathname : s.value,
          s.value.includes('?'),
        ),
        resolved: model.url.includes(s.value.split('?')[0] ?? s.value),
        score: 1,
      };
    case 'expectState': {
      let locator = s.refersToPrevious ? lastLocator : undefined;
      // "\"At least 8 characters\" is ticked": the shortest element that shows the name.
      const item = !locator && s.exactName ? nodeShowing(model, s.exactName) : undefined;
      if (item?.node.locator) locator = item.node.locator;
      if (!locator) {
        const ranked = rankNodes(s, model, { similarity: page.similarity });
        // "the Set new password button": a control of the kind named, before a field named alike.
        const best =
          ranked.find(
            (r) => r.score >= MIN_ACTION_SCORE && s.roleHints.includes(r.node.node.role as RoleHint),
          ) ?? ranked[0];
        locator = best && best.score >= MIN_ACTION_SCORE ? best.node.node.locator : lastNode?.node.locator;
      }
      if (!locator) return undefined;
      const node = item ?? nodeOf(model, locator) ?? (locator === lastLocator ? lastNode : undefined);
      // "focus moves to the Email address input": the control with the keyboard focus.
      if (s.state === 'focused')
        return {
          code: `await expect(${locatorCode(locator)}).toBeFocused();`,
          locator,
          resolved: node?.node.focused === true,
          score: 1,
        };
      // "the Set new password button stays disabled": a control that cannot be used yet.
      if (s.state === 'enabled' || s.state === 'disabled') {
        const disabled = s.state === 'disabled';
        return {
          code: `await expect(${locatorCode(locator)}).${disabled ? 'toBeDisabled' : 'toBeEnabled'}();`,
          locator,
          resolved: node?.node.disabled === disabled,
          score: 1,
        };
      }
      // A rule of a checklist ticked off in its text ("At least 8 characters (met)"): the text it
      // shows now, when that says the state described. Anything else that is no checkbox or switch
      // ("her account becomes active") is not asserted as checked (the link clicked last would fail it).
      if (node && !CHECKABLE.has(node.node.role)) return itemStateAssertion(model, node, s, newText);
      const want = s.state !== 'unchecked';
      return {
        code: `await expect(${locatorCode(locator)})${want ? '' : '.not'}.toBeChecked();`,
        locator,
        resolved: node?.node.checked === want,
        score: 1,
      };
    }
    case 'expectCount':
      return countAssertion(s, model, page.similarity);
    case 'expectText':
    case 'expectValue':
      if (s.pageTitle) return titleAssertion(s, model.title);
      if (s.inOrder) return orderAssertion(s.inOrder, model);
      if (s.held) return heldValueAssertion(s, model, page.similarity);
      return valueAssertion(s, model, page.similarity);
    case 'expectVisible':
    case 'expectHidden': {
      // A named text (exactName) is asserted by shownTextAssertions before this is called.
      // "the message is still there": the value written into the field named so, else the last one,
      // where the page shows it as text (a value only in its field is no text getByText finds).
      const written = writtenFor(b.filled, s.target);
      if (s.refersToPrevious && s.kind === 'expectVisible' && written && pageShows(model, written.value)) {
        return textAssertion(model, written.value, false, newText);
      }
      if (s.refersToPrevious && lastLocator && s.kind === 'expectHidden') {
        return {
          code: `await expect(${locatorCode(lastLocator)}).toBeHidden();`,
          locator: lastLocator,
          resolved: true,
          score: 1,
        };
      }
      if (s.target === '') return undefined;
      return fuzzyAssertion(s, model, fresh, page.similarity, before) ?? noSuggestionsAssertion(s, model);
    }
    default:
      return undefined;
  }
}

/** The path a page name would have ("Settings" → /settings, "About us page" → /about-us). */
function pathFor(name: string): string | undefined {
  const slug = coreWords(name.replace(/\bpage\b/gi, ''))
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' || slug.split('-').length > 3 ? undefined : `/${slug}`;
}

/** Opens the page `name` names by its path; undefined (and back where it was) when that is not it. */
async function pageByPath(
  page: PageSession,
  name: string,
): Promise<{ path: string; newText: string[] } | undefined> {
  const path = pathFor(name);
  if (!path) return undefined;
  const from = page.model.url;
  const answer = await page.act({ action: runner.Action.GOTO, value: path });
  // The heading must name it: a "Not found" page sits at any path.
  const h1 = page.model.nodes.find((n) => n.node.role === 'heading' && n.node.level === 1)?.words ?? '';
  if (answer.ok && overlap(coreWords(name), h1) > 0) return { path, newText: answer.changes?.newText ?? [] };
  if (answer.ok && from) await page.act({ action: runner.Action.GOTO, value: from });
  return undefined;
}

/**
 * "both of them should be listed", "all three end up in …", "see the files": the uploaded files. A
 * quoted text is asserted as written ("show 100%"), unless it names where they are ("the
 * \"Uploaded files\" list shows both").
 */
function refersToUploads(s: PlannedStep, model: PageModel): boolean {
  const named = s.exactName?.toLowerCase();
  return (
    (s.kind === 'expectVisible' || s.kind === 'expectCount') &&
    /\b(?:both|all|each|every|them|they|files?|uploads?)\b/i.test(`${s.target} ${s.phrase}`) &&
    (named === undefined ||
      model.nodes.some((n) => CONTAINERS.has(n.node.role) && n.node.name.toLowerCase() === named))
  );
}

/**
 * One assertion per uploaded file: its name shown, inside the list or region the step names when
 * the page has one ("under Uploaded files"), else wherever it is shown.
 */
function uploadedAssertions(model: PageModel, files: readonly string[], s: PlannedStep): Assertion[] {
  const where = `${s.target} ${s.phrase} ${s.exactName ?? ''}`;
  const containers = model.nodes.filter(
    (n) =>
      CONTAINERS.has(n.node.role) &&
      n.node.locator !== undefined &&
      n.node.locator.kind === runner.LocatorKind.ROLE &&
      n.node.locator.name !== '' &&
      overlap(n.node.locator.name, where) > 0,
  );
  return files.map((file) => {
    const shown = model.nodes.filter((n) => n.words.toLowerCase().includes(file.toLowerCase()));
    const box = containers.find((c) => shown.some((n) => isDescendant(model, n.index, c.index)));
    if (box?.node.locator) {
      return {
        code: `await expect(${locatorCode(box.node.locator)}.getByText(${tsString(file)})).toBeVisible();`,
        locator: box.node.locator,
        resolved: true,
        score: 1,
      };
    }
    return textAssertion(model, file, false, []);
  });
}

/** "180 characters left", "0/200 chars", "the character count": a counter of what was typed. */
const COUNTED_CHARACTERS =
  /\b(?:characters?|chars?)\s+(?:left|remaining|to go|used|typed)\b|\b\d+\s*\/\s*\d+\s*(?:characters|chars)\b|\bcharacter\s+(?:count|counter|limit)\b/i;

/** Whether the description counts the characters typed (its text is then typed as given). */
export function countsCharacters(plan: readonly PlannedStep[]): boolean {
  return plan.some((s) => COUNTED_CHARACTERS.test(s.phrase));
}

/**
 * Free text the app keeps and shows to everyone (chat, comments) must differ per run, or a second run
 * (or the exploration itself) leaves a duplicate that makes the assertion ambiguous. A text the
 * description gives ("send the message \"hello\"") keeps its words and gets the per-run suffix too.
 */
export function isSharedText(fieldWords: string): boolean {
  return /\b(?:message|comment|note|reply|review|post)\b/i.test(fieldWords);
}

/**
 * What "it" / "the message" of an assertion refers to: the value written into the field the words
 * name ("the message is still there"), else the value written last.
 */
export function writtenFor<T extends { target: string; value: string }>(
  filled: readonly T[],
  target: string,
): T | undefined {
  const named =
    target === '' ? undefined : [...filled].reverse().find((f) => overlap(coreWords(target), f.target) > 0);
  return named ?? filled.at(-1);
}

/**
 * Assertions on a unique value use its constant instead of the value explored with, and so does a
 * list item found by that text (`li:has-text("…")`), through a template string.
 */
function withConstants(line: string, unique: readonly SpecConstant[]): string {
  let out = line;
  for (const c of unique) {
    out = out.split(tsString(c.value)).join(c.name);
    const item = new RegExp(`'([a-z]+):has-text\\(${regexEscape(JSON.stringify(c.value))}\\)'`, 'g');
    out = out.replace(item, (_m, tag: string) => `\`${tag}:has-text(\${JSON.stringify(${c.name})})\``);
  }
  return out;
}

/** "Thanks, <name>!" → "Thanks, Ada Lovelace!" using the value filled into the field named like that. */
export function substitute(text: string, filled: readonly { target: string; value: string }[]): string {
  return text.replace(/<([^<>]{1,40})>/g, (whole, key: string) => {
    const k = key.trim().toLowerCase();
    const hit =
      filled.find((f) => f.target.toLowerCase().split(/\s+/).includes(k)) ??
      filled.find((f) => f.target.toLowerCase().includes(k));
    return hit ? hit.value : whole;
  });
}
