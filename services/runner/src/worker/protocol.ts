// Messages between the service and a spec worker process. Not Node's IPC channel: two extra pipes
// the service reads and parses itself (pool/frame-reader.ts), one JSON message per line.
//
//   service → worker, fd CHANNEL_IN_FD:   `<json>\n`
//   worker → service, fd CHANNEL_OUT_FD:  `<nonce>\t<json>\n`
//
// Every message to the worker that expects an answer carries a fresh random nonce; the worker's
// harness stamps its answers with it (spec code never sees it) and the service drops the worker
// (protocol violation: killed, its run reported as ERROR) on any line without a nonce it issued, a
// line that does not parse, or one over MAX_FRAME_BYTES. The worker runs untrusted spec code, so the
// service still treats every message from it as data to check (domain/sanitize-report.ts).

import path from 'node:path';
import type {
  BrowserMisuse,
  ConsoleMessage,
  FailedRequest,
  RunCounts,
  TestError,
  TestResult,
} from '../domain/run-result';
import type { OriginPattern } from '../domain/url-policy';

/** The worker reads the service's messages from this fd. */
export const CHANNEL_IN_FD = 3;
/** The worker writes its messages to this fd. */
export const CHANNEL_OUT_FD = 4;
/** Longest line (message) the service reads from a worker; longer ones kill the worker. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Most bytes the service reads from a worker for one request (a run); more kills the worker. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/**
 * The only place a worker may write (its permission model says so): the directory of its current
 * run. The service empties it after every run, so nothing a run wrote outlives its answer.
 */
export function runsDirectory(scratch: string): string {
  return path.join(scratch, 'runs');
}

/**
 * A run's own directory inside its worker's scratch directory: the spec file, its outputs and
 * artifacts, and the run's working directory, TMPDIR and HOME (the fixture files are copied there).
 * The service creates it before the run and removes it (with anything else under runsDirectory)
 * once it has moved the artifacts into the store.
 */
export function runDirectory(scratch: string, runId: string): string {
  return path.join(runsDirectory(scratch), runId.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export type TraceMode = 'off' | 'on' | 'retain-on-failure';
export type ScreenshotMode = 'off' | 'on' | 'only-on-failure';

export interface ArtifactOptions {
  trace: TraceMode;
  /** Film-strip screenshots in the trace: costly (a screencast for the whole test), off by default. */
  traceScreenshots: boolean;
  screenshot: ScreenshotMode;
}

/** Options a fresh context is created with; a prepared context is reused only when they are equal. */
export interface ContextKey {
  wsEndpoint: string;
  /** Empty when the service has no hint yet: the worker then only connects to the browser. */
  baseURL: string;
  /** Origins pages may load from besides the base URL's own. */
  extraOrigins: OriginPattern[];
}

/** The first message: the worker answers `ready` once its code is loaded. */
export interface HelloMessage {
  type: 'hello';
}

export interface PrepareMessage {
  type: 'prepare';
  key: ContextKey;
}

export interface RunMessage {
  type: 'run';
  runId: string;
  /** The spec as written (kept next to the compiled code so traces can show it). */
  source: string;
  /** The spec compiled to CommonJS with an inline source map (by the service). */
  code: string;
  /** File name used in stack traces and error locations (e.g. "login.spec.ts"). */
  fileName: string;
  key: ContextKey;
  testTimeoutMs: number;
  expectTimeoutMs: number;
  artifacts: ArtifactOptions;
}

export type WorkerRequest = HelloMessage | PrepareMessage | RunMessage;

/**
 * A request as written to the worker: `nonce` stamps every answer to it. The harness keeps it in a
 * closure, never where spec code can look (a path, a global, the environment, a file).
 */
export type ServiceToWorker = WorkerRequest & { nonce: string };

export interface ProducedArtifact {
  testIndex: number;
  kind: 'trace' | 'screenshot';
  /** Absolute path inside the worker's scratch directory. */
  path: string;
}

export interface WorkerReport {
  /** The first MAX_TESTS tests (domain/sanitize-report.ts). */
  tests: TestResult[];
  /** Counts over every test of the run, listed or not. */
  counts: RunCounts;
  loadError?: TestError;
  /** An error of the run outside any test, its tests judged (worker/runtime/execute.ts). */
  runError?: TestError;
  consoleErrors: ConsoleMessage[];
  failedRequests: FailedRequest[];
  artifacts: ProducedArtifact[];
  /**
   * The run's browser connection went away during the run, and not because the spec called
   * `browser.close()`: its browser died. The browser host tells the service when its browser dies,
   * but on another pipe: this report may arrive first.
   */
  browserDisconnected?: boolean;
  /**
   * The run's browser connection closed because of what the spec sent on it (domain/run-result.ts):
   * the browser is fine; the run is the spec's error, not a crash.
   */
  browserMisuse?: BrowserMisuse;
}

/** What the worker's harness writes; the nonce of the request it answers goes before it. */
export type WorkerToService =
  | { type: 'ready' }
  | { type: 'prepared'; ok: boolean; error?: string }
  | { type: 'test-begin'; runId: string; index: number; titlePath: string[] }
  | { type: 'test-end'; runId: string; index: number; result: TestResult }
  | { type: 'done'; runId: string; report: WorkerReport };
