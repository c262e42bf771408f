// Runs a spec file the way a Playwright worker does: tests in declaration order, beforeAll/afterAll
// around each describe, beforeEach/afterEach around each test, per-test fixtures and time budget.
// After an unexpected failure Playwright replaces its worker, so module state and beforeAll hooks start
// over for the remaining tests; this executor does the same by re-evaluating the module.

import type { TestError, TestResult } from '../../domain/run-result';
import { isUnexpected } from '../../domain/verdict';
import { evaluateSpec } from '../spec-loader';
import { Collector, createTestApi, mergeTestApis, type DeclareHooks } from './declare';
import { snapshotError, toTestError, TestTimeout, type SpecPaths } from './errors';
import { fixtureParameterNames } from './fixture-params';
import { FixtureResolver, FixtureScope } from './fixtures';
import type { Fn, Hook, Registry, Suite, TestCase } from './model';
import { suitesOf, tagsOf, titlePathOf } from './model';
import { SkipSignal, TestInfoImpl, type Annotation } from './test-info';
import { locateInSpec } from '../../domain/spec-location';

export interface ExecuteInput extends SpecPaths {
  /** CommonJS compiled by the service, with an inline source map. */
  code: string;
  testTimeoutMs: number;
  outputDir: string;
}

export interface ExecutionEnv {
  registry: Registry;
  expect: unknown;
  /** Extra exports of '@playwright/test' (devices, errors…) beside test and expect. */
  moduleExtras: Record<string, unknown>;
  setExpectTestInfo(info: TestInfoImpl | null): void;
  /** Called before each test so browser events are attributed to it. */
  setCurrentTest(index: number): void;
  /** Tests still to run after the current one (lets the browser prepare the next context). */
  setRemainingTests(count: number): void;
}

export interface ExecuteCallbacks {
  onTestBegin(index: number, titlePath: string[]): void;
  onTestEnd(index: number, result: TestResult): void;
}

export interface ExecuteOutput {
  tests: TestResult[];
  loadError?: TestError;
  /**
   * An error outside any test that did not stop the tests: a worker-scoped fixture's tear-down after
   * the run's last test, or an error thrown outside any test. Playwright reports it as an error of the
   * run, not of a test (its tests keep their statuses), and the run fails.
   */
  runError?: TestError;
}

type Outcome =
  | { kind: 'ok' }
  | { kind: 'skip'; description: string | undefined }
  | { kind: 'timeout' }
  | { kind: 'error'; error: unknown };

const WORKER_INFO = {
  workerIndex: 0,
  parallelIndex: 0,
  project: { name: 'chromium', use: {} },
  config: { workers: 1 },
};

function paramsOf(fn: Fn, what: string): string[] {
  const p = fixtureParameterNames(fn);
  if (!p.ok) throw new Error(`${what}: ${p.why}`);
  return p.names;
}

/** Runs `body` against the info's (re-armable) deadline. */
async function withDeadline(
  info: TestInfoImpl,
  body: () => Promise<unknown>,
): Promise<{ outcome: Outcome; settled: Promise<unknown> }> {
  let timer: NodeJS.Timeout | undefined;
  const running = Promise.resolve().then(body);
  const outcome = await new Promise<Outcome>((resolve) => {
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      const deadline = info.deadline();
      if (deadline === 0) return;
      timer = setTimeout(
        () => {
          if (performance.now() >= info.deadline() - 1) resolve({ kind: 'timeout' });
          else arm();
        },
        Math.max(0, deadline - performance.now()),
      );
    };
    info.watchTimeout(arm);
    arm();
    running.then(
      () => resolve({ kind: 'ok' }),
      // Taken as it is now: Playwright may still change a shared error's message (errors.ts).
      (error: unknown) =>
        resolve(
          error instanceof SkipSignal
            ? { kind: 'skip', description: error.description }
            : { kind: 'error', error: snapshotError(error) },
        ),
    );
  });
  if (timer) clearTimeout(timer);
  info.watchTimeout(() => {});
  // An abandoned body keeps running until its page closes; its rejection must not go unhandled.
  return { outcome, settled: running.catch((err: unknown) => err) };
}

class Generation {
  readonly worker = new FixtureScope();
  /** Suites whose beforeAll hooks ran, outermost first. */
  readonly entered: Suite[] = [];
  /** The test that ran last: afterAll hooks run with its fixtures. */
  lastTest: TestCase | undefined;
  /** Its testInfo (an afterAll's test.slow() does nothing when that test was slowed). */
  lastInfo: TestInfoImpl | undefined;
  /**
   * The annotations the beforeAll hooks of each entered suite added (test.slow(), test.fail(),
   * testInfo.annotations.push()): as in Playwright, the suite's later tests get them too.
   */
  readonly suiteAnnotations = new Map<Suite, Annotation[]>();
  constructor(readonly collector: Collector) {}
}

