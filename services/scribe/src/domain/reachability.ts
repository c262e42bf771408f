// Which code of a spec runs, for the critic. An expectation under a condition that is always false,
// after a `return` / `throw` that always happens, or in a function nothing calls checks nothing, so it
// must not count as an assertion. Read from the syntax tree alone: a constant is what the source
// spells out (literals, and `const` names bound to them); a helper is the spec's own function (a
// function declaration, or a `const` holding an arrow or function expression) used by its name.
import ts from 'typescript';
import {
  callbackReach,
  isAssertion,
  isDropped,
  isExpectCall,
  isPromiseCombinator,
  isPromisedExpectation,
  isSettledUnread,
  isSoftExpect,
  isStepCall,
  isStringLiteral,
  isSwallowed,
  promiseReach,
  Reach,
  runsAsCallback,
  runsInTest,
  settledBy,
  stepCallbackReach,
} from './spec-syntax';

export type HelperFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

export interface Reachability {
  /** `node` never runs when its parent does: the branch a constant condition rules out (`if (false)`,
   * `while (0)`, `false && …`, `cond ? … : …`, `for (… of [])`), or a statement after one that always
   * leaves its block (`return`, `throw`, `break`, `continue`, an `if` whose branches all do). */
  isDead(node: ts.Node): boolean;
  /** `fn` is one of the spec's helpers: its code runs where it is used, not where it is written. */
  isHelper(fn: ts.Node): boolean;
  /** The helper `node` runs: a call by name (`check()`), or a name handed to a call whose callback the
   * test runs (`test.step('save', check)`). */
  helperRunBy(node: ts.Node): HelperFunction | undefined;
  /** What of a failure inside the helper that `use` runs reaches the test (see Reach). All when the
   * use neither swallows it (`.catch`, a `try` whose catch throws nothing, `Promise.allSettled`) nor
   * drops a promise the helper may return, and, for a helper handed by name to a `test.step` or
   * `expect(…).toPass()`, when that step's or expect's does neither. Soft when it is swallowed (or
   * settled by an awaited `Promise.allSettled`): a soft expectation still fails the test there.
   * None when the promise is dropped. */
  failureReach(use: ts.Node, helper: HelperFunction): Reach;
  /** `node` runs when the tests run, and a failure there fails a test: no dead branch on the way up,
   * and every function around it is a test, describe, hook or step callback (of a step whose
   * failure reaches the test: see stepCallbackReach), the callback of `expect.poll` / `toPass`, or a
   * helper used so from code that counts in turn. A soft expectation (`expect.soft`, a soft
   * configured expect) also counts in a step or helper whose failure is swallowed: Playwright
   * records its failure on the test without throwing. */
  counts(node: ts.Node): boolean;
  /** `call` runs assertions and drops the promise that would report them (`check();`, `void check()`,
   * an un-awaited `Promise.all([check()])`, `test.step('x', async () => { await expect(…)… });`): a
   * helper that surely hands back a promise (async, or returning an `expect(...)` that settles
   * later) and asserts when it runs, or a `test.step` whose callback asserts. The test may end before
   * those assertions settle, so they check nothing, as with an un-awaited `expect(...).toBeVisible()`. */
  dropsAssertions(call: ts.Node): boolean;
  /** `call` runs assertions (as for dropsAssertions) and is handed to a `Promise.allSettled([…])`
   * whose outcomes nobody reads: it fulfils whether they pass or fail, so they check nothing. When
   * the allSettled is awaited, soft assertions still fail the test: only hard ones count here. */
  settlesAssertions(call: ts.Node): boolean;
}

/** A value the source fixes: `{ v }` (so that `undefined` is a value too). */
type Value = { v: string | number | bigint | boolean | null | undefined };
/** What a name is bound to in a scope: a function declaration or a `const`, else null (a parameter,
 * `let`/`var`, an import, a class: nothing known about its value). */
type Binding = ts.FunctionDeclaration | ts.VariableDeclaration | null;

const MAX_DEPTH = 50;
/** Longer strings are not built (a chain of `const`s could double one at every step); their value is
 * left unknown, which only ever makes code count as reachable. */
