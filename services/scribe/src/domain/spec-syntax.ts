// How a Playwright spec's syntax reads, for the critic: which calls are tests, describes and
// expectations, whether an expectation runs at all, which strings are selectors, and where a
// \`goto\` URL starts.
import ts from 'typescript';

export function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isIdentifier(e)) return e.text;
  return undefined;
}

/** `process.env.X ?? 'literal'` (or `||`): an env-overridable default, the allowed way to hold test credentials. */
export function isEnvDefault(node: ts.Node): boolean {
  if (!ts.isBinaryExpression(node)) return false;
  const op = node.operatorToken.kind;
  if (op !== ts.SyntaxKind.QuestionQuestionToken && op !== ts.SyntaxKind.BarBarToken) return false;
  const left = node.left.getText();
  return /^process\.env(?:\.[A-Za-z_][A-Za-z0-9_]*|\[['"][A-Za-z_][A-Za-z0-9_]*['"]\])$/.test(left);
}

export function isStringLiteral(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** Methods whose first argument, when it is a string, is a selector (Page, Frame, ElementHandle, DOM). */
const SELECTOR_FIRST = new Set([
  'locator',
  'frameLocator',
  '$',
  '$$',
  '$eval',
  '$$eval',
  'waitForSelector',
  'querySelector',
  'querySelectorAll',
  'closest',
  'click',
  'dblclick',
  'hover',
  'tap',
  'check',
  'uncheck',
  'setChecked',
  'focus',
  'isVisible',
  'isHidden',
  'isEnabled',
  'isDisabled',
  'isChecked',
  'isEditable',
  'textContent',
  'innerText',
  'innerHTML',
  'inputValue',
]);
/** `page.fill(selector, value)` and the like; on a Locator or ElementHandle the same names take
 * `(value, options?)`. */
const SELECTOR_THEN_VALUE = new Set([
  'fill',
  'type',
  'press',
  'selectOption',
  'setInputFiles',
  'getAttribute',
  'dispatchEvent',
]);
/** Calls that return a Page or Frame (whose fill/type/press take a selector first). */
const FRAME_GETTERS = new Set(['mainFrame', 'frame', 'parentFrame']);

/** The arguments of `call` that are selectors. */
export function selectorArguments(call: ts.CallExpression): readonly ts.Expression[] {
  const e = call.expression;
  if (!ts.isPropertyAccessExpression(e)) return [];
  const name = e.name.text;
  const [first, second] = call.arguments;
  if (!first) return [];
  if (name === 'dragAndDrop') return call.arguments.slice(0, 2);
  if (SELECTOR_FIRST.has(name)) return [first];
  // `page.getByLabel('x').fill(value, options)`: a receiver built by a call is a Locator.
  const receiverIsLocator =
    ts.isCallExpression(e.expression) && !FRAME_GETTERS.has(calleeName(e.expression) ?? '');
  if (SELECTOR_THEN_VALUE.has(name) && !receiverIsLocator && second && !ts.isObjectLiteralExpression(second))
    return [first];
  return [];
}

/** The expressions a string is built from: `a + \`b${c}\``, `x ? a : b`, parentheses and casts. */
function stringPieces(expr: ts.Expression, out: ts.Expression[]): void {
  if (
    ts.isParenthesizedExpression(expr) ||
    ts.isAsExpression(expr) ||
    ts.isSatisfiesExpression(expr) ||
    ts.isNonNullExpression(expr)
  )
    stringPieces(expr.expression, out);
  else if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    stringPieces(expr.left, out);
    stringPieces(expr.right, out);
  } else if (ts.isConditionalExpression(expr)) {
    stringPieces(expr.whenTrue, out);
    stringPieces(expr.whenFalse, out);
  } else if (ts.isTemplateExpression(expr)) {
    out.push(expr);
    for (const span of expr.templateSpans) stringPieces(span.expression, out);
  } else out.push(expr);
}

/** String literals and template expressions that end up in a selector argument, directly or through a
 * constant (`const ROW = 'li >> nth=2'; page.locator(ROW)`). Names are matched without scoping. */
export function selectorStrings(sf: ts.SourceFile): Set<ts.Node> {
  const strings = new Set<ts.Node>();
  const names = new Set<string>();
  const declarations: { name: string; initializer: ts.Expression }[] = [];
  const take = (expr: ts.Expression): void => {
    const pieces: ts.Expression[] = [];
    stringPieces(expr, pieces);
    for (const piece of pieces) {
      if (ts.isIdentifier(piece)) names.add(piece.text);
      else if (isStringLiteral(piece) || ts.isTemplateExpression(piece)) strings.add(piece);
    }
  };
  const collect = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) for (const arg of selectorArguments(node)) take(arg);
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer)
      declarations.push({ name: node.name.text, initializer: node.initializer });
    ts.forEachChild(node, collect);
  };
  collect(sf);
  const resolved = new Set<(typeof declarations)[number]>();
  for (let grew = true; grew;) {
    grew = false;
    for (const d of declarations) {
      if (resolved.has(d) || !names.has(d.name)) continue;
      resolved.add(d);
      take(d.initializer);
      grew = true;
    }
  }
  return strings;
}