function suiteKey(suite: Suite): string {
  const parts: number[] = [];
  for (let s: Suite = suite; s.parent; s = s.parent) parts.unshift(s.parent.children.indexOf(s));
  return parts.join('/');
}

/** test.use() values along a test's suites, the innermost last (it wins). */
function mergedUse(test: TestCase): Record<string, unknown> {
  return Object.assign({}, ...suitesOf(test).map((s) => s.use)) as Record<string, unknown>;
}

function timeoutFor(test: TestCase, fallback: number): number {
  let timeout = fallback;
  for (const s of suitesOf(test)) if (s.timeoutMs !== undefined) timeout = s.timeoutMs;
  return timeout;
}

/** Tests that run: all of them, or only the focused ones when any test.only/describe.only exists. */
function focus(tests: readonly TestCase[]): number[] {
  const focused = (t: TestCase): boolean => t.only || suitesOf(t).some((s) => s.only);
  const any = tests.some(focused);
  return tests.flatMap((t, i) => (!any || focused(t) ? [i] : []));
}

export class SpecExecutor {
  private current: TestInfoImpl | undefined;
  private strayErrors: unknown[] = [];
  /** The evaluated modules of the run: their source maps live as long as they do (spec-loader.ts). */
  private readonly modules: object[] = [];

  constructor(
    private readonly input: ExecuteInput,
    private readonly env: ExecutionEnv,
  ) {}

  /** Errors raised outside awaited code (uncaught exceptions, unhandled rejections). */
  reportUncaught(error: unknown): void {
    if (this.current) this.current.errors.push(snapshotError(error));
    else this.strayErrors.push(snapshotError(error));
  }

  private load(): { ok: true; gen: Generation } | { ok: false; error: TestError } {
    const collector = new Collector();
    const hooks: DeclareHooks = {
      currentTestInfo: () => this.current,
      callerLocation: () => locateInSpec(new Error().stack, this.input.specPath),
      expect: this.env.expect,
      specPath: this.input.specPath,
    };
    const api = createTestApi(collector, this.env.registry, hooks);
    const testModule = {
      __esModule: true,
      test: api,
      default: api,
      expect: this.env.expect,
      ...this.env.moduleExtras,
      mergeTests: (...tests: unknown[]) =>
        createTestApi(collector, mergeTestApis(this.env.registry, tests), hooks),
    };
    try {
      this.modules.push(
        evaluateSpec(this.input.code, this.input.specPath, (id) =>
          id === '@playwright/test' || id === 'playwright/test' ? testModule : undefined,
        ),
      );
    } catch (err) {
      return { ok: false, error: toTestError(err, this.input) };
    }
    return { ok: true, gen: new Generation(collector) };
  }

  async run(callbacks: ExecuteCallbacks): Promise<ExecuteOutput> {
    const first = this.load();
    if (!first.ok) return { tests: [], loadError: first.error };
    let gen = first.gen;
    const planned = focus(gen.collector.tests);
    if (planned.length === 0)
      return { tests: [], loadError: { message: 'Error: No tests found', category: 'unknown' } };
    const results: TestResult[] = [];
    const brokenSuites = new Set<string>();
    for (let p = 0; p < planned.length; p++) {
      const test = gen.collector.tests[planned[p] ?? -1];
      if (!test)
        return {
          tests: results,
          loadError: {
            message: 'Error: the spec declared different tests when it was reloaded',
            category: 'unknown',
          },
        };
      const titlePath = titlePathOf(test);
      callbacks.onTestBegin(p, titlePath);
      this.env.setCurrentTest(p);
      this.env.setRemainingTests(planned.length - p - 1);
      const result = await this.runTest(gen, test, titlePath, brokenSuites);
      // As in Playwright, the afterAll hooks of the describes the next test is not in run right after
      // this test, and their errors are this test's (before, they ran before the next test and their
      // errors went to the last test of the run).
      const following = gen.collector.tests[planned[p + 1] ?? -1];
      this.addErrors(result, await this.leaveSuites(gen, following ? suitesOf(following) : []));
      results.push(result);
      // In a serial describe, a failure skips the tests that follow it in that describe.
      const serial = suitesOf(test).find((s) => s.mode === 'serial');
      if (serial && isUnexpected(result)) brokenSuites.add(suiteKey(serial));
      callbacks.onTestEnd(p, result);
      if (isUnexpected(result) && p < planned.length - 1) {
        // Playwright's worker would exit here; a new one re-evaluates the file.
        await this.finishGeneration(gen, result);
        const next = this.load();
        if (!next.ok) return { tests: results, loadError: next.error };
        gen = next.gen;
      }
    }
    const last = results[results.length - 1];
    // As in Playwright, a failed last test stops its worker in its own "Worker Cleanup": the tear-down
    // errors are that test's, as for a failed test before a restart.
    if (last && isUnexpected(last)) {
      await this.finishGeneration(gen, last);
      return { tests: results, loadError: undefined };
    }
    // As in Playwright: afterAll errors are the last test's; the worker fixtures' tear-down at the end
    // of the run, and errors outside any test, are the run's (before, they failed the last test).
    if (last) this.addErrors(last, await this.leaveSuites(gen, []));
    const outside = [...(await gen.worker.teardown()), ...this.strayErrors.splice(0)];
    const [runError] = outside.map((e) => toTestError(e, this.input));
    return { tests: results, loadError: undefined, ...(runError ? { runError } : {}) };
  }

