// A RunSpec from admission to result: wait for a place in the queue, run the spec on a warm worker
// under a hard wall-clock limit, move the artifacts it produced into the store, and turn whatever
// happened (results, a kill at the limit, a crash) into one RunResult with the original's verdict.

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '@superagent/logging';
import type { BrowserMisuse, RunResult, TestError, TestResult } from '../domain/run-result';
import type { SanitizedReport } from '../domain/sanitize-report';
import { countTests, isUnexpected, verdict } from '../domain/verdict';
import type { Admission } from '../pool/admission';
import type { WorkerPool, WorkerRunOutcome } from '../pool/worker-pool';
import type { ArtifactKind, ArtifactStore, RunShare, StoredArtifact } from '../store/artifact-store';
import type { ArtifactOptions } from '../worker/protocol';
import { SpecCompiler } from './compile-spec';

export interface RunInput {
  source: string;
  fileName: string;
  baseURL: string;
  /** Hard limit for the whole run (already capped by configuration). */
  timeoutMs: number;
  artifacts: ArtifactOptions;
  taskId: string;
}

/** An artifact a run produced that the store did not keep (it was over the run's share). */
export interface OmittedArtifact {
  testIndex: number;
  kind: ArtifactKind;
  name: string;
  sizeBytes: number;
  /** The run's share of the store. */
  shareBytes: number;
  reason: string;
}

export interface RunOutput {
  runId: string;
  result: RunResult;
  artifacts: (StoredArtifact & { testIndex: number })[];
  /** Artifacts the run produced but the store did not keep; the answer lists them. */
  omittedArtifacts: OmittedArtifact[];
  queuedMs: number;
}

export interface SpecRunsOptions {
  admission: Admission;
  workers: WorkerPool;
  store: ArtifactStore;
  testTimeoutMs: number;
  expectTimeoutMs: number;
  logger: Logger;
}

/** Time kept back from the caller's deadline to kill the worker and send the answer. */
function answerMarginMs(windowMs: number): number {
  return Math.min(1000, Math.max(250, Math.round(windowMs / 10)));
}

export class RunCancelled extends Error {
  constructor() {
    super('run cancelled by the caller');
    this.name = 'AbortError';
  }
}

export interface RunCounters {
  runsTotal: number;
  runsKilled: number;
  runsRejected: number;
}

/** The error of a run whose browser connection closed because of what its spec sent on it. */
function misuseMessage(misuse: BrowserMisuse): string {
  switch (misuse.kind) {
    case 'malformed':
      return `Error: the spec sent its browser connection a message that is not a Playwright call (${misuse.what}), so the runner sandbox closed the connection and the browser calls after it failed; a spec must reach the browser through the Playwright API`;
    case 'oversize':
      return 'Error: the spec sent its browser connection a message over 100 MiB (the most a Playwright server takes), so the runner sandbox closed the connection and the browser calls after it failed; what one call sends (an evaluate argument, page content, a route body, which goes base64-encoded) must stay under that';
    case 'browser-oversize':
      return "Error: the browser sent the spec's connection a message over 100 MiB (the most the runner sandbox passes on), so the sandbox closed the connection and the browser calls after it failed; what one call brings back (an evaluate result, page content, a screenshot or response body, which goes base64-encoded) and what one event carries (a console message) must stay under that";
    case 'foreign-call':
      return "Error: the spec wrote a call to its browser connection itself (a call to an object the browser never created, or under an id of its own), so Playwright's client closed the connection when the answer came and the browser calls after it failed; a spec must reach the browser through the Playwright API";
  }
}

export class SpecRuns {
  readonly counters: RunCounters = { runsTotal: 0, runsKilled: 0, runsRejected: 0 };
  private readonly compiler = new SpecCompiler();

  constructor(private readonly opts: SpecRunsOptions) {}