/** The template expression or string literal a literal-like node belongs to. */
export function wholeString(node: ts.Node): ts.Node {
  if (ts.isTemplateHead(node)) return node.parent;
  if (ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) return node.parent.parent;
  return node;
}

/** Is `node` the text a `goto(...)` URL starts with (`'//x'`, \`//${host}\`, `'http://x' + path`)? */
export function startsGotoUrl(node: ts.Node): boolean {
  if (!isStringLiteral(node) && !ts.isTemplateHead(node)) return false;
  let n: ts.Node = wholeString(node);
  while (
    ts.isParenthesizedExpression(n.parent) ||
    (ts.isBinaryExpression(n.parent) &&
      n.parent.operatorToken.kind === ts.SyntaxKind.PlusToken &&
      n.parent.left === n)
  )
    n = n.parent;
  return ts.isCallExpression(n.parent) && calleeName(n.parent) === 'goto' && n.parent.arguments[0] === n;
}

/** A URL's text as the WHATWG parser reads it: leading C0 controls and spaces trimmed, tabs and newlines dropped. */
export function gotoUrlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
}

/** Is this call the test body's `test(...)` (not describe/step/hooks)? */
export function isTestCall(call: ts.CallExpression): boolean {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text === 'test' || e.text === 'it';
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'test')
    return ['only', 'fixme', 'fail', 'slow'].includes(e.name.text);
  return false;
}

export function isDescribeCall(call: ts.CallExpression): boolean {
  const e = call.expression;
  return (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'test' &&
    e.name.text === 'describe'
  );
}

/** `expect(…)`, `expect.soft(…)`, `expect.poll(…)`, and the same through an expect that
 * `expect.configure(…)` or `.soft` gives, also bound to a `const` (`const softExpect =
 * expect.configure({ soft: true }); softExpect(x)`, `softExpect.poll(f)`). */
export function isExpectCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && expectOfCall(node) !== undefined;
}

/** A Playwright expect function, and whether its matchers are soft. */
interface ExpectFunction {
  soft: boolean;
}
const HARD_EXPECT: ExpectFunction = { soft: false };
const SOFT_EXPECT: ExpectFunction = { soft: true };
const MAX_EXPECT_DEPTH = 20;

/** The expect function `call` calls: `expect(x)` and `softExpect(x)` call one, `expect.poll(f)`
 * calls the poll of one (soft as that one is). */
function expectOfCall(call: ts.CallExpression): ExpectFunction | undefined {
  const e = call.expression;
  const direct = expectFunction(e);
  if (direct !== undefined) return direct;
  return ts.isPropertyAccessExpression(e) && e.name.text === 'poll'
    ? expectFunction(e.expression)
    : undefined;
}

const expectFunctions = new WeakMap<ts.Expression, ExpectFunction | null>();

/**
 * `e` is a Playwright expect function: `expect` (as imported, also under another name),
 * `X.soft` (soft), `X.configure(options)` (soft when the options say `soft: true`, hard when they
 * say `soft: false` or anything the source does not fix, else as X), for X an expect function, or
 * a `const` bound to one, found in the scopes around `e` (a nearer binding of the name hides it).
 */
function expectFunction(e: ts.Expression, depth = 0): ExpectFunction | undefined {
  const known = expectFunctions.get(e);
  if (known !== undefined) return known ?? undefined;
  const r = depth > MAX_EXPECT_DEPTH ? undefined : computeExpectFunction(e, depth);
  expectFunctions.set(e, r ?? null);
  return r;
}

function computeExpectFunction(expr: ts.Expression, depth: number): ExpectFunction | undefined {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e))
    e = e.expression;
  if (ts.isIdentifier(e)) {
    // Most specs bind nothing to an expect: `expect` is the imported one, other names none.
    if (!expectNamesOf(e.getSourceFile()).has(e.text)) return e.text === 'expect' ? HARD_EXPECT : undefined;
    const bound = bindingOf(e);
    if (bound && 'initializer' in bound) return expectFunction(bound.initializer, depth + 1);
    if (bound) return bound.imported === 'expect' ? HARD_EXPECT : undefined;
    // `expect` not bound in the file (or bound as a parameter, `let`, …) is read as Playwright's.
    return e.text === 'expect' ? HARD_EXPECT : undefined;
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'soft')
    return expectFunction(e.expression, depth + 1) && SOFT_EXPECT;
  if (!ts.isCallExpression(e)) return undefined;
  if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'configure') {
    const base = expectFunction(e.expression.expression, depth + 1);
    if (base === undefined) return undefined;
    const soft = softOption(e.arguments[0], base.soft, depth + 1);
    return soft ? SOFT_EXPECT : HARD_EXPECT;
  }
  // Custom matchers added to an expect keep its configuration.
  if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'extend')
    return expectFunction(e.expression.expression, depth + 1);
  // `mergeExpects(a, b)` gives an expect with every matcher of its arguments, configured afresh.
  if (isMergeExpects(e.expression) && e.arguments.some((a) => expectFunction(a, depth + 1) !== undefined))
    return HARD_EXPECT;
  return undefined;
}

