// The `testInfo` object tests, hooks and fixtures receive (`test.info()`), with the two private hooks
// Playwright's own `expect` calls when a test is running: `_addStep` (soft assertions) and `_deadline`
// (expect.poll / toPass stop at the test's deadline).

import fs from 'node:fs';
import path from 'node:path';
import type { ExpectedStatus, SpecLocation, TestStatus } from '../../domain/run-result';

/** Thrown by test.skip() / test.fixme() inside a running test. */
export class SkipSignal extends Error {
  constructor(readonly description: string | undefined) {
    super(description ?? 'skipped');
    this.name = 'SkipSignal';
  }
}

/** Thrown by a step's `step.skip()`: ends that step (skipped), and the test goes on. */
export class StepSkipSignal extends Error {
  constructor(readonly description: string | undefined) {
    super(description ?? 'step skipped');
    this.name = 'StepSkipSignal';
  }
}

/** A test.step() that has begun and not ended. */
export interface OpenStep {
  title: string;
  /** The titles of the steps it is nested in, and its own. */
  titles: string[];
  /** Frames an error leaving this step is reported at (a `box: true` step's, or its boxed parent's). */
  boxedFrames?: string;
  /** Its entry in `steps`, or -1 past the first 100. */
  index: number;
}

export interface Annotation {
  type: string;
  description?: string;
}

interface StepResult {
  error?: unknown;
  softError?: unknown;
}

/** A modifier's description, as Playwright reads it: the second argument, or a lone string. */
function descriptionOf(args: unknown[]): string | undefined {
  const text = args.length === 1 && typeof args[0] === 'string' ? args[0] : args[1];
  return typeof text === 'string' ? text : undefined;
}

export class TestInfoImpl {
  readonly retry = 0;
  readonly workerIndex = 0;
  readonly parallelIndex = 0;
  readonly repeatEachIndex = 0;
  readonly project = { name: 'chromium', use: {} };
  readonly config = { workers: 1 };
  readonly annotations: Annotation[] = [];
  readonly attachments: { name: string; contentType: string; path?: string; body?: unknown }[] = [];
  readonly tags: string[] = [];
  /** test.step() titles in start order, nested ones as "outer > inner", skipped ones "… (skipped)". */
  readonly steps: string[] = [];
  private readonly openSteps: OpenStep[] = [];
  status: TestStatus = 'passed';
  expectedStatus: ExpectedStatus = 'passed';
  duration = 0;
  /** The test's errors in the order they happened (soft assertions, thrown, timeouts, hooks, tear-down). */
  readonly errors: unknown[] = [];
  private startedAt = performance.now();
  private timeoutMs: number;
  private onTimeoutChange: () => void = () => {};

  constructor(
    readonly title: string,
    readonly titlePath: string[],
    readonly file: string,
    location: SpecLocation | undefined,
    timeoutMs: number,
    readonly outputDir: string,
  ) {
    this.line = location?.line ?? 0;
    this.column = location?.column ?? 0;
    this.timeoutMs = timeoutMs;
  }

  readonly line: number;
  readonly column: number;

  get timeout(): number {
    return this.timeoutMs;
  }

  get error(): unknown {
    return this.errors[0];
  }

  /** Re-arms the running phase's timer (called by the executor). */
  watchTimeout(listener: () => void): void {
    this.onTimeoutChange = listener;
  }

  /** Starts a new timed phase (teardown gets its own budget, as in Playwright). */
  restartClock(): void {
    this.startedAt = performance.now();
  }

  /** Absolute deadline on the performance.now() clock; 0 = none. */
  deadline(): number {
    return this.timeoutMs > 0 ? this.startedAt + this.timeoutMs : 0;
  }

  setTimeout(ms: number): void {
    this.timeoutMs = ms;
    this.onTimeoutChange();
  }

  /**
   * Whether test.slow() has tripled a timer of this test already: as in Playwright, only the first
   * call does (later ones only add their annotation). A beforeAll hook shares it with the test it
   * runs with, so a hook's test.slow() triples that hook's time, not the test's.
   */
  slowed = false;

  slow(...args: unknown[]): void {
    if (!this.conditionHolds(args)) return;
    this.annotations.push({ type: 'slow', description: descriptionOf(args) });
    this.slowDown();
  }

  private slowDown(): void {
    if (this.slowed) return;
    this.slowed = true;
    this.setTimeout(this.timeoutMs * 3);
  }

  /**
   * An annotation a describe's beforeAll hook added (Playwright applies them to the describe's later
   * tests as it does declared ones): skip/fixme expect a skip, fail a failure, slow triples the timeout.
   */
  applyAnnotation(annotation: Annotation): void {
    this.annotations.push({ ...annotation });
    if (annotation.type === 'skip' || annotation.type === 'fixme') this.expectedStatus = 'skipped';
    else if (annotation.type === 'fail' && this.expectedStatus !== 'skipped') this.expectedStatus = 'failed';
    else if (annotation.type === 'slow') this.slowDown();
  }