  async run(input: RunInput, signal: AbortSignal, deadlineUnixMs: number | undefined): Promise<RunOutput> {
    const queuedAt = Date.now();
    const compiled = this.compiler.compile(input.source, input.fileName);
    if (!compiled.ok) {
      // Playwright reports a file that does not load as an error without running anything; so does this.
      this.counters.runsTotal++;
      const error: TestError = {
        message: compiled.message,
        category: 'javascript',
        ...(compiled.location ? { location: compiled.location } : {}),
      };
      const result: RunResult = {
        status: 'error',
        tests: [],
        error,
        durationMs: Date.now() - queuedAt,
        consoleErrors: [],
        failedRequests: [],
        counts: countTests([]),
      };
      return { runId: randomUUID(), result, artifacts: [], omittedArtifacts: [], queuedMs: 0 };
    }
    let release: () => void;
    try {
      release = await this.opts.admission.acquire(signal);
    } catch (err) {
      if (err instanceof Error && err.name === 'QueueFull') this.counters.runsRejected++;
      throw err;
    }
    try {
      const started = Date.now();
      const queuedMs = started - queuedAt;
      // The run must end (and be answered) before the caller's deadline.
      const left =
        deadlineUnixMs === undefined
          ? Infinity
          : deadlineUnixMs - started - answerMarginMs(deadlineUnixMs - started);
      const hardTimeoutMs = Math.max(1, Math.floor(Math.min(input.timeoutMs, left)));
      const runId = randomUUID();
      const stored: (StoredArtifact & { testIndex: number })[] = [];
      const omitted: OmittedArtifact[] = [];
      const outcome = await this.opts.workers.run(
        {
          runId,
          source: input.source,
          code: compiled.code,
          fileName: input.fileName,
          baseURL: input.baseURL,
          testTimeoutMs: Math.min(this.opts.testTimeoutMs, hardTimeoutMs),
          expectTimeoutMs: this.opts.expectTimeoutMs,
          artifacts: input.artifacts,
          deadline: started + hardTimeoutMs,
          signal,
        },
        (report, scratch) => this.collect(report, scratch, input.fileName, stored, omitted),
      );
      if (outcome.kind === 'killed' && outcome.reason === 'cancelled') throw new RunCancelled();
      if (outcome.kind === 'killed') this.counters.runsKilled++;
      this.counters.runsTotal++;
      const result = this.toResult(outcome, hardTimeoutMs, Date.now() - started);
      for (const a of stored) result.tests[a.testIndex]?.artifactIds.push(a.id);
      this.opts.logger.info(
        {
          runId,
          taskId: input.taskId || undefined,
          status: result.status,
          tests: result.tests.length,
          durationMs: result.durationMs,
          queuedMs,
        },
        'run finished',
      );
      if (omitted.length > 0)
        this.opts.logger.warn(
          {
            runId,
            taskId: input.taskId || undefined,
            omitted: omitted.map((a) => ({ name: a.name, sizeBytes: a.sizeBytes })),
          },
          "artifacts over the run's share of the store were not kept",
        );
      return { runId, result, artifacts: stored, omittedArtifacts: omitted, queuedMs };
    } finally {
      release();
    }
  }