/** Playwright's `mergeExpects`, as imported (also under another name). */
function isMergeExpects(callee: ts.Expression): boolean {
  if (!ts.isIdentifier(callee)) return false;
  const bound = bindingOf(callee);
  return bound != null && 'imported' in bound && bound.imported === 'mergeExpects';
}

/** Whether an expect configured with `options` is soft, `inherited` when they do not say; read as
 * hard when they say something the source does not fix (`soft: flag`, a spread of an unknown value). */
function softOption(options: ts.Expression | undefined, inherited: boolean, depth: number): boolean {
  if (options === undefined || depth > MAX_EXPECT_DEPTH) return false;
  let o = options;
  while (ts.isParenthesizedExpression(o) || ts.isAsExpression(o) || ts.isSatisfiesExpression(o))
    o = o.expression;
  if (ts.isIdentifier(o)) {
    const bound = bindingOf(o);
    return bound && 'initializer' in bound ? softOption(bound.initializer, inherited, depth + 1) : false;
  }
  if (!ts.isObjectLiteralExpression(o)) return false;
  let soft = inherited;
  for (const p of o.properties) {
    if (ts.isSpreadAssignment(p)) soft = softOption(p.expression, soft, depth + 1);
    // `[key]: …` may be `soft`.
    else if (ts.isComputedPropertyName(p.name)) soft = false;
    else if ((ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === 'soft')
      soft = ts.isPropertyAssignment(p) && p.initializer.kind === ts.SyntaxKind.TrueKeyword;
  }
  return soft;
}

/** Calls that may give an expect function: `X.configure(…)`, `X.extend(…)`, `mergeExpects(…)`. */
const EXPECT_MAKERS = new Set(['configure', 'extend', 'mergeExpects']);

/** Names a spec may bind to an expect function, so that only these are looked up: `const`s
 * initialised with a name, `….soft` or a call of EXPECT_MAKERS, and `expect` imported under another
 * name. */
const expectNames = new WeakMap<ts.SourceFile, Set<string>>();
function expectNamesOf(sf: ts.SourceFile): Set<string> {
  let names = expectNames.get(sf);
  if (names !== undefined) return names;
  const found = new Set<string>();
  // `mergeExpects` imported under another name (imports come first, so they are seen first).
  const makers = new Set(EXPECT_MAKERS);
  const visit = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer) {
      let init = n.initializer;
      while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isNonNullExpression(init))
        init = init.expression;
      if (
        ts.isIdentifier(init) ||
        (ts.isPropertyAccessExpression(init) && init.name.text === 'soft') ||
        (ts.isCallExpression(init) && makers.has(calleeName(init) ?? ''))
      )
        found.add(n.name.text);
    }
    if (ts.isImportSpecifier(n) && n.propertyName?.text === 'expect') found.add(n.name.text);
    if (ts.isImportSpecifier(n) && n.propertyName?.text === 'mergeExpects') makers.add(n.name.text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  expectNames.set(sf, (names = found));
  return names;
}

/** What a name is bound to: a `const`'s initialiser, an import (by the name it is exported as), null
 * for any other binding (a parameter, `let`, a function, …). */
type NameBinding = { initializer: ts.Expression } | { imported: string } | null;

/** What `id` names, looked up in the scopes around it; undefined when nothing in the file binds it. */
function bindingOf(id: ts.Identifier): NameBinding | undefined {
  const name = id.text;
  const inStatements = (statements: readonly ts.Statement[]): NameBinding | undefined => {
    for (const s of statements) {
      if (ts.isVariableStatement(s)) {
        const isConst = (s.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const d of s.declarationList.declarations)
          if (ts.isIdentifier(d.name) && d.name.text === name)
            return isConst && d.initializer ? { initializer: d.initializer } : null;
          else if (!ts.isIdentifier(d.name) && bindsName(d.name, name)) return null;
      } else if (
        (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) &&
        s.name?.text === name
      )
        return null;
      else if (ts.isImportDeclaration(s) && s.importClause) {
        const c = s.importClause;
        if (c.name?.text === name) return null;
        const b = c.namedBindings;
        if (b && ts.isNamespaceImport(b) && b.name.text === name) return null;
        if (b && ts.isNamedImports(b))
          for (const e of b.elements)
            if (e.name.text === name) return { imported: (e.propertyName ?? e.name).text };
      }
    }
    return undefined;
  };
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    let r: ReturnType<typeof inStatements>;
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope))
      r = inStatements(scope.statements);
    else if (ts.isCaseBlock(scope)) r = inStatements(scope.clauses.flatMap((c) => [...c.statements]));
    else if (ts.isFunctionLike(scope)) {
      if (scope.parameters.some((p) => bindsName(p.name, name))) r = null;
      else if (ts.isFunctionExpression(scope) && scope.name?.text === name) r = null;
    } else if (
      (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) &&
      scope.initializer &&
      ts.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.some((d) => bindsName(d.name, name))
    )
      r = null;
    else if (
      ts.isCatchClause(scope) &&
      scope.variableDeclaration &&
      bindsName(scope.variableDeclaration.name, name)
    )
      r = null;
    if (r !== undefined) return r;
  }
  return undefined;
}