const MAX_STRING = 10_000;

function unwrap(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  )
    e = e.expression;
  return e;
}

function bindingNames(name: ts.BindingName, out: string[]): string[] {
  if (ts.isIdentifier(name)) out.push(name.text);
  else
    for (const element of name.elements)
      if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  return out;
}

function statementsOf(scope: ts.Node): readonly ts.Statement[] | undefined {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) return scope.statements;
  if (ts.isCaseClause(scope) || ts.isDefaultClause(scope)) return scope.statements;
  return undefined;
}

/** An object, array, function, class or regular expression literal, or `new …`: always truthy. */
function isObjectLike(e: ts.Expression): boolean {
  return (
    ts.isObjectLiteralExpression(e) ||
    ts.isArrayLiteralExpression(e) ||
    ts.isFunctionExpression(e) ||
    ts.isArrowFunction(e) ||
    ts.isClassExpression(e) ||
    ts.isRegularExpressionLiteral(e) ||
    ts.isNewExpression(e)
  );
}

function unary(op: ts.PrefixUnaryOperator, v: Value['v']): Value | undefined {
  if (typeof v === 'bigint') return undefined;
  const n = v as number;
  switch (op) {
    case ts.SyntaxKind.MinusToken:
      return { v: -n };
    case ts.SyntaxKind.PlusToken:
      return { v: +n };
    case ts.SyntaxKind.TildeToken:
      return { v: ~n };
    default:
      return undefined;
  }
}

/** `l op r` on fixed values: equality on any, arithmetic and order on two numbers (or `+` and order
 * on two strings); undefined for anything else (JavaScript's coercions are not imitated). */
function binary(op: ts.SyntaxKind, l: Value['v'], r: Value['v']): Value | undefined {
  switch (op) {
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
      return { v: l === r };
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      return { v: l !== r };
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken: {
      const equal = looselyEqual(l, r);
      return equal === undefined ? undefined : { v: equal === (op === ts.SyntaxKind.EqualsEqualsToken) };
    }
    default:
  }
  if (typeof l === 'string' && typeof r === 'string') {
    if (op === ts.SyntaxKind.PlusToken) return l.length + r.length > MAX_STRING ? undefined : { v: l + r };
    return order(op, l, r);
  }
  if (typeof l !== 'number' || typeof r !== 'number') return undefined;
  switch (op) {
    case ts.SyntaxKind.PlusToken:
      return { v: l + r };
    case ts.SyntaxKind.MinusToken:
      return { v: l - r };
    case ts.SyntaxKind.AsteriskToken:
      return { v: l * r };
    case ts.SyntaxKind.SlashToken:
      return { v: l / r };
    case ts.SyntaxKind.PercentToken:
      return { v: l % r };
    case ts.SyntaxKind.AsteriskAsteriskToken:
      return { v: l ** r };
    default:
      return order(op, l, r);
  }
}

/** `l == r` where no coercion between types is involved: null and undefined equal only each other. */
function looselyEqual(l: Value['v'], r: Value['v']): boolean | undefined {
  if (l === null || l === undefined || r === null || r === undefined)
    return (l === null || l === undefined) && (r === null || r === undefined);
  return typeof l === typeof r ? l === r : undefined;
}

function order<T extends string | number>(op: ts.SyntaxKind, l: T, r: T): Value | undefined {
  switch (op) {
    case ts.SyntaxKind.LessThanToken:
      return { v: l < r };
    case ts.SyntaxKind.GreaterThanToken:
      return { v: l > r };
    case ts.SyntaxKind.LessThanEqualsToken:
      return { v: l <= r };
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return { v: l >= r };
    default:
      return undefined;
  }
}