  /**
   * afterAll hooks for every entered suite, then worker fixtures, when a test failed and Playwright
   * would replace its worker: as there (its "Worker Cleanup"), their errors are that test's.
   */
  private async finishGeneration(gen: Generation, last: TestResult): Promise<void> {
    const errors = await this.leaveSuites(gen, []);
    errors.push(...(await gen.worker.teardown()), ...this.strayErrors.splice(0));
    this.addErrors(last, errors);
  }

  /** Errors of hooks or fixtures that ran after a test: a passed (or skipped) test fails with them. */
  private addErrors(result: TestResult, errors: unknown[]): void {
    if (errors.length === 0) return;
    result.errors.push(...errors.map((e) => toTestError(e, this.input)));
    if (result.status === 'passed' || result.status === 'skipped') result.status = 'failed';
  }

  private skippedResult(test: TestCase, titlePath: string[]): TestResult {
    return {
      titlePath,
      status: 'skipped',
      expectedStatus: 'skipped',
      durationMs: 0,
      errors: [],
      steps: [],
      artifactIds: [],
      ...(test.location ? { location: test.location } : {}),
    };
  }

  private async runTest(
    gen: Generation,
    test: TestCase,
    titlePath: string[],
    brokenSuites: Set<string>,
  ): Promise<TestResult> {
    const chain = suitesOf(test);
    const modifiers = [...chain.flatMap((s) => s.modifiers), ...test.modifiers];
    const staticSkip = modifiers.some(
      (m) => (m.type === 'skip' || m.type === 'fixme') && (m.condition === undefined || m.condition === true),
    );
    if (staticSkip || chain.some((s) => brokenSuites.has(suiteKey(s))))
      return this.skippedResult(test, titlePath);

    const started = performance.now();
    const info = new TestInfoImpl(
      test.title,
      // As Playwright's testInfo.titlePath: the file first.
      [this.input.fileName, ...titlePath],
      this.input.fileName,
      test.location,
      timeoutFor(test, this.input.testTimeoutMs),
      `${this.input.outputDir}/test-${gen.collector.tests.indexOf(test)}`,
    );
    info.tags.push(...tagsOf(test));
    for (const details of [...chain.map((s) => s.details), test.details])
      info.annotations.push(...details.annotations.map((a) => ({ ...a })));
    // As Playwright: declared modifiers apply before any hook runs (so a declared test.slow() has
    // slowed the test before a beforeAll's does nothing), then what the beforeAll hooks of the
    // suites already entered added.
    for (const m of modifiers) {
      if (typeof m.condition === 'function' || m.condition === false) continue;
      if (m.type === 'fail') info.fail(true, m.description);
      else if (m.type === 'slow') info.slow(true, m.description);
    }
    for (const s of chain) for (const a of gen.suiteAnnotations.get(s) ?? []) info.applyAnnotation(a);
    if (info.expectedStatus === 'skipped') return this.skippedResult(test, titlePath);
    const testScope = new FixtureScope();
    const resolver = new FixtureResolver({
      registry: test.registry,
      overrides: mergedUse(test),
      worker: gen.worker,
      test: testScope,
      workerInfo: WORKER_INFO,
      testInfo: info,
    });
    // Every error of the test in the order it happened, as Playwright keeps them: testInfo.errors
    // (and testInfo.error) in afterEach hooks and fixture tear-downs see the test's failure.
    const errors = info.errors;
    let timedOut = false;
    let skipped = false;
    let abandoned: Promise<unknown> | undefined;

    const hookError = await this.enterSuites(gen, chain, test, info);
    gen.lastTest = test;
    gen.lastInfo = info;
    if (hookError && 'skipped' in hookError) return this.skippedResult(test, titlePath);
    if (hookError !== undefined) {
      errors.push(hookError.error);
      if (hookError.timedOut) timedOut = true;
      brokenSuites.add(suiteKey(hookError.suite));
    } else {
      this.current = info;
      this.env.setExpectTestInfo(info);
      const main = await withDeadline(info, async () => {
        for (const m of modifiers) {
          if (typeof m.condition !== 'function') continue;
          const holds = Boolean(
            await m.condition(
              await resolver.resolveNames(paramsOf(m.condition, `test.${m.type}() callback`)),
              async () => {},
              info,
            ),
          );
          if (!holds) continue;
          if (m.type === 'fail') info.fail(true, m.description);
          else if (m.type === 'slow') info.slow(true);
          else info[m.type](true, m.description);
        }
        await resolver.resolveAuto();
        // As in Playwright, the beforeEach hooks after a failing one still run (the first error is
        // the test's; a test.skip() stops them), and the test body does not.
        let failed = false;
        for (const hook of chain.flatMap((s) => s.hooks.filter((h) => h.kind === 'beforeEach'))) {
          try {
            await this.callHook(hook, resolver, info);
          } catch (err) {
            if (err instanceof SkipSignal && !failed) throw err;
            if (err instanceof SkipSignal) break;
            if (!failed) errors.push(snapshotError(err));
            failed = true;
          }
        }
        if (failed) return;
        await test.fn(await resolver.resolveNames(paramsOf(test.fn, 'test()')), info);
      });
      if (main.outcome.kind === 'timeout') {
        timedOut = true;
        errors.push(new TestTimeout(info.timeout));
        abandoned = main.settled;
      } else if (main.outcome.kind === 'skip') skipped = true;
      else if (main.outcome.kind === 'error') errors.push(main.outcome.error);
      info.status = this.statusOf(skipped, timedOut, errors.length);

      // Tear-down has its own budget (as in Playwright), so a timed-out test still gets its artifacts.
      info.restartClock();
      const teardown = await withDeadline(info, async () => {
        for (const hook of [...chain]
          .reverse()
          .flatMap((s) => s.hooks.filter((h) => h.kind === 'afterEach'))) {
          try {
            await this.callHook(hook, resolver, info);
          } catch (err) {
            if (!(err instanceof SkipSignal)) errors.push(snapshotError(err));
          }
        }
        info.status = this.statusOf(skipped, timedOut, errors.length);
        errors.push(...(await testScope.teardown()));
      });
      if (teardown.outcome.kind === 'timeout') errors.push(new TestTimeout(info.timeout, 'Tear down'));
      else if (teardown.outcome.kind === 'error') errors.push(teardown.outcome.error);
      this.current = undefined;
      this.env.setExpectTestInfo(null);
    }

    info.ended = true;
    const reported = errors.map((e) => toTestError(e, this.input));
    if (timedOut && abandoned) {
      // The action that was pending when time ran out rejects once its page closes; its stack says where.
      const late = await Promise.race([abandoned, new Promise((r) => setTimeout(r, 250, undefined))]);
      const where = late instanceof Error ? locateInSpec(late.stack, this.input.specPath) : undefined;
      const timeoutError = reported.find(
        (e) => e.category === 'timeout' && e.message.startsWith('Test timeout'),
      );
      if (where && timeoutError && !timeoutError.location) timeoutError.location = where;
    }
    const status = this.statusOf(skipped, timedOut, reported.length);
    return {
      titlePath,
      status,
      expectedStatus: skipped ? 'skipped' : info.expectedStatus,
      durationMs: Math.round(performance.now() - started),
      errors: skipped ? [] : reported,
      steps: info.steps,
      artifactIds: [],
      ...(test.location ? { location: test.location } : {}),
    };
  }