function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((e) => !ts.isOmittedExpression(e) && bindsName(e.name, name));
}

const MATCHER_MODIFIERS = new Set(['not', 'resolves', 'rejects']);

/** The matcher called on an `expect(...)` chain whose innermost call is `expectCall`
 * (`expect(x).not.toBeVisible()` → toBeVisible); undefined when no matcher is called (`expect(x);`).
 * The first call after the modifiers: in `expect(x).toBeVisible().then(…)` the matcher is
 * toBeVisible, and `then` / `catch` / `finally` act on the promise it gives. */
export function matcherOf(expectCall: ts.CallExpression): string | undefined {
  for (const node of chainOf(expectCall))
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isCallExpression(node.parent) &&
      node.parent.expression === node &&
      !MATCHER_MODIFIERS.has(node.name.text)
    )
      return node.name.text;
  return undefined;
}

/** `expect.soft(…)`, or a call of an expect configured soft (`expect.configure({ soft: true })`, also
 * through a `const`): a failed soft matcher marks the test failed and neither throws nor rejects
 * (Playwright records it on the test), so no `catch` can swallow it. */
export function isSoftExpect(call: ts.CallExpression): boolean {
  return expectOfCall(call)?.soft === true;
}

/** The nodes of an `expect(...)` chain, innermost first: `expect(x)`, `.not`, `.toBeVisible`, the call. */
function chainOf(expectCall: ts.CallExpression): ts.Node[] {
  const nodes: ts.Node[] = [expectCall];
  let node: ts.Node = expectCall;
  while (
    node.parent &&
    (ts.isPropertyAccessExpression(node.parent) ||
      (ts.isCallExpression(node.parent) && node.parent.expression === node))
  ) {
    node = node.parent;
    nodes.push(node);
  }
  return nodes;
}

/**
 * `test.skip` / `test.fixme` (declared, or called in a test or hook), `test.describe.skip` /
 * `.fixme` and `test.step.skip` skip what they cover, and so does `step.skip()` called on the
 * argument a `test.step` callback gets (the rest of the step never runs); `test.fail` expects the
 * test to fail. Also through `it` / `describe`, `test.info()` and a `testInfo` argument. Which it
 * is ('skip-step' when only a step is skipped), or undefined.
 */
export function skipModifier(call: ts.CallExpression): 'skip' | 'skip-step' | 'fail' | undefined {
  const e = call.expression;
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  const name = e.name.text;
  if (name !== 'skip' && name !== 'fixme' && name !== 'fail') return undefined;
  if (isStepSkip(call)) return 'skip-step';
  const receiver = e.expression;
  const onTest =
    ['test', 'it', 'describe'].includes(rootName(receiver) ?? '') ||
    (ts.isIdentifier(receiver) && receiver.text === 'testInfo') ||
    (ts.isCallExpression(receiver) &&
      calleeName(receiver) === 'info' &&
      rootName(receiver.expression) === 'test');
  if (onTest) return name === 'fail' ? 'fail' : 'skip';
  return name === 'skip' && ts.isIdentifier(receiver) && isStepInfo(receiver) ? 'skip-step' : undefined;
}

/** `test.step.skip(…)`: the step is reported as skipped and its callback never runs. */
export function isStepSkip(call: ts.CallExpression): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && e.name.text === 'skip' && isStepCallee(e.expression);
}

/** `id` names the first parameter of the `test.step` callback around it (Playwright's TestStepInfo,
 * whose `skip()` ends the step there), not a name bound nearer. */
function isStepInfo(id: ts.Identifier): boolean {
  for (let n: ts.Node = id; n.parent; n = n.parent) {
    const fn = n.parent;
    if (!ts.isFunctionLike(fn)) continue;
    const i = fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
    if (i < 0) continue;
    let arg: ts.Node = fn;
    while (ts.isParenthesizedExpression(arg.parent)) arg = arg.parent;
    const call = arg.parent;
    return (
      i === 0 &&
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      ts.isCallExpression(call) &&
      call.arguments.some((a) => a === arg) &&
      isStepCall(call)
    );
  }
  return false;
}

