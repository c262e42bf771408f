// The static critic: the original's rules with its defects fixed, plus the rules a page-grounded
// generator needs. Warnings are reported and never reject; any REJECT finding means the spec must not
// be run (GenerateTest then retries or returns no spec). Works on the TypeScript syntax tree, so
// comments and unrelated strings cannot trigger or hide a rule.
import ts from 'typescript';
import {
  calleeName,
  gotoUrlText,
  isAssertion,
  isDescribeCall,
  isEnvDefault,
  isExpectCall,
  isFloatingAssertion,
  isSettledAssertion,
  isSettledUnread,
  isStepCall,
  isStringLiteral,
  isSoftExpect,
  isTestCall,
  matcherOf,
  Reach,
  runsInTest,
  selectorArguments,
  selectorStrings,
  skipModifier,
  startsGotoUrl,
  stepCallbackReach,
  wholeString,
} from './spec-syntax';
import { type Reachability, reachability } from './reachability';

export type Severity = 'warning' | 'reject';

export interface CriticFinding {
  ruleId: string;
  severity: Severity;
  line: number;
  column: number;
  message: string;
  excerpt: string;
}

export interface CriticReport {
  /** No REJECT finding (warnings never reject). */
  accepted: boolean;
  findings: CriticFinding[];
  stepCount: number;
  estimatedDurationMs: number;
}

export interface CriticOptions {
  /** Base URL the spec will run against: its host must not appear in the spec. */
  baseUrl?: string;
}

export const MAX_STEPS = 10;
export const STEP_MS = 2000;
export const MAX_DURATION_MS = 60_000;

/** Calls counted as steps (the original's step rule). */
const STEP_METHODS = new Set([
  'click',
  'dblclick',
  'fill',
  'type',
  'pressSequentially',
  'press',
  'goto',
  'waitFor',
  'waitForSelector',
  'waitForURL',
  'waitForLoadState',
  'screenshot',
  'check',
  'uncheck',
  'selectOption',
  'setInputFiles',
  'hover',
  'reload',
]);
/** Calls that act on the page (an outcome assertion must follow the last one). */
const ACTION_METHODS = new Set([
  'click',
  'dblclick',
  'fill',
  'type',
  'pressSequentially',
  'press',
  'goto',
  'check',
  'uncheck',
  'selectOption',
  'setInputFiles',
  'hover',
  'reload',
  'dragTo',
  'tap',
  'setChecked',
  'clear',
]);
/** Matchers that only prove a page loaded. */
const LOAD_ONLY_MATCHERS = new Set(['toHaveTitle', 'toHaveURL']);

