import { categorize, stripAnsi } from '../../domain/error-category';
import type { ErrorCategory, SpecLocation, TestError } from '../../domain/run-result';
import { locateInSpec, specFrames } from '../../domain/spec-location';

const MAX_MESSAGE = 4000;

export interface SpecPaths {
  /** Absolute path the module was evaluated as (appears in stacks). */
  specPath: string;
  /** Name reported to callers (e.g. "login.spec.ts"). */
  fileName: string;
}

/** Playwright's `<api name>: ` prefix of an error message, e.g. "page.goto: ". */
const API_PREFIX = /^[a-z][A-Za-z]*\.[A-Za-z]+: /;

/**
 * Playwright rejects every call on a closed connection (the browser crashed, or the spec closed it)
 * with one and the same error object, and each call it passes through prefixes that object's message
 * with its own name: the spec's `page.goto`, but also the runner's own calls on that connection (the
 * next test's context being prepared, a fixture's tear-down), e.g. "page.goto:
 * browserContext.newPage: Target page, context or browser has been closed". The name to keep is the
 * outermost one when the error's stack (which Playwright rewrites for the call that prefixed last)
 * points into the spec: then that call was the spec's. Otherwise no name can be told to be the
 * spec's, and the message names none.
 */
function withoutStackedApiNames(message: string, stack: string | undefined, specPath: string): string {
  const names: string[] = [];
  let rest = message;
  for (let m = API_PREFIX.exec(rest); m; m = API_PREFIX.exec(rest)) {
    names.push(m[0]);
    rest = rest.slice(m[0].length);
  }
  if (names.length < 2) return message;
  return locateInSpec(stack, specPath) ? `${names[0]}${rest}` : rest;
}

/**
 * The error as it is now, for a report written later: Playwright keeps changing the message of an
 * error it shares between calls (withoutStackedApiNames), and the report is written after the test's
 * fixtures are torn down, which call Playwright on the same connection.
 */
export function snapshotError(thrown: unknown): unknown {
  try {
    if (!(thrown instanceof Error)) return thrown;
    const copy = Object.create(Object.getPrototypeOf(thrown) as object | null) as Error;
    for (const key of Reflect.ownKeys(thrown)) {
      const descriptor = Object.getOwnPropertyDescriptor(thrown, key);
      if (descriptor) Object.defineProperty(copy, key, descriptor);
    }
    const fixed = { name: thrown.name, message: thrown.message, stack: thrown.stack };
    for (const [key, value] of Object.entries(fixed))
      Object.defineProperty(copy, key, { value, writable: true, configurable: true, enumerable: false });
    return copy;
  } catch {
    // A spec's own odd object (a throwing getter, a proxy): reported as it is.
    return thrown;
  }
}

/** What Node's permission model says when a write is refused (the worker may write in its run's directory only). */
const NODE_WRITE_REFUSAL =
  'Access to this API has been restricted. Use --allow-fs-write to manage permissions.';

/**
 * Node's refusal of a write outside the run's directory, said in the runner's terms (Node's own
 * message names a command-line flag the spec cannot use), with the path it tried when Node gives it.
 */
function explainRefusedWrite(thrown: Error, message: string): string {
  if (!message.includes(NODE_WRITE_REFUSAL)) return message;
  let resource: unknown;
  try {
    resource = (thrown as Error & { resource?: unknown }).resource;
  } catch {
    // A spec's own error with a throwing getter: said without the path.
  }
  const what = typeof resource === 'string' && resource !== '' ? resource : 'outside its directory';
  return message.replace(
    NODE_WRITE_REFUSAL,
    `the runner refused to write ${what}: a spec may write only in its run's own directory (its working directory, os.tmpdir(), os.homedir(), testInfo.outputPath()), which is removed when the run ends`,
  );
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}\n… (truncated)` : text;
}

/** A thrown value as the runner reports it: message, category, and where in the spec it happened. */
export function toTestError(
  thrown: unknown,
  paths: SpecPaths,
  fallback?: { location?: SpecLocation; category?: ErrorCategory },
): TestError {
  if (thrown instanceof Error) {
    const named = withoutStackedApiNames(
      explainRefusedWrite(thrown, stripAnsi(thrown.message)),
      thrown.stack,
      paths.specPath,
    );
    const raw = named.split(paths.specPath).join(paths.fileName);
    const fromMatcher = 'matcherResult' in thrown;
    // Same shape as Playwright's JSON reporter: "Error: <message>" (its own timeout errors have no prefix).
    const message = truncate(thrown.name === 'TestTimeout' ? raw : `${thrown.name}: ${raw}`);
    const where = boxedStackOf(thrown) ?? thrown.stack;
    const location = locateInSpec(where, paths.specPath) ?? fallback?.location;
    const category = fallback?.category ?? categorize({ name: thrown.name, message: raw, fromMatcher });
    const stack = specFrames(where, paths.specPath, paths.fileName);
    return { message, category, ...(location ? { location } : {}), ...(stack ? { stack } : {}) };
  }
  const message = truncate(`thrown value: ${typeof thrown === 'string' ? thrown : safeString(thrown)}`);
  return {
    message,
    category: fallback?.category ?? 'unknown',
    ...(fallback?.location ? { location: fallback.location } : {}),
  };
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The error a test gets when its time budget runs out. */
export class TestTimeout extends Error {
  constructor(ms: number, what = 'Test') {
    super(`${what} timeout of ${ms}ms exceeded.`);
    this.name = 'TestTimeout';
  }
}

/** The error of a `test.step(title, body, { timeout })` whose body ran past `timeout` (Playwright's words). */
export class StepTimeoutError extends Error {
  constructor(ms: number, callStack: string) {
    super(`Step timeout of ${ms}ms exceeded.`);
    this.name = 'TimeoutError';
    // Where the step was called: the timer that throws this has no frame in the spec.
    this.stack = `${this.name}: ${this.message}\n${framesOf(callStack)}`;
  }
}

const BOXED_STACK = Symbol('runner.boxedStack');

/** The stack lines of `new Error().stack`, without its first (message) line. */
export function framesOf(stack: string): string {
  return stack
    .split('\n')
    .filter((line) => /^\s*at /.test(line))
    .join('\n');
}

/**
 * Marks an error thrown inside a boxed `test.step` (`{ box: true }`): as in Playwright, it is reported
 * where the step was called from, not inside it. The first boxed step an error leaves wins. A
 * non-enumerable symbol, so snapshotError copies it and the spec's own view of the error is unchanged.
 */
export function boxError(thrown: unknown, frames: string): void {
  if (!(thrown instanceof Error) || boxedStackOf(thrown) !== undefined) return;
  try {
    Object.defineProperty(thrown, BOXED_STACK, { value: frames, enumerable: false, configurable: true });
  } catch {
    // A frozen error: reported where it was thrown.
  }
}

function boxedStackOf(thrown: Error): string | undefined {
  try {
    const frames = (thrown as Error & { [BOXED_STACK]?: unknown })[BOXED_STACK];
    return typeof frames === 'string' ? `${thrown.name}: ${thrown.message}\n${frames}` : undefined;
  } catch {
    return undefined;
  }
}