  private statusOf(skipped: boolean, timedOut: boolean, errorCount: number): TestResult['status'] {
    if (timedOut) return 'timedOut';
    if (skipped) return 'skipped';
    return errorCount > 0 ? 'failed' : 'passed';
  }

  private async callHook(hook: Hook, resolver: FixtureResolver, info: unknown): Promise<void> {
    const fixtures = await resolver.resolveNames(paramsOf(hook.fn, `${hook.kind} hook`));
    await hook.fn(fixtures, info);
  }

  /**
   * Leaves suites the test is not in (afterAll), then enters the test's suites (beforeAll). A
   * beforeAll that calls test.skip() skips its test and, as in Playwright, the rest of its describe.
   */
  private async enterSuites(
    gen: Generation,
    chain: Suite[],
    test: TestCase,
    info: TestInfoImpl,
  ): Promise<{ error: unknown; suite: Suite; timedOut: boolean } | { skipped: true } | undefined> {
    this.strayErrors.push(...(await this.leaveSuites(gen, chain)));
    for (const suite of chain) {
      if (gen.entered.includes(suite)) continue;
      gen.entered.push(suite);
      const added: Annotation[] = [];
      gen.suiteAnnotations.set(suite, added);
      for (const hook of suite.hooks.filter((h) => h.kind === 'beforeAll')) {
        const failure = await this.runAllHook(gen, hook, test, info, added);
        if (failure && 'skipped' in failure) {
          suite.modifiers.push({ type: 'skip', description: failure.description });
          return { skipped: true };
        }
        if (failure) return { ...failure, suite };
      }
    }
    return undefined;
  }