  private toResult(outcome: WorkerRunOutcome, hardTimeoutMs: number, durationMs: number): RunResult {
    if (outcome.kind === 'done') {
      const { tests, loadError, runError } = outcome.report;
      // The run's error outside any test says why only when no test failed: a TIMEOUT is told by its
      // timed-out test, as a FAIL by its failed one (run-spec.mapper.ts), not by a later tear-down.
      const testFailed = tests.some((t) => isUnexpected(t) && t.errors.length > 0);
      let error: TestError | undefined = loadError ?? (testFailed ? undefined : runError);
      let status = verdict({
        tests,
        loadError: loadError !== undefined,
        killedAtTimeout: false,
        runError: runError !== undefined,
      });
      let browserCrashed = false;
      // The pool may not have heard yet that the browser died (the host tells it on another pipe than
      // the worker's report), so the worker's own word counts too: tests that failed because their
      // browser went away are no FAIL. (Tests that all passed stay a pass when only the worker saw
      // its connection go. The worker does not report a connection the spec closed itself with
      // browser.close(): its tests then fail as they would under Playwright.)
      const misuse = outcome.report.browserMisuse;
      const testsPassed =
        verdict({ tests, loadError: loadError !== undefined, killedAtTimeout: false }) === 'pass';
      if (outcome.browserLost || (outcome.report.browserDisconnected && !testsPassed)) {
        status = 'error';
        browserCrashed = true;
        error = {
          message: 'Error: the browser crashed during the run (the runner replaces it); run the spec again',
          category: 'unknown',
        };
      } else if (misuse) {
        // The connection closed because of what the spec sent on it: like a broken worker channel,
        // the run is void whatever its tests said, and it is the spec's doing (nothing to run again).
        status = 'error';
        error = { message: misuseMessage(misuse), category: 'unknown' };
      }
      return {
        status,
        tests,
        ...(error ? { error } : {}),
        ...(browserCrashed ? { browserCrashed: true as const } : {}),
        durationMs,
        consoleErrors: outcome.report.consoleErrors,
        failedRequests: outcome.report.failedRequests,
        counts: countTests(tests),
      };
    }
    const message =
      outcome.kind === 'killed'
        ? `Error: the run exceeded its hard timeout of ${hardTimeoutMs}ms; the worker was killed`
        : outcome.cause === 'protocol-violation'
          ? `Error: the spec worker was killed (${outcome.detail})`
          : `Error: the spec worker crashed (${outcome.detail})`;
    const error: TestError = { message, category: outcome.kind === 'killed' ? 'timeout' : 'unknown' };
    const tests: TestResult[] = [...outcome.tests];
    if (outcome.running) {
      tests.push({
        titlePath: outcome.running,
        status: 'interrupted',
        expectedStatus: 'passed',
        durationMs: 0,
        errors: [error],
        steps: [],
        artifactIds: [],
      });
    }
    const status = outcome.kind === 'killed' ? 'timeout' : 'error';
    return {
      status,
      tests,
      error,
      durationMs,
      consoleErrors: [],
      failedRequests: [],
      counts: countTests(tests),
    };
  }

  /**
   * Moves the worker's artifact files into the store, within the run's share of it: screenshots
   * first (small, and what a reader looks at first), then traces, each in test order; one that does
   * not fit in what is left of the share is omitted, and a smaller one after it may still fit.
   * Paths from the worker are checked first.
   */
  private async collect(
    report: SanitizedReport,
    scratch: string,
    fileName: string,
    out: (StoredArtifact & { testIndex: number })[],
    omitted: OmittedArtifact[],
  ): Promise<void> {
    const base = fileName.replace(/\.(spec|test)?\.?[cm]?[jt]sx?$/, '') || 'spec';
    const share: RunShare = this.opts.store.runShare();
    const ordered = [
      ...report.artifacts.filter((a) => a.kind === 'screenshot'),
      ...report.artifacts.filter((a) => a.kind === 'trace'),
    ];
    for (const a of ordered) {
      const real = await fs.promises.realpath(a.path).catch(() => undefined);
      if (!real || !real.startsWith(scratch + path.sep)) continue;
      const stat = await fs.promises.lstat(real);
      if (!stat.isFile()) continue;
      const ext = a.kind === 'trace' ? 'zip' : 'png';
      const name = `${base}-test-${a.testIndex + 1}-${a.kind}.${ext}`;
      const put = await this.opts.store.put(real, a.kind, name, share);
      if ('stored' in put) out.push({ ...put.stored, testIndex: a.testIndex });
      else omitted.push({ testIndex: a.testIndex, kind: a.kind, name, ...put.refused });
    }
    // The answer lists artifacts in test order, as the worker produced them.
    out.sort((x, y) => x.testIndex - y.testIndex);
  }
}