/** CSS-in-JS class prefixes: distinctive enough to reject in any string. */
const GENERATED_CLASS = /(?:^|[\s.>+~,(])\.(?:css|sc|jss|emotion|styled|makeStyles)-[A-Za-z0-9_-]*/;
/** Hashed class names (`.card_a1b2c3`, CSS-modules BEM): judged in selectors only, since values such as
 * `john.smith_19845@example.com` have the same shape. */
const HASHED_CLASS = /\.[A-Za-z][\w-]*[-_][a-f0-9]{5,}\b|\.[A-Za-z]+__[\w-]+___[A-Za-z0-9]{5}\b/;
/** Playwright's index selectors inside a selector string (`li >> nth=2`, `:nth-match(li, 2)`). */
const INDEX_SELECTOR = /(?:^|>>)\s*nth\s*=|:nth-match\(/i;
const LOCAL_HOST = /(?<![\w.-])(?:localhost|127\.0\.0\.1|0\.0\.0\.0)\b|\[::1\]/i;
/** A URL that does not resolve against baseURL: any scheme (`http:x` reaches x from an https base), or a
 * network path (`//host`, `/\\host`); checked after the URL parser's own trimming (see gotoUrlText). */
const ABSOLUTE_URL = /^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})/i;
const SECRET_NAME = /pass(?:word|wd|code)?|secret|token|api[_-]?key|private[_-]?key|credential|auth[_-]?key/i;
const SECRET_LOOKING =
  /\b(?:sk-[A-Za-z0-9]{16,}|sk-ant-[A-Za-z0-9_-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|AKIA[0-9A-Z]{16}|xox[abpr]-[A-Za-z0-9-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})\b/;

/** Calls that type their value into a field (`press` takes a key name, not text). */
const TYPING_METHODS = new Set(['fill', 'type', 'pressSequentially']);

function excerpt(sf: ts.SourceFile, node: ts.Node): string {
  const text = node.getText(sf).replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function position(sf: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const p = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return { line: p.line + 1, column: p.character + 1 };
}

/**
 * The base URL's host as a spec would name it, on any port or none (`staging.example.com` also in
 * `https://staging.example.com/login` when the base URL has `:8443`). A one-label name (`app`, a
 * cluster service) is an ordinary word too, so it counts only with its port.
 */
function baseHostPattern(baseUrl: string): RegExp | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const name = url.hostname.toLowerCase();
  const needle = name.includes('.') || name.startsWith('[') ? name : url.host.toLowerCase();
  return new RegExp(`(?<![\\w.-])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
}

export function critique(source: string, options: CriticOptions = {}): CriticReport {
  const sf = ts.createSourceFile('spec.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: CriticFinding[] = [];
  const add = (ruleId: string, severity: Severity, node: ts.Node | undefined, message: string): void => {
    const at = node ? position(sf, node) : { line: 0, column: 0 };
    findings.push({ ruleId, severity, ...at, message, excerpt: node ? excerpt(sf, node) : '' });
  };
  const baseHost = options.baseUrl ? baseHostPattern(options.baseUrl) : undefined;

  let steps = 0;
  let expects = 0;
  /** Expectations that would check something but never run (or never fail the test). */
  let unreachable = 0;
  const reach = reachability(sf);
  let describes = 0;
  const tests: ts.CallExpression[] = [];
  const selectors = selectorStrings(sf);
  const noNth = (node: ts.Node): void =>
    add(
      'no-nth',
      'reject',
      node,
      'Index selectors (.nth, nth=) break when the page order changes; use a role, label or text locator that names the element.',
    );
  const noGeneratedClass = (node: ts.Node): void =>
    add(
      'no-generated-class',
      'reject',
      node,
      'Generated CSS class names change on every build; use a role, label, test id or text locator.',
    );

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'nth' && ts.isPropertyAccessExpression(node.expression)) noNth(node);
      if (name === 'waitForTimeout')
        add(
          'no-wait-for-timeout',
          'reject',
          node,
          'Fixed sleeps are flaky and slow; wait for a state with expect(...) or a locator action instead of waitForTimeout.',
        );
      if (name && STEP_METHODS.has(name) && ts.isPropertyAccessExpression(node.expression)) steps++;
      if (isExpectCall(node) && isAssertion(node)) {
        if (reach.counts(node)) expects++;
        else unreachable++;
      }
      if (isExpectCall(node) && isFloatingAssertion(node))
        add(
          'await-assertion',
          'reject',
          node,
          'This expect(...) is not awaited: the test ends before it is checked, so it checks nothing; write await expect(...).',
        );
      if (isExpectCall(node) && isSettledAssertion(node) && isSettledUnread(node))
        add(
          'no-swallowed-assertion',
          'reject',
          node,
          'This expect(...) is handed to Promise.allSettled, which fulfils whether it passes or fails, and nobody reads the outcomes: it checks nothing; use await Promise.all([...]) (or await each expect).',
        );
      if (reach.dropsAssertions(node))
        add(
          'await-assertion',
          'reject',
          node,
          isStepCall(node)
            ? 'This test.step(...) is not awaited, and the step asserts with expect(...): the test may end before the step runs those checks, so they check nothing; write await test.step(...).'
            : `This call of ${node.expression.getText(sf)}(...) is not awaited, and the helper asserts with expect(...): the test ends before those checks settle, so they check nothing; write await ${node.expression.getText(sf)}(...).`,
        );
      if (reach.settlesAssertions(node))
        add(
          'no-swallowed-assertion',
          'reject',
          node,
          `This ${isStepCall(node) ? 'test.step(...)' : `call of ${node.expression.getText(sf)}(...)`} is handed to Promise.allSettled, which fulfils whether its expect(...) checks pass or fail, and nobody reads the outcomes: they check nothing; use await Promise.all([...]) (or await each call).`,
        );
      if (isDescribeCall(node)) describes++;
      const modifier = skipModifier(node);
      if (modifier === 'skip')
        add(
          'no-skip',
          'reject',
          node,
          'test.skip / test.fixme leaves the test (or the describe) unrun, so the run checks nothing; remove it.',
        );
      if (modifier === 'skip-step')
        add(
          'no-skip',
          'reject',
          node,
          'test.step.skip (or step.skip() in a step) leaves the step, or the rest of it, unrun, so its actions and checks never happen; remove the skip.',
        );
      if (modifier === 'fail')
        add(
          'no-skip',
          'reject',
          node,
          'test.fail expects the test to fail: it would pass when the feature is broken and fail when it works; remove it.',
        );
      if (isTestCall(node)) tests.push(node);
      // Typing a literal into a password field (`.fill`, `.type`, `.pressSequentially`, or
      // `page.fill(selector, value)`) is a hard-coded credential.
      if (name && TYPING_METHODS.has(name) && ts.isPropertyAccessExpression(node.expression)) {
        const [selector] = selectorArguments(node);
        const typed = (target: ts.Node, arg: ts.Node | undefined): boolean =>
          arg !== undefined &&
          isStringLiteral(arg) &&
          arg.text !== '' &&
          SECRET_NAME.test(target.getText(sf));
        if (
          typed(node.expression.expression, node.arguments[0]) ||
          (selector !== undefined && typed(selector, node.arguments[1]))
        ) {
          add(
            'no-hardcoded-credentials',
            'reject',
            node,
            "A credential is typed as a literal; declare it as `const PASSWORD = process.env.E2E_PASSWORD ?? '…'` and fill the constant.",
          );
        }
      }
    }
    if (
      ts.isPropertyAssignment(node) &&
      node.name.getText(sf).replace(/['"]/g, '') === 'force' &&
      node.initializer.kind === ts.SyntaxKind.TrueKeyword
    ) {
      add(
        'no-force',
        'reject',
        node,
        '`force: true` skips actionability checks and hides real bugs (covered or disabled elements); remove it.',
      );
    }
    if ((ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) && node.initializer) {
      const name = node.name.getText(sf);
      if (SECRET_NAME.test(name) && isStringLiteral(node.initializer) && node.initializer.text !== '') {
        add(
          'no-hardcoded-credentials',
          'reject',
          node,
          `"${name}" holds a literal secret; read it from the environment with a default: \`process.env.E2E_… ?? '…'\`.`,
        );
      }
    }
    if (
      isStringLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isRegularExpressionLiteral(node)
    ) {
      const text = ts.isRegularExpressionLiteral(node) ? node.text : (node as ts.LiteralLikeNode).text;
      const envDefault = node.parent !== undefined && isEnvDefault(node.parent);
      if (
        LOCAL_HOST.test(text.replace(/\\\./g, '.')) ||
        (baseHost !== undefined && baseHost.test(text.toLowerCase().replace(/\\\./g, '.')))
      ) {
        add(
          'no-hardcoded-host',
          'reject',
          node,
          "The spec names a host; use relative paths (page.goto('/path')) so the run's baseURL decides where it goes.",
        );
      } else if (startsGotoUrl(node) && ABSOLUTE_URL.test(gotoUrlText(text))) {
        add(
          'no-hardcoded-host',
          'reject',
          node,
          'page.goto with an absolute URL ignores baseURL; pass a path relative to it.',
        );
      }
      const inSelector = selectors.has(wholeString(node));
      if (GENERATED_CLASS.test(text) || (inSelector && HASHED_CLASS.test(text))) noGeneratedClass(node);
      if (inSelector && INDEX_SELECTOR.test(text)) noNth(node);
      if (SECRET_LOOKING.test(text) && !envDefault)
        add(
          'no-hardcoded-credentials',
          'reject',
          node,
          'The string looks like an access key or token; never put secrets in a spec — read them from the environment.',
        );
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);

  if (expects === 0)
    add(
      'require-assertion',
      'reject',
      undefined,
      unreachable === 0
        ? 'The spec asserts nothing; add at least one expect(...) on what the feature should do.'
        : 'No expect(...) in the spec ever runs or fails the test: each is under a condition that is always false, after a return or throw, in a function nothing calls (or whose promise nobody awaits), in a skipped step, or its failure is swallowed (.catch, a try whose catch throws nothing, Promise.allSettled); assert what the feature should do in the test body.',
    );
  if (describes !== 1)
    add(
      'one-describe',
      'warning',
      undefined,
      `A generated spec has exactly one test.describe; this one has ${describes}.`,
    );
  if (tests.length === 0)
    add('require-test', 'reject', undefined, 'No test(...) found: the spec would run nothing.');
  const helpers: HelperStretches = [
    new Map<ts.Node, Stretch>(),
    new Map<ts.Node, Stretch>(),
    new Map<ts.Node, Stretch>(),
  ];
  for (const t of tests) checkOutcome(t, reach, helpers, add);

  if (steps > MAX_STEPS)
    add(
      'too-many-steps',
      'warning',
      undefined,
      `${steps} steps (more than ${MAX_STEPS}); consider splitting the test.`,
    );
  const estimatedDurationMs = steps * STEP_MS;
  if (estimatedDurationMs > MAX_DURATION_MS)
    add(
      'too-long',
      'warning',
      undefined,
      `Estimated ${estimatedDurationMs / 1000} s at ${STEP_MS / 1000} s a step (over ${MAX_DURATION_MS / 1000} s).`,
    );

  findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    accepted: !findings.some((f) => f.severity === 'reject'),
    findings,
    stepCount: steps,
    estimatedDurationMs,
  };
}

