// Messages between the service and a spec worker process (child_process IPC, JSON serialization).
// The worker runs untrusted spec code, so the service treats every message from it as data to check.

import type { ConsoleMessage, FailedRequest, TestError, TestResult } from '../domain/run-result';
import type { OriginPattern } from '../domain/url-policy';

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

export type ServiceToWorker = PrepareMessage | RunMessage;

export interface ProducedArtifact {
  testIndex: number;
  kind: 'trace' | 'screenshot';
  /** Absolute path inside the worker's scratch directory. */
  path: string;
}

export interface WorkerReport {
  tests: TestResult[];
  loadError?: TestError;
  consoleErrors: ConsoleMessage[];
  failedRequests: FailedRequest[];
  artifacts: ProducedArtifact[];
}

export type WorkerToService =
  | { type: 'ready' }
  | { type: 'prepared'; ok: boolean; error?: string }
  | { type: 'test-begin'; runId: string; index: number; titlePath: string[] }
  | { type: 'test-end'; runId: string; index: number; result: TestResult }
  | { type: 'done'; runId: string; report: WorkerReport };
