// A worker runs untrusted code, so everything it sends is parsed as hostile input: wrong types are
// dropped, strings and lists are capped. The service never trusts a worker's report beyond this.
// The test list is capped at MAX_TESTS, but the counts cover every test: a run whose 501st test
// fails must not look like a pass.

import type {
  BrowserMisuse,
  ConsoleMessage,
  RunCounts,
  ErrorCategory,
  ExpectedStatus,
  FailedRequest,
  SpecLocation,
  TestError,
  TestResult,
  TestStatus,
} from './run-result';
import { ERROR_CATEGORIES } from './run-result';
import { countTests } from './verdict';

/** Most tests a run lists (RunSpecResponse.tests); the counts include the rest. */
export const MAX_TESTS = 500;
/** Characters kept of a test title (each part of its title path). */
export const MAX_TITLE_CHARS = 500;
const MAX_ERRORS_PER_TEST = 10;
const MAX_LIST = 200;
const MAX_STRING = 8192;

export interface SanitizedArtifact {
  testIndex: number;
  kind: 'trace' | 'screenshot';
  path: string;
}

export interface SanitizedReport {
  /** The first MAX_TESTS tests. */
  tests: TestResult[];
  /** Every test of the run, including those beyond the list. */
  counts: RunCounts;
  /** More tests ran than `tests` lists. */
  truncated: boolean;
  loadError?: TestError;
  /** An error of the run outside any test, its tests judged (worker/runtime/execute.ts). */
  runError?: TestError;
  consoleErrors: ConsoleMessage[];
  failedRequests: FailedRequest[];
  artifacts: SanitizedArtifact[];
  /** The worker lost the run's browser connection during the run (worker/protocol.ts). */
  browserDisconnected: boolean;
  /** The connection closed because of what the spec sent on it (domain/run-result.ts). */
  browserMisuse?: BrowserMisuse;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = MAX_STRING): string => (typeof v === 'string' ? v.slice(0, max) : '');
const int = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(Math.trunc(v), 2 ** 31 - 1)) : 0;
const arr = (v: unknown, max = MAX_LIST): unknown[] => (Array.isArray(v) ? v.slice(0, max) : []);

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

function location(v: unknown): SpecLocation | undefined {
  if (!isObj(v)) return undefined;
  const line = int(v.line);
  const column = int(v.column);
  return line > 0 ? { line, column } : undefined;
}

export function sanitizeError(v: unknown): TestError | undefined {
  if (!isObj(v)) return undefined;
  const loc = location(v.location);
  const stack = str(v.stack);
  return {
    message: str(v.message),
    category: oneOf<ErrorCategory>(v.category, ERROR_CATEGORIES, 'unknown'),
    ...(loc ? { location: loc } : {}),
    ...(stack ? { stack } : {}),
  };
}

const TEST_STATUSES: readonly TestStatus[] = ['passed', 'failed', 'timedOut', 'skipped', 'interrupted'];
const EXPECTED: readonly ExpectedStatus[] = ['passed', 'failed', 'skipped'];

export function sanitizeTest(v: unknown): TestResult | undefined {
  if (!isObj(v)) return undefined;
  const loc = location(v.location);
  return {
    titlePath: arr(v.titlePath, 20).map((t) => str(t, MAX_TITLE_CHARS)),
    status: oneOf(v.status, TEST_STATUSES, 'failed'),
    expectedStatus: oneOf(v.expectedStatus, EXPECTED, 'passed'),
    durationMs: int(v.durationMs),
    errors: arr(v.errors, MAX_ERRORS_PER_TEST).flatMap((e) => sanitizeError(e) ?? []),
    steps: arr(v.steps, 100).map((s) => str(s, 500)),
    artifactIds: [],
    ...(loc ? { location: loc } : {}),
  };
}

const totalOf = (c: RunCounts): number => c.passed + c.failed + c.timedOut + c.skipped;

function sanitizeCounts(v: unknown): RunCounts | undefined {
  if (!isObj(v)) return undefined;
  const c = {
    passed: int(v.passed),
    failed: int(v.failed),
    timedOut: int(v.timedOut),
    skipped: int(v.skipped),
    unexpected: int(v.unexpected),
  };
  // Every failed or timed-out test is unexpected unless marked test.fail(); never more than ran.
  c.unexpected = Math.min(c.unexpected, c.passed + c.failed + c.timedOut);
  return c;
}

/**
 * Counts over all tests: the listed ones and any the worker reports beyond them (its `counts`), taken
 * from whichever says more tests ran: dropping tests must never hide a failure.
 */
function allCounts(entries: unknown[], listedCount: number, claimed: RunCounts | undefined): RunCounts {
  // Statuses of every entry sent, not only the first MAX_TESTS (cheap: two fields each).
  const seen = countTests(
    entries.flatMap((t) =>
      isObj(t)
        ? [
            {
              status: oneOf(t.status, TEST_STATUSES, 'failed'),
              expectedStatus: oneOf(t.expectedStatus, EXPECTED, 'passed'),
            },
          ]
        : [],
    ),
  );
  const best = claimed && totalOf(claimed) > totalOf(seen) ? claimed : seen;
  return totalOf(best) >= listedCount ? best : seen;
}

function sanitizeMisuse(v: unknown): BrowserMisuse | undefined {
  if (!isObj(v)) return undefined;
  if (v.kind === 'malformed')
    return typeof v.what === 'string' && v.what !== ''
      ? { kind: 'malformed', what: str(v.what, 100) }
      : undefined;
  return v.kind === 'oversize' || v.kind === 'browser-oversize' || v.kind === 'foreign-call'
    ? { kind: v.kind }
    : undefined;
}

export function sanitizeReport(v: unknown): SanitizedReport {
  const r = isObj(v) ? v : {};
  const loadError = sanitizeError(r.loadError);
  const runError = sanitizeError(r.runError);
  const entries = Array.isArray(r.tests) ? r.tests : [];
  const tests = entries.slice(0, MAX_TESTS).flatMap((t) => sanitizeTest(t) ?? []);
  const counts = allCounts(entries, tests.length, sanitizeCounts(r.counts));
  const browserMisuse = sanitizeMisuse(r.browserMisuse);
  return {
    tests,
    counts,
    truncated: totalOf(counts) > tests.length,
    ...(loadError ? { loadError } : {}),
    ...(runError ? { runError } : {}),
    browserDisconnected: r.browserDisconnected === true,
    ...(browserMisuse ? { browserMisuse } : {}),
    consoleErrors: arr(r.consoleErrors).flatMap((c): ConsoleMessage[] =>
      isObj(c)
        ? [
            {
              kind: c.kind === 'pageerror' ? 'pageerror' : 'console',
              text: str(c.text, 2048),
              url: str(c.url, 2048),
              testIndex: int(c.testIndex),
            },
          ]
        : [],
    ),
    failedRequests: arr(r.failedRequests).flatMap((f): FailedRequest[] =>
      isObj(f)
        ? [
            {
              url: str(f.url, 2048),
              method: str(f.method, 16),
              kind: oneOf(f.kind, ['blocked', 'failed', 'http'] as const, 'failed'),
              reason: str(f.reason, 500),
              status: int(f.status),
              testIndex: int(f.testIndex),
            },
          ]
        : [],
    ),
    artifacts: arr(r.artifacts, 100).flatMap((a): SanitizedArtifact[] =>
      isObj(a) && typeof a.path === 'string'
        ? [{ testIndex: int(a.testIndex), kind: a.kind === 'trace' ? 'trace' : 'screenshot', path: a.path }]
        : [],
    ),
  };
}
