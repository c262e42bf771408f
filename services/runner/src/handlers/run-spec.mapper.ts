// Domain results → RunSpecResponse.

import { common, runner } from '@superagent/proto';
import type {
  ErrorCategory,
  RunStatus,
  SpecLocation,
  TestError,
  TestResult,
  TestStatus,
} from '../domain/run-result';
import { isUnexpected } from '../domain/verdict';
import type { OmittedArtifact, RunOutput } from '../runs/spec-runs';
import type { StoredArtifact } from '../store/artifact-store';

const MAX_LIST = 100;
const MAX_MESSAGE = 4096;

const RUN_STATUS: Record<RunStatus, common.RunStatus> = {
  pass: common.RunStatus.PASS,
  fail: common.RunStatus.FAIL,
  timeout: common.RunStatus.TIMEOUT,
  error: common.RunStatus.ERROR,
};

const TEST_STATUS: Record<TestStatus, runner.TestStatus> = {
  passed: runner.TestStatus.PASSED,
  failed: runner.TestStatus.FAILED,
  timedOut: runner.TestStatus.TIMED_OUT,
  skipped: runner.TestStatus.SKIPPED,
  interrupted: runner.TestStatus.INTERRUPTED,
};

const CATEGORY: Record<ErrorCategory, common.ErrorCategory> = {
  selector: common.ErrorCategory.SELECTOR,
  timeout: common.ErrorCategory.TIMEOUT,
  assertion: common.ErrorCategory.ASSERTION,
  network: common.ErrorCategory.NETWORK,
  javascript: common.ErrorCategory.JAVASCRIPT,
  unknown: common.ErrorCategory.UNKNOWN,
};

export function toProtoCategory(category: ErrorCategory | undefined): common.ErrorCategory {
  return category ? CATEGORY[category] : common.ErrorCategory.UNSPECIFIED;
}

function clip(text: string, max = MAX_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function loc(file: string, l: SpecLocation | undefined): runner.SourceLocation | undefined {
  return l ? { file, line: l.line, column: l.column } : undefined;
}

function artifactKind(kind: StoredArtifact['kind']): common.ArtifactKind {
  return kind === 'trace' ? common.ArtifactKind.TRACE : common.ArtifactKind.SCREENSHOT;
}

export function toArtifactRef(a: StoredArtifact): common.ArtifactRef {
  return {
    id: a.id,
    kind: artifactKind(a.kind),
    sizeBytes: a.sizeBytes,
    contentType: a.contentType,
    name: a.name,
    createdUnixMs: a.createdUnixMs,
    expiresUnixMs: a.expiresUnixMs,
  };
}

function toTest(t: TestResult, file: string): runner.TestResult {
  const e = t.errors[0];
  return {
    titlePath: t.titlePath,
    status: TEST_STATUS[t.status],
    durationMs: t.durationMs,
    errorMessage: e ? clip(e.message.trim()) : '',
    errorLocation: loc(file, e?.location),
    errorCategory: toProtoCategory(e?.category),
    steps: t.steps,
  };
}

export function toRunSpecResponse(out: RunOutput, fileName: string): runner.RunSpecResponse {
  const r = out.result;
  const firstUnexpected: TestError | undefined = r.tests.find((t) => isUnexpected(t) && t.errors.length > 0)
    ?.errors[0];
  // A FAIL names its first unexpected test's error; one whose tests all did as expected failed on an
  // error outside any test (a worker fixture's tear-down, as Playwright reports it), which is then the
  // run-level error.
  const runError =
    r.status === 'fail'
      ? (firstUnexpected ?? r.error)
      : (r.error ?? (r.status === 'pass' ? undefined : firstUnexpected));
  const runLevel =
    r.status === 'error' || r.status === 'timeout' || (runError !== undefined && runError === r.error);
  return {
    status: RUN_STATUS[r.status],
    tests: r.tests.map((t) => toTest(t, fileName)),
    consoleErrors: r.consoleErrors
      .slice(0, MAX_LIST)
      .map((c) => ({ text: clip(c.text, 2048), location: c.url, uncaught: c.kind === 'pageerror' })),
    failedRequests: r.failedRequests
      .filter((f) => f.kind !== 'blocked')
      .slice(0, MAX_LIST)
      .map((f) => ({
        url: f.url,
        method: f.method,
        status: f.status,
        failure: f.kind === 'failed' ? f.reason : '',
      })),
    blockedRequests: r.failedRequests
      .filter((f) => f.kind === 'blocked')
      .slice(0, MAX_LIST)
      .map((f) => ({ url: f.url, method: f.method, reason: 'origin not allowed' })),
    artifacts: out.artifacts.map(toArtifactRef),
    durationMs: r.durationMs,
    queuedMs: out.queuedMs,
    errorMessage: runLevel && runError ? clip(runError.message.trim()) : '',
    errorCategory: toProtoCategory(runError?.category),
    errorLocation: runLevel ? loc(fileName, runError?.location) : undefined,
    runId: out.runId,
    passed: r.counts.passed,
    failed: r.counts.failed + r.counts.timedOut,
    skipped: r.counts.skipped,
    browserCrashed: r.browserCrashed === true,
    omittedArtifacts: out.omittedArtifacts.slice(0, MAX_LIST).map(toOmittedArtifact),
  };
}

function toOmittedArtifact(a: OmittedArtifact): runner.OmittedArtifact {
  return {
    test: a.testIndex + 1,
    kind: artifactKind(a.kind),
    name: a.name,
    sizeBytes: a.sizeBytes,
    reason: a.reason,
  };
}