  private async leaveSuites(gen: Generation, keep: Suite[]): Promise<unknown[]> {
    const errors: unknown[] = [];
    while (gen.entered.length > 0) {
      const suite = gen.entered[gen.entered.length - 1];
      if (!suite || keep.includes(suite)) break;
      gen.entered.pop();
      gen.suiteAnnotations.delete(suite);
      for (const hook of suite.hooks.filter((h) => h.kind === 'afterAll')) {
        const failure = await this.runAllHook(gen, hook, gen.lastTest, undefined, undefined, errors);
        if (failure && 'error' in failure) errors.push(failure.error);
      }
    }
    return errors;
  }

  /**
   * Runs a beforeAll/afterAll hook. As in Playwright, a beforeAll runs as part of `owner` (the test it
   * runs with): what the hook adds to its annotations is that test's (and, through `added`, the
   * describe's later tests'), and its soft assertion errors fail that test, which still runs. An
   * afterAll's soft errors go to `softErrors` (the test it runs after).
   */
  private async runAllHook(
    gen: Generation,
    hook: Hook,
    test: TestCase | undefined,
    owner?: TestInfoImpl,
    added?: Annotation[],
    softErrors?: unknown[],
  ): Promise<
    { error: unknown; timedOut: boolean } | { skipped: true; description: string | undefined } | undefined
  > {
    const info = new TestInfoImpl(
      hook.title,
      [hook.title],
      this.input.fileName,
      hook.location,
      this.input.testTimeoutMs,
      `${this.input.outputDir}/hooks`,
    );
    info.slowed = (owner ?? (hook.kind === 'afterAll' ? gen.lastInfo : undefined))?.slowed ?? false;
    const hookScope = new FixtureScope();
    // As in Playwright, a hook sees the fixtures and test.use() values of the test it runs with: the
    // first test of its describe for beforeAll, the last one for afterAll (before, an afterAll saw
    // only the built-in fixtures, without test.extend or test.use).
    const resolver = new FixtureResolver({
      registry: test?.registry ?? this.env.registry,
      overrides: test ? mergedUse(test) : {},
      worker: gen.worker,
      test: hookScope,
      allHook: hook.kind === 'afterAll' ? 'afterAll' : 'beforeAll',
      workerInfo: WORKER_INFO,
      testInfo: info,
    });
    this.current = info;
    this.env.setExpectTestInfo(info);
    // The test-scoped fixtures the hook used are torn down after it, within its time (as Playwright).
    const { outcome } = await withDeadline(info, async () => {
      try {
        await this.callHook(hook, resolver, info);
      } catch (err) {
        // The hook's own error is the one reported.
        await hookScope.teardown();
        throw err;
      }
      const [teardownError] = await hookScope.teardown();
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the spec's fixture threw, as it threw it
      if (teardownError !== undefined) throw teardownError;
    });
    this.current = undefined;
    this.env.setExpectTestInfo(null);
    if (owner) {
      for (const a of info.annotations) {
        added?.push(a);
        // Its own effects on the test it ran with: a fail expects a failure; a slow tripled the
        // hook's time, and the test's timer stays as it is (Playwright slows a test once).
        owner.annotations.push({ ...a });
        if (a.type === 'fail' && owner.expectedStatus !== 'skipped') owner.expectedStatus = 'failed';
      }
      if (info.slowed) owner.slowed = true;
    }
    (owner?.errors ?? softErrors)?.push(...info.errors);
    if (outcome.kind === 'timeout')
      return { error: new TestTimeout(info.timeout, `"${hook.kind}" hook`), timedOut: true };
    if (outcome.kind === 'error') return { error: outcome.error, timedOut: false };
    if (outcome.kind === 'skip') return { skipped: true, description: outcome.description };
    return undefined;
  }
}