  skip(...args: unknown[]): void {
    this.modifier('skip', args);
  }

  fixme(...args: unknown[]): void {
    this.modifier('fixme', args);
  }

  fail(...args: unknown[]): void {
    if (!this.conditionHolds(args)) return;
    this.annotations.push({ type: 'fail', description: descriptionOf(args) });
    if (this.expectedStatus !== 'skipped') this.expectedStatus = 'failed';
  }

  /** Set once the test's result is taken: errors that come later are not its. */
  ended = false;

  /** An error thrown after its step was abandoned (a timed-out test.step body): the test's until it ends. */
  addLateError(error: unknown): void {
    if (!this.ended) this.errors.push(error);
  }

  /** test.abort(): Playwright's TestAbortError, a failure of the test (not a skip). */
  abort(description: string | undefined): never {
    this.annotations.push({ type: 'abort', ...(description !== undefined ? { description } : {}) });
    throw new Error(`Test aborted${description ? `: ${description}` : ''}`);
  }

  /** The innermost step that has begun and not ended. */
  currentStep(): OpenStep | undefined {
    return this.openSteps[this.openSteps.length - 1];
  }

  /** Records a test.step(); endStep ends it. */
  beginStep(title: string, boxedFrames: string | undefined): OpenStep {
    const titles = [...(this.currentStep()?.titles ?? []), title];
    const index = this.steps.length < 100 ? this.steps.push(titles.join(' > ')) - 1 : -1;
    const step: OpenStep = { title, titles, index, ...(boxedFrames !== undefined ? { boxedFrames } : {}) };
    this.openSteps.push(step);
    return step;
  }

  /** Ends a step; a skipped one (`step.skip()`, `test.step.skip`) is listed as "<title> (skipped)". */
  endStep(step: OpenStep, skipped: boolean): void {
    const i = this.openSteps.lastIndexOf(step);
    if (i >= 0) this.openSteps.splice(i, 1);
    const listed = this.steps[step.index];
    if (skipped && listed !== undefined) this.steps[step.index] = `${listed} (skipped)`;
  }

  /**
   * A path inside the test's output directory (in the run's own directory, removed with it), which
   * exists once this returns, so `fs.writeFileSync(testInfo.outputPath('x.txt'), …)` works. As in
   * Playwright: only the output directory itself is created, not the folders `segments` name, and a
   * path outside it (`..`, or a sibling whose name starts the same) is refused.
   */
  outputPath(...segments: string[]): string {
    const joined = path.join(...segments);
    const target = path.resolve(this.outputDir, joined);
    if (target !== this.outputDir && !target.startsWith(this.outputDir + path.sep))
      throw new Error(
        `The outputPath is not allowed outside of the parent directory. Please fix the defined path.\n\n\toutputPath: ${joined}`,
      );
    fs.mkdirSync(this.outputDir, { recursive: true });
    return target;
  }

  snapshotPath(...segments: string[]): string {
    return this.outputPath('snapshots', ...segments);
  }

  async attach(
    name: string,
    options: { contentType?: string; path?: string; body?: unknown } = {},
  ): Promise<void> {
    this.attachments.push({
      name,
      contentType: options.contentType ?? 'application/octet-stream',
      path: options.path,
      body: options.body,
    });
    return Promise.resolve();
  }

  private conditionHolds(args: unknown[]): boolean {
    if (typeof args[0] === 'function') {
      throw new Error('test.skip()/fixme()/fail()/slow() inside a test takes a condition, not a callback');
    }
    return args.length === 0 || Boolean(args[0]);
  }

  private modifier(type: 'skip' | 'fixme', args: unknown[]): void {
    if (!this.conditionHolds(args)) return;
    const description = descriptionOf(args);
    this.annotations.push({ type, description });
    this.expectedStatus = 'skipped';
    throw new SkipSignal(description);
  }

  // ---- used by @playwright/test's expect (see setExpectConfig in expect-bridge.ts) ----

  _addStep(_data: unknown): { complete(result: StepResult): void } {
    return {
      complete: (result: StepResult) => {
        if (result.softError !== undefined) this.errors.push(result.softError);
      },
    };
  }

  _deadline(): { deadline: number; timeout: number } {
    return { deadline: this.deadline(), timeout: this.timeoutMs };
  }

  _resolveSnapshotPaths(): never {
    throw new Error(
      'snapshot files are not available to the runner: a spec run has no baseline files (use inline toMatchAriaSnapshot or explicit assertions)',
    );
  }
}