/** The identifier a `test.describe.serial`-style callee starts with. */
function rootName(e: ts.Expression): string | undefined {
  while (ts.isPropertyAccessExpression(e)) e = e.expression;
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** A function the test run calls: a test, describe, hook or `test.step` callback, or the callback of
 * `expect.poll(fn)` / `expect(fn).toPass()`. Any other nested function may never run (the spec's own
 * helpers run where they are used: see reachability.ts). */
export function runsInTest(fn: ts.Node): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let n: ts.Node = fn;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return runsAsCallback(n);
}

/** Is `arg` an argument of a call that runs its callbacks in the test (`test(…)`, `test.describe`, a
 * hook, `test.step`, `expect.poll(fn)`, `expect(fn).toPass()`)? */
export function runsAsCallback(arg: ts.Node): boolean {
  const call = arg.parent;
  if (!ts.isCallExpression(call) || !call.arguments.some((a) => a === arg)) return false;
  if (isExpectCall(call)) return isPollExpect(call) || matcherOf(call) === 'toPass';
  // A skipped step's callback is never called (the test itself runs on).
  if (isStepSkip(call)) return false;
  const root = rootName(call.expression);
  return root === 'test' || root === 'it' || root === 'describe';
}

/**
 * A value fixed in the source (`true`, `1`, `'x'`, `null`, and what is built of such values only:
 * `1 + 1`, `!0`, \`a${1}\`, `[]`, `{ a: 1 }`): expecting something of it checks nothing.
 */
function isConstant(node: ts.Expression): boolean {
  if (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isTypeOfExpression(node) ||
    ts.isVoidExpression(node)
  )
    return isConstant(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return isConstant(node.operand);
  if (ts.isBinaryExpression(node)) return isConstant(node.left) && isConstant(node.right);
  if (ts.isConditionalExpression(node))
    return isConstant(node.condition) && isConstant(node.whenTrue) && isConstant(node.whenFalse);
  if (ts.isTemplateExpression(node)) return node.templateSpans.every((span) => isConstant(span.expression));
  if (ts.isArrayLiteralExpression(node))
    return node.elements.every((e) => !ts.isSpreadElement(e) && isConstant(e));
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isConstant(p.initializer),
    );
  return (
    isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    ts.isBigIntLiteral(node) ||
    ts.isRegularExpressionLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && (node.text === 'undefined' || node.text === 'NaN' || node.text === 'Infinity'))
  );
}

/** `expect.poll(f)` (also on a configured expect). */
function isPollExpect(call: ts.CallExpression): boolean {
  const e = call.expression;
  return ts.isPropertyAccessExpression(e) && e.name.text === 'poll' && isExpectCall(call);
}

/** A function written in place that hands back only constants (`async () => true`, or no value at
 * all): polling it checks nothing, whatever else it does. */
function returnsConstant(fn: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(fn)) fn = fn.expression;
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  if (!ts.isBlock(fn.body)) return isConstant(fn.body);
  let constant = true;
  const visit = (n: ts.Node): void => {
    if (!constant || ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression !== undefined && !isConstant(n.expression)) constant = false;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(fn.body, visit);
  return constant;
}

/** Methods that build a Locator (or a frame locator) without touching the page. */
const LOCATOR_BUILDERS = new Set([
  'locator',
  'getByRole',
  'getByText',
  'getByLabel',
  'getByPlaceholder',
  'getByAltText',
  'getByTitle',
  'getByTestId',
  'frameLocator',
  'contentFrame',
  'owner',
  'first',
  'last',
  'nth',
  'filter',
  'and',
  'or',
]);

/** Matchers that only ask whether a value exists (is truthy, defined, not null). */
const EXISTENCE_MATCHERS = new Set(['toBeTruthy', 'toBeFalsy', 'toBeDefined', 'toBeUndefined', 'toBeNull']);

/**
 * An object that exists whatever the page shows: the `page` fixture, or a Locator built from it and
 * not awaited (`page.getByRole('dialog')`, also through a constant holding one). A Locator is only a
 * description of what to find; `expect(locator).toBeTruthy()` passes on any page.
 */
function alwaysExists(node: ts.Expression, depth = 0): boolean {
  if (depth > 20) return false;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node))
    return alwaysExists(node.expression, depth + 1);
  if (ts.isIdentifier(node)) {
    if (node.text === 'page') return true;
    const init = constInitializer(node);
    return init !== undefined && alwaysExists(init, depth + 1);
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression))
    return (
      LOCATOR_BUILDERS.has(node.expression.name.text) && alwaysExists(node.expression.expression, depth + 1)
    );
  return false;
}

