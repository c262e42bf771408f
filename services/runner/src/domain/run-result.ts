// The runner's result model. Test statuses mirror Playwright's JSON reporter so that a result can be
// compared one-to-one with `npx playwright test --reporter json`.

export type TestStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
export type ExpectedStatus = 'passed' | 'failed' | 'skipped';
export type RunStatus = 'pass' | 'fail' | 'timeout' | 'error';
export const ERROR_CATEGORIES = [
  'selector',
  'timeout',
  'assertion',
  'network',
  'javascript',
  'unknown',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** 1-based line and column inside the spec source. */
export interface SpecLocation {
  line: number;
  column: number;
}

export interface TestError {
  message: string;
  category: ErrorCategory;
  location?: SpecLocation;
  /** Stack frames that point into the spec (runtime frames removed). */
  stack?: string;
}

export interface TestResult {
  /** Describe titles followed by the test title (the file is not part of it). */
  titlePath: string[];
  status: TestStatus;
  expectedStatus: ExpectedStatus;
  durationMs: number;
  errors: TestError[];
  /** Where the test is declared. */
  location?: SpecLocation;
  /** test.step() titles in the order they started ("outer > inner" for nested steps). */
  steps: string[];
  /** Artifact ids produced for this test (filled in by the service). */
  artifactIds: string[];
}

export interface ConsoleMessage {
  /** `console` for console.error() in the page, `pageerror` for an uncaught page exception. */
  kind: 'console' | 'pageerror';
  text: string;
  url: string;
  testIndex: number;
}

export interface FailedRequest {
  url: string;
  method: string;
  /** blocked: refused by the network policy; failed: a network error; http: a status ≥ 400. */
  kind: 'blocked' | 'failed' | 'http';
  reason: string;
  status: number;
  testIndex: number;
}

export interface RunResult {
  status: RunStatus;
  tests: TestResult[];
  /** An error outside any test: the spec did not compile or load, the worker died, the run was killed. */
  error?: TestError;
  durationMs: number;
  consoleErrors: ConsoleMessage[];
  failedRequests: FailedRequest[];
  counts: RunCounts;
  /** The run's browser died under it (status error): the spec was not judged; run it again. */
  browserCrashed?: true;
}

/**
 * Why a run's browser connection closed when its spec, not the browser, ended it: the sandbox proxy
 * closed it on a message that is not a Playwright call (`what` was wrong with it), on one over
 * 100 MiB from the spec (`oversize`) or on one over 100 MiB from the browser (`browser-oversize`: the
 * answer to a call of the spec, or an event of its page), or Playwright's client closed it on the
 * answer to a call it never made (spec code wrote one to the connection itself, e.g. a call to an
 * object the server never created). The browser is fine: the run is the spec's error, not a crash.
 */
export type BrowserMisuse =
  | { kind: 'malformed'; what: string }
  | { kind: 'oversize' }
  | { kind: 'browser-oversize' }
  | { kind: 'foreign-call' };

export interface RunCounts {
  passed: number;
  failed: number;
  timedOut: number;
  skipped: number;
  /** Tests whose outcome differs from their expected status (Playwright's "unexpected"). */
  unexpected: number;
}