/** What a stretch of a test does, in the order it runs: whether it acts on the page, interacts
 * beyond navigating, asserts more than a page load, and how many expectations follow its last action. */
interface Stretch {
  acts: boolean;
  interacts: boolean;
  outcome: boolean;
  tail: number;
}
const NOTHING: Stretch = { acts: false, interacts: false, outcome: false, tail: 0 };
const MAX_HELPER_NESTING = 64;
/** What each helper does, by what of its failures reaches the test (indexed by Reach: none, a soft
 * expectation's, all), shared by the tests. */
type HelperStretches = [Map<ts.Node, Stretch>, Map<ts.Node, Stretch>, Map<ts.Node, Stretch>];

function followedBy(a: Stretch, b: Stretch): Stretch {
  if (b === NOTHING) return a;
  return {
    acts: a.acts || b.acts,
    interacts: a.interacts || b.interacts,
    outcome: a.outcome || b.outcome,
    tail: b.acts ? b.tail : a.tail + b.tail,
  };
}

/** Each test must assert after its last action, and not only that a page loaded. A helper of the spec
 * runs where it is called (once per helper and way of calling it is enough to know what it does);
 * code that never runs neither acts nor asserts. */
function checkOutcome(
  test: ts.CallExpression,
  reach: Reachability,
  helpers: HelperStretches,
  add: (ruleId: string, severity: Severity, node: ts.Node | undefined, message: string) => void,
): void {
  const body = test.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a));
  if (!body) return;
  let nested = 0;
  let run = NOTHING;
  /** What of a failure here reaches the test: None inside a function that may never run, in a step
   * whose promise is dropped, or in a helper whose call drops its promise; Soft (a soft expectation
   * still checks the test, a hard one does not) in a step or helper whose failure is swallowed. */
  let reaches: Reach = Reach.All;
  // Handed to forEachChild as it is: one frame per level of the tree, as deep as the parser goes.
  const walk = (node: ts.Node): void => {
    if (reach.isDead(node)) return;
    const outer = reaches;
    if (node !== body && ts.isFunctionLike(node)) {
      if (reach.isHelper(node)) return; // runs where it is used
      // May never run (or not before the test ends, or its failure is swallowed): its actions still
      // count where they are written, its expectations do not (or only its soft ones).
      if (!runsInTest(node)) reaches = Reach.None;
      else reaches = Math.min(reaches, stepCallbackReach(node) ?? Reach.All) as Reach;
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (isExpectCall(node)) {
        if (reaches >= (isSoftExpect(node) ? Reach.Soft : Reach.All) && isAssertion(node)) {
          const matcher = matcherOf(node);
          const loadOnly = matcher !== undefined && LOAD_ONLY_MATCHERS.has(matcher);
          run = followedBy(run, { acts: false, interacts: false, outcome: !loadOnly, tail: 1 });
        }
      } else if (
        name &&
        ACTION_METHODS.has(name) &&
        ts.isPropertyAccessExpression(node.expression) &&
        !isInsideExpect(node)
      ) {
        run = followedBy(run, {
          acts: true,
          interacts: name !== 'goto' && name !== 'reload',
          outcome: false,
          tail: 0,
        });
      }
    }
    ts.forEachChild(node, walk);
    const helper = reach.helperRunBy(node);
    // Helpers nested deeper than any spec needs are not followed (the stack is finite).
    if (helper?.body && nested < MAX_HELPER_NESTING) {
      const checks = Math.min(reaches, reach.failureReach(node, helper)) as Reach;
      const known = helpers[checks];
      let inner = known.get(helper);
      if (inner === undefined) {
        known.set(helper, NOTHING); // a helper that calls itself adds nothing more
        const before = run;
        run = NOTHING;
        reaches = checks;
        nested++;
        walk(helper.body);
        nested--;
        inner = run;
        run = before;
        known.set(helper, inner);
      }
      run = followedBy(run, inner);
    }
    reaches = outer;
  };
  walk(body);
  if (run.tail === 0) {
    add(
      'require-outcome-assertion',
      'reject',
      test.arguments[0] ?? test,
      "Nothing is asserted after the last action; check the feature's outcome (text shown, URL reached, state changed) with expect(...).",
    );
  } else if (!run.interacts && !run.outcome) {
    add(
      'require-outcome-assertion',
      'reject',
      test.arguments[0] ?? test,
      'The test only checks that a page loaded (title/URL); assert what the feature does.',
    );
  }
}

function isInsideExpect(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) if (isExpectCall(p)) return true;
  return false;
}