/** The initialiser of the `const` an identifier names, found by name in the enclosing scopes. */
function constInitializer(id: ts.Identifier): ts.Expression | undefined {
  for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const stmt of scope.statements) {
      if (!ts.isVariableStatement(stmt) || !(stmt.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const d of stmt.declarationList.declarations)
        if (ts.isIdentifier(d.name) && d.name.text === id.text && d.initializer) return d.initializer;
    }
  }
  return undefined;
}

/** The names called or read along an `expect(...)` chain, innermost first (`not`, `toBeVisible`, `catch`). */
function chainNames(expectCall: ts.CallExpression): string[] {
  return chainOf(expectCall).flatMap((n) => (ts.isPropertyAccessExpression(n) ? [n.name.text] : []));
}

/** Playwright's web-first matchers: they wait and retry, and return a promise that must be awaited. */
const ASYNC_MATCHERS = new Set([
  'toBeAttached',
  'toBeChecked',
  'toBeDisabled',
  'toBeEditable',
  'toBeEmpty',
  'toBeEnabled',
  'toBeFocused',
  'toBeHidden',
  'toBeInViewport',
  'toBeVisible',
  'toContainText',
  'toHaveAccessibleDescription',
  'toHaveAccessibleName',
  'toHaveAttribute',
  'toHaveClass',
  'toHaveCount',
  'toHaveCSS',
  'toHaveId',
  'toHaveJSProperty',
  'toHaveRole',
  'toHaveScreenshot',
  'toHaveText',
  'toHaveTitle',
  'toHaveURL',
  'toHaveValue',
  'toHaveValues',
  'toMatchAriaSnapshot',
  'toPass',
]);

/**
 * An expectation whose promise nobody waits for (a web-first matcher, `.resolves` / `.rejects` or
 * `expect.poll`, written as a bare statement or after `void`): the test ends before it settles, so
 * it checks nothing. A soft one handed to a `Promise.allSettled` nobody waits for floats too (a
 * hard one there is a settled assertion, isSettledAssertion).
 */
export function isFloatingAssertion(expectCall: ts.CallExpression): boolean {
  if (!givesPromise(expectCall)) return false;
  if (isDropped(expectCall)) return true;
  const settled = isSoftExpect(expectCall) ? settledBy(expectCall) : undefined;
  return settled !== undefined && isDropped(settled);
}

/** The expectation settles later: a web-first matcher, `.resolves` / `.rejects` or `expect.poll`. */
function givesPromise(expectCall: ts.CallExpression): boolean {
  const poll = isPollExpect(expectCall);
  const names = chainNames(expectCall);
  const matcher = matcherOf(expectCall);
  return (
    poll ||
    names.includes('resolves') ||
    names.includes('rejects') ||
    (matcher !== undefined &&
      (ASYNC_MATCHERS.has(matcher) || asyncCustomMatchersOf(expectCall.getSourceFile()).has(matcher)))
  );
}

const asyncCustomMatchers = new WeakMap<ts.SourceFile, Set<string>>();

/** Matchers a spec adds with `expect.extend({ async toX(…) {…} })` (or `toX: async (…) => …`): like
 * the web-first ones, they return a promise that must be awaited. */
function asyncCustomMatchersOf(sf: ts.SourceFile): Set<string> {
  let names = asyncCustomMatchers.get(sf);
  if (names !== undefined) return names;
  const found = new Set<string>();
  const isAsync = (n: ts.Node): boolean =>
    ts.canHaveModifiers(n) &&
    (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false);
  const visit = (n: ts.Node): void => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'extend' &&
      expectFunction(n.expression.expression) !== undefined
    ) {
      const matchers = n.arguments[0];
      if (matchers && ts.isObjectLiteralExpression(matchers))
        for (const p of matchers.properties) {
          const fn = ts.isPropertyAssignment(p) ? p.initializer : p;
          if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && isAsync(fn))
            found.add(p.name.text);
        }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  asyncCustomMatchers.set(sf, (names = found));
  return names;
}

/** `expr` is a whole `expect(...)` chain that hands back a promise (`expect(x).toBeVisible()`,
 * `expect.poll(f).toBe(1)`), as a helper may return it. */
export function isPromisedExpectation(expr: ts.Expression): boolean {
  let inner: ts.Expression = expr;
  while (!isExpectCall(inner) && (ts.isCallExpression(inner) || ts.isPropertyAccessExpression(inner)))
    inner = inner.expression;
  return (
    ts.isCallExpression(inner) && isExpectCall(inner) && chainOf(inner).at(-1) === expr && givesPromise(inner)
  );
}

/** `Promise.all` and the like: the promise they give settles with the promises handed to them. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);

/** `call` is `Promise.all(…)`, `Promise.race(…)` or the like. */
export function isPromiseCombinator(call: ts.CallExpression): boolean {
  const e = call.expression;
  return (
    ts.isPropertyAccessExpression(e) &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'Promise' &&
    PROMISE_COMBINATORS.has(e.name.text)
  );
}