function isAsync(fn: HelperFunction): boolean {
  return fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/** What `fn` hands back: its concise body, or the value of each of its own `return`s. */
function returnedValues(fn: HelperFunction): ts.Expression[] {
  const body = fn.body;
  if (body === undefined) return [];
  if (!ts.isBlock(body)) return [body];
  const values: ts.Expression[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression !== undefined) values.push(n.expression);
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return values;
}

/** A helper may hand back a promise (async, a concise arrow body, or `return <value>`): a call that
 * drops what it returns (`check();`) lets the test end before it settles. */
function mayReturnPromise(fn: HelperFunction): boolean {
  return isAsync(fn) || returnedValues(fn).length > 0;
}

export function reachability(sf: ts.SourceFile): Reachability {
  // --- names: what each identifier is bound to, scope by scope (tables built once per scope) ---
  const tables = new Map<ts.Node, Map<string, Binding> | undefined>();
  const declareStatements = (table: Map<string, Binding>, statements: readonly ts.Statement[]): void => {
    for (const s of statements) {
      if (ts.isFunctionDeclaration(s) && s.name) table.set(s.name.text, s.body ? s : null);
      else if (ts.isVariableStatement(s)) {
        const isConst = (s.declarationList.flags & ts.NodeFlags.Const) !== 0;
        for (const d of s.declarationList.declarations)
          if (isConst && ts.isIdentifier(d.name)) table.set(d.name.text, d);
          else for (const n of bindingNames(d.name, [])) table.set(n, null);
      } else if (
        (ts.isClassDeclaration(s) || ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) &&
        s.name !== undefined &&
        ts.isIdentifier(s.name)
      )
        table.set(s.name.text, null);
      else if (ts.isImportEqualsDeclaration(s)) table.set(s.name.text, null);
      else if (ts.isImportDeclaration(s) && s.importClause) {
        const c = s.importClause;
        if (c.name) table.set(c.name.text, null);
        const bindings = c.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) table.set(bindings.name.text, null);
        else if (bindings) for (const e of bindings.elements) table.set(e.name.text, null);
      }
    }
  };
  const tableOf = (scope: ts.Node): Map<string, Binding> | undefined => {
    if (tables.has(scope)) return tables.get(scope);
    let table: Map<string, Binding> | undefined;
    const statements = ts.isCaseBlock(scope)
      ? scope.clauses.flatMap((c) => [...c.statements])
      : ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)
        ? scope.statements
        : undefined;
    if (statements) declareStatements((table = new Map<string, Binding>()), statements);
    else if (ts.isFunctionLike(scope)) {
      table = new Map<string, Binding>();
      for (const p of scope.parameters) for (const n of bindingNames(p.name, [])) table.set(n, null);
      if (ts.isFunctionExpression(scope) && scope.name) table.set(scope.name.text, null);
    } else if (
      (ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) &&
      scope.initializer &&
      ts.isVariableDeclarationList(scope.initializer)
    ) {
      table = new Map<string, Binding>();
      for (const d of scope.initializer.declarations)
        for (const n of bindingNames(d.name, [])) table.set(n, null);
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration) {
      table = new Map<string, Binding>();
      for (const n of bindingNames(scope.variableDeclaration.name, [])) table.set(n, null);
    }
    tables.set(scope, table);
    return table;
  };
  const resolve = (id: ts.Identifier): Binding => {
    for (let scope: ts.Node | undefined = id.parent; scope; scope = scope.parent) {
      const table = tableOf(scope);
      if (table?.has(id.text)) return table.get(id.text) ?? null;
    }
    return null;
  };
  const helperOf = (b: Binding): HelperFunction | undefined => {
    if (b === null) return undefined;
    if (ts.isFunctionDeclaration(b)) return b.name && b.body ? b : undefined;
    if (!ts.isIdentifier(b.name) || !(b.parent.flags & ts.NodeFlags.Const)) return undefined;
    const init = b.initializer && unwrap(b.initializer);
    return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
  };
  const constInit = (id: ts.Identifier): ts.Expression | undefined => {
    const b = resolve(id);
    return b !== null && ts.isVariableDeclaration(b) ? b.initializer : undefined;
  };

  // --- constants: the value or truthiness the source fixes, memoised per `const` ---
  const constValues = new Map<ts.Expression, Value | undefined>();
  const constTruths = new Map<ts.Expression, boolean | undefined>();
  const viaConst = <T>(
    memo: Map<ts.Expression, T | undefined>,
    init: ts.Expression,
    f: () => T | undefined,
  ) => {
    if (memo.has(init)) return memo.get(init);
    memo.set(init, undefined); // a cycle (`const a = b, b = a`) is unknown
    const r = f();
    memo.set(init, r);
    return r;
  };
  // Each expression is judged once (`a ?? b` asks about `a` thrice; nested, that would multiply).
  const values = new Map<ts.Node, Value | undefined>();
  const truths = new Map<ts.Node, boolean | undefined>();
  const valueOf = (expr: ts.Expression, depth = 0): Value | undefined => {
    if (values.has(expr)) return values.get(expr);
    const r = computeValue(expr, depth);
    values.set(expr, r);
    return r;
  };
  const truthOf = (expr: ts.Expression, depth = 0): boolean | undefined => {
    if (truths.has(expr)) return truths.get(expr);
    const r = computeTruth(expr, depth);
    truths.set(expr, r);
    return r;
  };
  const computeValue = (expr: ts.Expression, depth: number): Value | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return { v: Number(e.text) };
    if (ts.isBigIntLiteral(e)) return { v: BigInt(e.text.slice(0, -1)) };
    if (isStringLiteral(e)) return { v: e.text };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { v: true };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { v: false };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { v: null };
    if (ts.isVoidExpression(e)) return { v: undefined };
    if (ts.isIdentifier(e)) {
      if (e.text === 'undefined') return { v: undefined };
      if (e.text === 'NaN') return { v: NaN };
      if (e.text === 'Infinity') return { v: Infinity };
      const init = constInit(e);
      return init && viaConst(constValues, init, () => valueOf(init, depth + 1));
    }
    if (ts.isTypeOfExpression(e)) {
      const x = valueOf(e.expression, depth + 1);
      if (x) return { v: typeof x.v };
      return isObjectLike(unwrap(e.expression))
        ? { v: ts.isFunctionLike(unwrap(e.expression)) ? 'function' : 'object' }
        : undefined;
    }
    if (ts.isPrefixUnaryExpression(e)) {
      if (e.operator === ts.SyntaxKind.ExclamationToken) {
        const t = truthOf(e.operand, depth + 1);
        return t === undefined ? undefined : { v: !t };
      }
      const x = valueOf(e.operand, depth + 1);
      return x && unary(e.operator, x.v);
    }
    if (ts.isConditionalExpression(e)) {
      const t = truthOf(e.condition, depth + 1);
      return t === undefined ? undefined : valueOf(t ? e.whenTrue : e.whenFalse, depth + 1);
    }
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        const x = valueOf(span.expression, depth + 1);
        if (!x) return undefined;
        text += String(x.v) + span.literal.text;
        if (text.length > MAX_STRING) return undefined;
      }
      return { v: text };
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.CommaToken) return valueOf(e.right, depth + 1);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const t = truthOf(e.left, depth + 1);
        if (t === undefined) return undefined;
        const left = t === (op === ts.SyntaxKind.BarBarToken);
        return valueOf(left ? e.left : e.right, depth + 1);
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken) {
        const l = valueOf(e.left, depth + 1);
        return l === undefined ? undefined : l.v == null ? valueOf(e.right, depth + 1) : l;
      }
      const l = valueOf(e.left, depth + 1);
      const r = l && valueOf(e.right, depth + 1);
      return l && r && binary(op, l.v, r.v);
    }
    return undefined;
  };
  const computeTruth = (expr: ts.Expression, depth: number): boolean | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrap(expr);
    if (isObjectLike(e) || ts.isTypeOfExpression(e)) return true;
    if (ts.isIdentifier(e)) {
      const init = constInit(e);
      if (init) return viaConst(constTruths, init, () => truthOf(init, depth + 1));
    }
    if (
      ts.isTemplateExpression(e) &&
      (e.head.text !== '' || e.templateSpans.some((s) => s.literal.text !== ''))
    )
      return true;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
      const t = truthOf(e.operand, depth + 1);
      return t === undefined ? undefined : !t;
    }
    if (ts.isConditionalExpression(e)) {
      const c = truthOf(e.condition, depth + 1);
      if (c !== undefined) return truthOf(c ? e.whenTrue : e.whenFalse, depth + 1);
      const a = truthOf(e.whenTrue, depth + 1);
      return a !== undefined && a === truthOf(e.whenFalse, depth + 1) ? a : undefined;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (op === ts.SyntaxKind.CommaToken) return truthOf(e.right, depth + 1);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
        const or = op === ts.SyntaxKind.BarBarToken;
        const l = truthOf(e.left, depth + 1);
        if (l === or) return or; // `true || x`, `false && x`
        const r = truthOf(e.right, depth + 1);
        if (l !== undefined) return r; // `false || x`, `true && x`
        return r === or ? or : undefined; // `x || true`, `x && false`
      }
      if (op === ts.SyntaxKind.QuestionQuestionToken) {
        const l = nullish(e.left, depth + 1);
        if (l === undefined) return undefined;
        return l ? truthOf(e.right, depth + 1) : truthOf(e.left, depth + 1);
      }
    }
    const x = valueOf(e, depth + 1);
    return x === undefined ? undefined : Boolean(x.v);
  };
  const nullish = (e: ts.Expression, depth: number): boolean | undefined => {
    if (truthOf(e, depth) === true) return false;
    const x = valueOf(e, depth);
    return x === undefined ? undefined : x.v == null;
  };

  // --- dead code within a function ---
  const exits = new Map<ts.Node, boolean>();
  const firstExit = (statements: readonly ts.Statement[]): number => {
    const i = statements.findIndex((s) => alwaysExits(s));
    return i < 0 ? Infinity : i;
  };
  /** Control never leaves `s` to the statement after it. Loops, labels and switches are taken as
   * finishing normally (a `break` inside them ends them, not the block around them). */
  const alwaysExits = (s: ts.Statement): boolean => {
    const known = exits.get(s);
    if (known !== undefined) return known;
    let r = false;
    if (
      ts.isReturnStatement(s) ||
      ts.isThrowStatement(s) ||
      ts.isBreakStatement(s) ||
      ts.isContinueStatement(s)
    )
      r = true;
    else if (ts.isBlock(s)) r = firstExit(s.statements) !== Infinity;
    else if (ts.isIfStatement(s)) {
      const t = truthOf(s.expression);
      const otherwise = s.elseStatement !== undefined && alwaysExits(s.elseStatement);
      r =
        t === true
          ? alwaysExits(s.thenStatement)
          : t === false
            ? otherwise
            : otherwise && alwaysExits(s.thenStatement);
    } else if (ts.isTryStatement(s)) {
      r =
        (s.finallyBlock !== undefined && alwaysExits(s.finallyBlock)) ||
        (alwaysExits(s.tryBlock) && (s.catchClause === undefined || alwaysExits(s.catchClause.block)));
    }
    exits.set(s, r);
    return r;
  };
  /** The clauses of a `switch` on a constant that can run: from the one its value selects (the
   * first `case` equal to it, else `default`) through those it falls into, up to one that always
   * leaves (`break`, `return`, …). Undefined when the value, or a `case` before the match, is not
   * fixed by the source: then any clause may run. */
  const runningClauses = new Map<ts.CaseBlock, Set<ts.Node> | undefined>();
  const clauseRuns = (clause: ts.CaseClause | ts.DefaultClause): boolean => {
    const block = clause.parent;
    if (!runningClauses.has(block)) {
      let running: Set<ts.Node> | undefined;
      const on = valueOf(block.parent.expression);
      if (on !== undefined) {
        const clauses = block.clauses;
        let start = -1;
        for (let i = 0; i < clauses.length && start < 0; i++) {
          const c = clauses[i];
          if (c === undefined || ts.isDefaultClause(c)) continue;
          const v = valueOf(c.expression);
          if (v === undefined) break;
          if (v.v === on.v) start = i;
        }
        const known = start >= 0 || clauses.every((c) => ts.isDefaultClause(c) || valueOf(c.expression));
        if (known) {
          running = new Set<ts.Node>();
          if (start < 0) start = clauses.findIndex((c) => ts.isDefaultClause(c));
          for (let i = start; i >= 0 && i < clauses.length; i++) {
            const c = clauses[i];
            if (c === undefined) break;
            running.add(c);
            if (firstExit(c.statements) !== Infinity) break;
          }
        }
      }
      runningClauses.set(block, running);
    }
    const running = runningClauses.get(block);
    return running === undefined || running.has(clause);
  };
  /** Where the first statement that always leaves a statement list ends. */
  const exitEnd = new Map<ts.Node, number>();
  const isDead = (node: ts.Node): boolean => {
    const p = node.parent;
    if (!p) return false;
    if (ts.isIfStatement(p) || ts.isConditionalExpression(p)) {
      const cond = ts.isIfStatement(p) ? p.expression : p.condition;
      const whenTrue = ts.isIfStatement(p) ? p.thenStatement : p.whenTrue;
      const whenFalse = ts.isIfStatement(p) ? p.elseStatement : p.whenFalse;
      if (node === whenTrue) return truthOf(cond) === false;
      if (node === whenFalse) return truthOf(cond) === true;
      return false;
    }
    if (ts.isWhileStatement(p)) return node === p.statement && truthOf(p.expression) === false;
    if (ts.isForStatement(p))
      return (
        (node === p.statement || node === p.incrementor) &&
        p.condition !== undefined &&
        truthOf(p.condition) === false
      );
    if (ts.isForOfStatement(p) || ts.isForInStatement(p)) {
      if (node !== p.statement) return false;
      const over = unwrap(p.expression);
      return (
        (ts.isArrayLiteralExpression(over) && over.elements.length === 0) ||
        (ts.isObjectLiteralExpression(over) && over.properties.length === 0)
      );
    }
    if (ts.isBinaryExpression(p) && node === p.right) {
      const op = p.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return truthOf(p.left) === false;
      if (op === ts.SyntaxKind.BarBarToken) return truthOf(p.left) === true;
      if (op === ts.SyntaxKind.QuestionQuestionToken) return nullish(p.left, 0) === false;
      return false;
    }
    const statements = statementsOf(p);
    // A function declaration is hoisted: it can be called whatever stands before it.
    if (!statements || ts.isFunctionDeclaration(node)) return false;
    if ((ts.isCaseClause(p) || ts.isDefaultClause(p)) && statements.includes(node as ts.Statement)) {
      if (!clauseRuns(p)) return true;
    }
    let end = exitEnd.get(p);
    if (end === undefined) {
      const first = firstExit(statements);
      exitEnd.set(p, (end = statements[first]?.end ?? Infinity));
    }
    return node.pos >= end;
  };

  // --- helpers: where each is used, and which uses make its failures the test's ---
  // Every helper-shaped function, used or not: its code runs where it is used (an unused one never).
  const candidates = new Set<string>();
  const helpers = new Set<ts.Node>();
  const collect = (n: ts.Node): void => {
    if (ts.isFunctionDeclaration(n) || ts.isVariableDeclaration(n)) {
      const helper = helperOf(n);
      if (helper && n.name && ts.isIdentifier(n.name)) {
        candidates.add(n.name.text);
        helpers.add(helper);
      }
    }
    ts.forEachChild(n, collect);
  };
  collect(sf);
  const uses = new Map<ts.Node, HelperFunction>();
  const findUses = (n: ts.Node): void => {
    if (ts.isIdentifier(n) && candidates.has(n.text)) {
      let outer: ts.Node = n;
      while (ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
      const call = outer.parent;
      const called = ts.isCallExpression(call) && call.expression === outer;
      if (called || runsAsCallback(outer)) {
        const helper = helperOf(resolve(n));
        if (helper) uses.set(called ? call : n, helper);
      }
    }
    ts.forEachChild(n, findUses);
  };
  findUses(sf);

  const promising = new Map<HelperFunction, boolean>();
  const returnsPromise = (helper: HelperFunction): boolean => {
    let r = promising.get(helper);
    if (r === undefined) promising.set(helper, (r = mayReturnPromise(helper)));
    return r;
  };
  const reported = new Map<ts.Node, Reach>();
  const failureReach = (use: ts.Node, helper: HelperFunction): Reach => {
    let r = reported.get(use);
    if (r === undefined) {
      // A helper that returns nothing has thrown, or not, by the time its call returns.
      if (!ts.isCallExpression(use)) r = callbackReach(use) ?? Reach.All;
      else if (returnsPromise(helper)) r = promiseReach(use);
      else r = isSwallowed(use) ? Reach.Soft : Reach.All;
      reported.set(use, r);
    }
    return r;
  };
  /** The callback of a `test.step` whose failures do not all reach the test decides where what is in
   * it counts, as a helper does. */
  const isLostStep = (fn: ts.Node): boolean => (stepCallbackReach(fn) ?? Reach.All) !== Reach.All;

  // Where failures pass from one function to another: each use of a helper, and each `test.step`
  // callback written in place whose failures do not all reach the test (from the step call's place).
  const edges: { use: ts.Node; target: ts.Node; reach: Reach }[] = [];
  for (const [use, helper] of uses) edges.push({ use, target: helper, reach: failureReach(use, helper) });
  const findLostSteps = (n: ts.Node): void => {
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && !helpers.has(n) && isLostStep(n))
      edges.push({ use: n, target: n, reach: stepCallbackReach(n) ?? Reach.None });
    ts.forEachChild(n, findLostSteps);
  };
  findLostSteps(sf);

  /** Where `node`'s running is decided: false (never), true (whenever the tests run), or the helper
   * whose being used decides it. The callback of a step whose failures do not all reach the test
   * (see stepCallbackReach) decides it as a helper would, used where the step is called. Remembered
   * for every node on the way up, which uses share. */
  const origins = new Map<ts.Node, boolean | HelperFunction>();
  const origin = (node: ts.Node): boolean | HelperFunction => {
    const path: ts.Node[] = [];
    let r: boolean | HelperFunction | undefined;
    let n: ts.Node | undefined = node;
    while (r === undefined) {
      if (n === undefined) r = true;
      else if (origins.has(n)) r = origins.get(n);
      else {
        path.push(n);
        const p: ts.Node | undefined = n.parent;
        if (p && isDead(n)) r = false;
        else if (p && ts.isFunctionLike(p)) {
          if (helpers.has(p) || isLostStep(p)) r = p as HelperFunction;
          else if (!runsInTest(p)) r = false;
        }
        n = p;
      }
    }
    for (const n of path) origins.set(n, r);
    return r;
  };

  // How far the failures of each helper (and lost step callback) reach the test: the most any of
  // its uses lets through, from code whose own failures reach so far (a worklist: a function is
  // raised at most twice, recursion and mutual calls included).
  const live = new Map<ts.Node, Reach>();
  const waiting = new Map<ts.Node, { target: ts.Node; reach: Reach }[]>();
  const queue: ts.Node[] = [];
  const raise = (h: ts.Node, r: Reach): void => {
    if (r <= (live.get(h) ?? Reach.None)) return;
    live.set(h, r);
    queue.push(h);
  };
  for (const { use, target, reach } of edges) {
    if (reach === Reach.None) continue;
    const o = origin(use);
    if (o === true) raise(target, reach);
    else if (o !== false) {
      const list = waiting.get(o);
      if (list) list.push({ target, reach });
      else waiting.set(o, [{ target, reach }]);
    }
  }
  for (let h = queue.pop(); h !== undefined; h = queue.pop()) {
    const r = live.get(h) ?? Reach.None;
    for (const d of waiting.get(h) ?? []) raise(d.target, Math.min(r, d.reach) as Reach);
  }

  // Helpers that surely hand back a promise: async, or returning one (an `expect(...)` that settles
  // later, `Promise.all(…)`, or a call of such a helper). Found once, when first asked (a worklist:
  // a chain of helpers returning each other's calls is as long as the spec makes it).
  let surePromises: Set<ts.Node> | undefined;
  const surelyPromise = (helper: HelperFunction): boolean => {
    if (surePromises === undefined) {
      const found = new Set<ts.Node>();
      const returners = new Map<ts.Node, HelperFunction[]>();
      const pending: ts.Node[] = [];
      for (const h of helpers as Set<HelperFunction>) {
        const returnsPromise = returnedValues(h).some((value) => {
          const v = unwrap(value);
          if (isPromisedExpectation(v)) return true;
          if (!ts.isCallExpression(v)) return false;
          const called = uses.get(v);
          if (called !== undefined) {
            const list = returners.get(called);
            if (list) list.push(h);
            else returners.set(called, [h]);
          }
          return isPromiseCombinator(v);
        });
        if (isAsync(h) || returnsPromise) {
          found.add(h);
          pending.push(h);
        }
      }
      for (let h = pending.pop(); h !== undefined; h = pending.pop())
        for (const r of returners.get(h) ?? [])
          if (!found.has(r)) {
            found.add(r);
            pending.push(r);
          }
      surePromises = found;
    }
    return surePromises.has(helper);
  };

  // Helpers (and lost step callbacks) that assert when they run and are awaited: an assertion whose
  // running is decided by the function's use, or a use of a function that asserts, where the use
  // lets that assertion's failure through (a soft one's, also where throws are swallowed). Kept
  // apart for hard assertions (index 0) and soft ones (index 1). Found once, when first asked.
  let asserting: [Set<ts.Node>, Set<ts.Node>] | undefined;
  const assertsWhenRun = (fn: ts.Node, soft: boolean): boolean => {
    if (asserting === undefined) {
      const found: [Set<ts.Node>, Set<ts.Node>] = [new Set<ts.Node>(), new Set<ts.Node>()];
      const callers = new Map<ts.Node, { caller: ts.Node; reach: Reach }[]>();
      const pending: [ts.Node, 0 | 1][] = [];
      const add = (h: ts.Node, kind: 0 | 1): void => {
        if (found[kind].has(h)) return;
        found[kind].add(h);
        pending.push([h, kind]);
      };
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && isExpectCall(n) && isAssertion(n)) {
          const o = origin(n);
          if (o !== true && o !== false) add(o, isSoftExpect(n) ? 1 : 0);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
      for (const { use, target, reach } of edges) {
        if (reach === Reach.None) continue;
        const o = origin(use);
        if (o === true || o === false) continue;
        const list = callers.get(target);
        if (list) list.push({ caller: o, reach });
        else callers.set(target, [{ caller: o, reach }]);
      }
      for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
        const [h, kind] = next;
        for (const { caller, reach } of callers.get(h) ?? [])
          if (reach === Reach.All || kind === 1) add(caller, kind);
      }
      asserting = found;
    }
    return asserting[0].has(fn) || (soft && asserting[1].has(fn));
  };

  /** `call` hands back a promise that settles with assertions (hard ones, or also soft ones): a call
   * of a helper that surely returns a promise and asserts when it runs, or a `test.step` whose
   * callback (a function, or a helper's name) asserts. */
  const assertsLater = (call: ts.CallExpression, soft: boolean): boolean => {
    const helper = uses.get(call);
    if (helper !== undefined) return surelyPromise(helper) && assertsWhenRun(helper, soft);
    if (!isStepCall(call)) return false;
    return call.arguments.some((arg) => {
      const a = unwrap(arg);
      if (ts.isArrowFunction(a) || ts.isFunctionExpression(a)) return assertsWhenRun(a, soft);
      const named = uses.get(a);
      return named !== undefined && assertsWhenRun(named, soft);
    });
  };

  return {
    isDead,
    isHelper: (fn) => helpers.has(fn),
    helperRunBy: (node) => uses.get(node),
    failureReach,
    counts(node) {
      const o = origin(node);
      if (o === true || o === false) return o;
      const needed = ts.isCallExpression(node) && isSoftExpect(node) ? Reach.Soft : Reach.All;
      return (live.get(o) ?? Reach.None) >= needed;
    },
    dropsAssertions: (call) => ts.isCallExpression(call) && isDropped(call) && assertsLater(call, true),
    settlesAssertions(call) {
      if (!ts.isCallExpression(call) || !isSettledUnread(call)) return false;
      // Awaited, the allSettled lets the test go on only once soft failures are recorded.
      const settled = settledBy(call);
      return assertsLater(call, settled === undefined || isDropped(settled));
    },
  };
}
