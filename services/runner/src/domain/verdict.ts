import type { RunCounts, RunStatus, TestResult } from './run-result';

/** Playwright's per-test outcome: a test.fail() test that fails is "expected". */
export function isUnexpected(test: Pick<TestResult, 'status' | 'expectedStatus'>): boolean {
  return test.status !== 'skipped' && test.status !== test.expectedStatus;
}

export function countTests(tests: readonly Pick<TestResult, 'status' | 'expectedStatus'>[]): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, timedOut: 0, skipped: 0, unexpected: 0 };
  for (const t of tests) {
    if (t.status === 'passed') counts.passed++;
    else if (t.status === 'timedOut') counts.timedOut++;
    else if (t.status === 'skipped') counts.skipped++;
    else counts.failed++;
    if (isUnexpected(t)) counts.unexpected++;
  }
  return counts;
}

export interface VerdictInput {
  tests: readonly Pick<TestResult, 'status' | 'expectedStatus'>[];
  /** The spec did not compile or load, or the worker died outside a test. */
  loadError: boolean;
  /** The run hit its hard wall-clock limit and the worker was killed. */
  killedAtTimeout: boolean;
  /** An error of the run outside any test (a worker fixture's tear-down): the run fails. */
  runError?: boolean;
}

/**
 * The run's status. Same rule as the original (pass iff the run succeeded and something passed), with
 * the original's defect fixed: tests nested in describes count like any other. "timeout" when the only
 * unexpected outcomes are timeouts (or the run was killed at its limit); "error" when nothing ran.
 */
export function verdict(input: VerdictInput): RunStatus {
  if (input.killedAtTimeout) return 'timeout';
  if (input.loadError) return 'error';
  const unexpected = input.tests.filter(isUnexpected);
  if (unexpected.some((t) => t.status !== 'timedOut')) return 'fail';
  if (unexpected.length > 0) return 'timeout';
  // As Playwright: an error outside any test fails the run whose tests all did as expected.
  if (input.runError) return 'fail';
  const ran = input.tests.filter((t) => t.status !== 'skipped').length;
  return ran > 0 ? 'pass' : 'error';
}

/**
 * The same rule as `verdict` from counts alone (for runs with more tests than a report lists): a
 * failed test is unexpected unless marked test.fail(), a timed-out one always is.
 */
export function verdictOfCounts(counts: RunCounts): RunStatus {
  if (counts.unexpected > counts.timedOut) return 'fail';
  if (counts.unexpected > 0) return 'timeout';
  return counts.passed + counts.failed + counts.timedOut > 0 ? 'pass' : 'error';
}