/** The `Promise.all([…])` (or race, any, allSettled) whose array holds what the call chain starting
 * at `call` gives back. */
function combinatorOf(call: ts.CallExpression): ts.CallExpression | undefined {
  const array = chainOf(call).at(-1)?.parent;
  const combinator = array?.parent;
  return array !== undefined &&
    ts.isArrayLiteralExpression(array) &&
    combinator !== undefined &&
    ts.isCallExpression(combinator) &&
    combinator.arguments[0] === array &&
    isPromiseCombinator(combinator)
    ? combinator
    : undefined;
}

/** What the call chain starting at `call` gives back is dropped: it is a bare statement or follows
 * `void` (`check();`, `expect(x).toBeVisible();`, `void page.click()`), or it is handed to a
 * `Promise.all([…])` (or race, any) whose own promise is dropped. (`Promise.allSettled` takes it
 * whether it is awaited or not: see settledBy.) */
export function isDropped(call: ts.CallExpression): boolean {
  const parent = chainOf(call).at(-1)?.parent;
  if (parent === undefined) return false;
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return true;
  const combinator = combinatorOf(call);
  return combinator !== undefined && calleeName(combinator) !== 'allSettled' && isDropped(combinator);
}

/** The `Promise.allSettled([…])` that the call chain starting at `call` is handed to, directly or
 * through a `Promise.all` / `race` / `any` handed to one. It fulfils whether that promise fulfils or
 * rejects, so a failure there never fails the test (unless the test reads what it reports). */
export function settledBy(call: ts.CallExpression): ts.CallExpression | undefined {
  const combinator = combinatorOf(call);
  if (combinator === undefined) return undefined;
  return calleeName(combinator) === 'allSettled' ? combinator : settledBy(combinator);
}

/** The outcomes `call` is settled into are read by nobody: the `Promise.allSettled(…)` (awaited or
 * not) is a statement of its own or follows `void`. Kept in a variable, passed on or followed by
 * `.then`, the test may still check them. */
export function isSettledUnread(call: ts.CallExpression): boolean {
  const settled = settledBy(call);
  if (settled === undefined) return false;
  let n: ts.Node = settled;
  while (ts.isAwaitExpression(n.parent) || ts.isParenthesizedExpression(n.parent)) n = n.parent;
  return ts.isExpressionStatement(n.parent) || ts.isVoidExpression(n.parent);
}

/** A web-first expectation (or `.resolves` / `.rejects` / `expect.poll`) handed to
 * `Promise.allSettled`: its failure becomes a settled outcome, not a failed test. (A plain matcher
 * there throws while the array is built, before allSettled is called, and still fails the test; a
 * failed `expect.soft` fails the test without rejecting.) */
export function isSettledAssertion(expectCall: ts.CallExpression): boolean {
  return !isSoftExpect(expectCall) && givesPromise(expectCall) && settledBy(expectCall) !== undefined;
}

/** `test.step(…)`. */
export function isStepCall(call: ts.CallExpression): boolean {
  return isStepCallee(call.expression);
}

function isStepCallee(e: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(e) &&
    e.name.text === 'step' &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'test'
  );
}

/**
 * Which failures of some code reach the test. `All`: every one. `Soft`: only a failed soft
 * expectation's, which Playwright records on the test without throwing; the code runs to its end
 * (or to a throw) before the test goes on, but what it throws is swallowed. `None`: none; the
 * test may end before the code runs.
 */
export const Reach = { None: 0, Soft: 1, All: 2 } as const;
export type Reach = (typeof Reach)[keyof typeof Reach];

/** What reaches the test of a failure in the promise the call chain starting at `call` gives (a
 * `test.step(…)`, or a call of a helper that may return a promise): None when that promise is
 * dropped (`check();`, `void`, an un-awaited `Promise.all([…])`) or handed to a
 * `Promise.allSettled` that is; Soft when it is handed to one that is awaited, or its failure is
 * swallowed (`.catch`, a `try` whose catch throws nothing); else All. */
export function promiseReach(call: ts.CallExpression): Reach {
  if (isDropped(call)) return Reach.None;
  const settled = settledBy(call);
  if (settled !== undefined) return isDropped(settled) ? Reach.None : Reach.Soft;
  return isSwallowed(call) ? Reach.Soft : Reach.All;
}

/** The call `arg` is an argument of (through parentheses). */
function callTaking(arg: ts.Node): ts.CallExpression | undefined {
  let n: ts.Node = arg;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const call = n.parent;
  return call !== undefined && ts.isCallExpression(call) && call.arguments.some((a) => a === n)
    ? call
    : undefined;
}

/** When `arg` (a function, or a helper's name) is the callback of a `test.step(…)`: what of a
 * failure there reaches the test, as for the step's promise (see promiseReach). */
export function stepCallbackReach(arg: ts.Node): Reach | undefined {
  const call = callTaking(arg);
  return call !== undefined && isStepCall(call) ? promiseReach(call) : undefined;
}

/** When `arg` (a function, or a helper's name) is the callback of a `test.step(…)` or of an
 * `expect(fn).toPass()` (or `expect.poll(fn)`): what of a failure there reaches the test. For the
 * step, as for its promise; for the expect, Soft when that expect's failure is swallowed (a failure
 * in fn only fails that expect), else All. */
export function callbackReach(arg: ts.Node): Reach | undefined {
  const call = callTaking(arg);
  if (call === undefined) return undefined;
  if (isStepCall(call)) return promiseReach(call);
  if (isExpectCall(call)) return isSwallowed(call) ? Reach.Soft : Reach.All;
  return undefined;
}

/**
 * A failure of the expectation (or of a helper call) is swallowed: `.catch(…)` (or `.then(ok,
 * onError)`) on its promise with a handler that throws nothing, or a `try` whose `catch` throws
 * nothing. The test then passes whatever the page does. Never so for `expect.soft`, whose failure
 * fails the test without throwing.
 */
export function isSwallowed(expectCall: ts.CallExpression): boolean {
  if (isSoftExpect(expectCall)) return false;
  if (caughtOnChain(expectCall)) return true;
  for (let p: ts.Node = expectCall; p.parent; p = p.parent) {
    if (ts.isFunctionLike(p.parent)) {
      if (!runsInTest(p.parent)) break;
      // In the callback of `expect(fn).toPass()` (or `expect.poll`), a failure only fails that
      // expect: it is swallowed where that expect's is.
      const outer = expectTaking(p.parent);
      if (outer !== undefined) return isSwallowed(outer);
    }
    const t = p.parent;
    if (ts.isTryStatement(t) && t.tryBlock === p && t.catchClause && !throwsIn(t.catchClause.block))
      return true;
  }
  return false;
}

/** The `expect(…)` call `arg` is handed to (`expect(fn).toPass()`, `expect.poll(fn)`). */
function expectTaking(arg: ts.Node): ts.CallExpression | undefined {
  let n = arg;
  while (ts.isParenthesizedExpression(n.parent)) n = n.parent;
  const call = n.parent;
  return call !== undefined && isExpectCall(call) ? (call as ts.CallExpression) : undefined;
}

/** `.catch(…)` or `.then(ok, onError)` on the chain's promise, with a handler that throws nothing. */
function caughtOnChain(call: ts.CallExpression): boolean {
  for (const node of chainOf(call))
    if (ts.isPropertyAccessExpression(node) && ts.isCallExpression(node.parent)) {
      const args = node.parent.arguments;
      const handler = node.name.text === 'catch' ? args[0] : node.name.text === 'then' ? args[1] : undefined;
      if (handler !== undefined && !rethrows(handler)) return true;
    }
  return false;
}

/** A rejection handler that throws again (`.catch((e) => { …; throw e; })`) lets the failure through. */
function rethrows(handler: ts.Expression): boolean {
  while (ts.isParenthesizedExpression(handler)) handler = handler.expression;
  return (
    (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler)) &&
    ts.isBlock(handler.body) &&
    throwsIn(handler.body)
  );
}

function throwsIn(block: ts.Node): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found || (ts.isFunctionLike(n) && n !== block)) return;
    if (ts.isThrowStatement(n)) found = true;
    else ts.forEachChild(n, visit);
  };
  visit(block);
  return found;
}

/** An expectation that checks something if it runs: a matcher is called on something the test
 * observed (not a constant: `expect(true).toBe(true)`), its failure is neither swallowed (also by
 * `Promise.allSettled`) nor left unawaited. Whether it runs at all is reachability.ts's question. */
export function isAssertion(expectCall: ts.CallExpression): boolean {
  const matcher = matcherOf(expectCall);
  // `expect(fn).toPass()` only retries fn until it stops throwing: what it checks are fn's own
  // expectations, which count where they are written (an fn that only clicks checks nothing).
  if (matcher === undefined || matcher === 'toPass') return false;
  const subject = expectCall.arguments[0];
  if (subject !== undefined && isConstant(subject)) return false;
  if (isPollExpect(expectCall) && subject !== undefined && returnsConstant(subject)) return false;
  const first = chainNames(expectCall).find((n) => !MATCHER_MODIFIERS.has(n));
  if (subject !== undefined && first !== undefined && EXISTENCE_MATCHERS.has(first) && alwaysExists(subject))
    return false;
  return !isSwallowed(expectCall) && !isFloatingAssertion(expectCall) && !isSettledAssertion(expectCall);
}
