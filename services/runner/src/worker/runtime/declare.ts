// The `test` object a spec imports from '@playwright/test': while the module evaluates it collects
// suites, tests, hooks and modifiers; while a test runs it forwards runtime calls (test.skip(),
// test.step(), test.info(), test.setTimeout()) to the running test.

import type { SpecLocation } from '../../domain/run-result';
import { fixtureDef } from './fixtures';
import type {
  BodyFn,
  Details,
  FixtureDef,
  FixtureFn,
  HookKind,
  Modifier,
  Registry,
  Suite,
  TestCase,
} from './model';
import { newSuite } from './model';
import { boxError, framesOf, snapshotError, StepTimeoutError } from './errors';
import { StepSkipSignal, type TestInfoImpl } from './test-info';

export interface DeclareHooks {
  /** The running test's info; undefined while the module is being collected. */
  currentTestInfo(): TestInfoImpl | undefined;
  /** Location in the spec of the caller of the API function. */
  callerLocation(): SpecLocation | undefined;
  expect: unknown;
  /** Absolute path the spec is evaluated as (its frames in stacks). */
  specPath: string;
}

/** `{ tag, annotation }` as Playwright validates it: tags start with "@", annotations have a type. */
function detailsOf(raw: unknown, what: string): Details {
  if (raw === undefined) return { tags: [], annotations: [] };
  if (typeof raw !== 'object' || raw === null) throw new Error(`${what}: details must be an object`);
  const { tag, annotation } = raw as { tag?: unknown; annotation?: unknown };
  const tags = tag === undefined ? [] : Array.isArray(tag) ? (tag as unknown[]) : [tag];
  for (const t of tags)
    if (typeof t !== 'string' || !t.startsWith('@'))
      throw new Error(`${what}: tag must start with "@" symbol, got ${JSON.stringify(t)} instead.`);
  const annotations = annotation === undefined ? [] : Array.isArray(annotation) ? annotation : [annotation];
  for (const a of annotations as unknown[])
    if (typeof a !== 'object' || a === null || typeof (a as { type?: unknown }).type !== 'string')
      throw new Error(`${what}: an annotation must be an object with a string "type"`);
  return {
    tags: tags as string[],
    annotations: (annotations as { type: string; description?: unknown }[]).map((a) => ({
      type: a.type,
      ...(typeof a.description === 'string' ? { description: a.description } : {}),
    })),
  };
}

/** The stack where this is called, deep enough to reach the spec's frames below the runtime's. */
function stackHere(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The `step` argument of a test.step() body (Playwright's TestStepInfo). */
function newStepInfo(info: TestInfoImpl | undefined, titlePath: string[]): object {
  const annotations: { type: string; description?: string }[] = [];
  return {
    annotations,
    titlePath,
    attach: async (name: string, options?: { contentType?: string; path?: string; body?: unknown }) =>
      info?.attach(name, options),
    skip: (...args: unknown[]): void => {
      if (args.length > 0 && !args[0]) return;
      const description = typeof args[1] === 'string' ? args[1] : undefined;
      annotations.push({ type: 'skip', ...(description !== undefined ? { description } : {}) });
      throw new StepSkipSignal(description);
    },
  };
}

/**
 * The step's body, or a "Step timeout of …ms exceeded." error (at the step's call) once `ms` pass.
 * Past its timeout the body is abandoned, and an error it throws later is the test's, as Playwright
 * adds it (while the test has not ended; after that it is dropped, never unhandled).
 */
async function raceStepTimeout(
  running: Promise<unknown>,
  ms: number,
  callStack: string,
  info: TestInfoImpl | undefined,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  let expiredAlready = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      expiredAlready = true;
      reject(new StepTimeoutError(ms, callStack));
    }, ms);
  });
  running.catch((err: unknown) => {
    if (expiredAlready) info?.addLateError(snapshotError(err));
  });
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export class Collector {
  readonly root = newSuite('');
  readonly tests: TestCase[] = [];
  private readonly stack: Suite[] = [this.root];

  get current(): Suite {
    const top = this.stack[this.stack.length - 1];
    if (!top) throw new Error('suite stack is empty');
    return top;
  }

  within(suite: Suite, body: () => unknown): void {
    this.stack.push(suite);
    try {
      const result = body();
      if (result instanceof Promise) {
        throw new Error('test.describe() callback must not be async: declare tests synchronously');
      }
    } finally {
      this.stack.pop();
    }
  }
}

type ModifierType = Modifier['type'];

function isFn(value: unknown): value is FixtureFn {
  return typeof value === 'function';
}

function requireFn<F extends BodyFn | FixtureFn = FixtureFn>(value: unknown, what: string): F {
  if (!isFn(value)) throw new Error(`${what}: expected a function`);
  return value as F;
}

export type TestApi = ((...args: unknown[]) => void) & Record<string, unknown>;

/** The fixtures a `test` object was made with (read by mergeTests). */
const REGISTRY = Symbol('runner.registry');

/**
 * Playwright's mergeTests(a, b, …): a `test` with the fixtures of all of them, later ones winning.
 * `base` is the registry of the built-in fixtures; the fixtures a test has beyond it are added in order.
 */
export function mergeTestApis(base: Registry, tests: unknown[]): Registry {
  const merged = new Map<string, FixtureDef>(base);
  for (const t of tests) {
    const registry = (t as { [REGISTRY]?: Registry } | null)?.[REGISTRY];
    if (!registry)
      throw new Error(
        'mergeTests() accepts "test" functions as parameters.\nDid you mean to call test.extend() with fixtures instead?',
      );
    for (const [name, def] of registry) if (base.get(name) !== def) merged.set(name, def);
  }
  return merged;
}

export function createTestApi(collector: Collector, registry: Registry, hooks: DeclareHooks): TestApi {
  const declaring = (what: string): void => {
    if (hooks.currentTestInfo()) {
      throw new Error(`Playwright Test did not expect ${what} to be called here (inside a running test).`);
    }
  };

  const declareTest = (args: unknown[], modifiers: Modifier[], only: boolean): void => {
    declaring('test()');
    const [title, second, third] = args;
    if (typeof title !== 'string') throw new Error('test(): the first argument must be a title string');
    const fn = requireFn<BodyFn>(isFn(second) ? second : third, `test("${title}")`);
    const details = detailsOf(isFn(second) ? undefined : second, `test("${title}")`);
    const suite = collector.current;
    const test: TestCase = {
      kind: 'test',
      title,
      fn,
      parent: suite,
      registry,
      modifiers,
      only,
      location: hooks.callerLocation(),
      details,
    };
    suite.children.push(test);
    collector.tests.push(test);
  };

  const declareSuite = (
    args: unknown[],
    patch: Partial<Pick<Suite, 'mode' | 'only'>>,
    modifiers: Modifier[],
  ): void => {
    declaring('test.describe()');
    const [first, second, third] = args;
    const title = typeof first === 'string' ? first : '';
    const body = requireFn(isFn(first) ? first : isFn(second) ? second : third, 'test.describe()');
    const suite = newSuite(title, collector.current, hooks.callerLocation());
    suite.details = detailsOf(isFn(second) || isFn(first) ? undefined : second, 'test.describe()');
    Object.assign(suite, patch);
    suite.modifiers.push(...modifiers);
    collector.current.children.push(suite);
    collector.within(suite, () => (body as () => unknown)());
  };

  // test.skip(title, fn) declares a skipped test; test.skip(condition?, description?) is a modifier
  // of the running test or, at declaration time, of the enclosing describe.
  const modifier =
    (type: ModifierType) =>
    (...args: unknown[]): void => {
      const declaresTest = type !== 'slow' && typeof args[0] === 'string' && (isFn(args[1]) || isFn(args[2]));
      if (declaresTest) {
        declareTest(args, [{ type }], false);
        return;
      }
      const info = hooks.currentTestInfo();
      if (info) {
        info[type](...args);
        return;
      }
      const [condition, description] = args;
      if (isFn(condition)) {
        collector.current.modifiers.push({
          type,
          condition,
          description: typeof description === 'string' ? description : undefined,
        });
        return;
      }
      // As Playwright: any falsy condition (false, undefined: an unset env variable) declares nothing,
      // any truthy one applies, and a lone string is the description.
      if (args.length >= 1 && !condition) return;
      const text = args.length === 1 && typeof condition === 'string' ? condition : description;
      collector.current.modifiers.push({
        type,
        description: typeof text === 'string' ? text : undefined,
      });
    };

  const hook =
    (kind: HookKind) =>
    (...args: unknown[]): void => {
      declaring(`test.${kind}()`);
      const title = typeof args[0] === 'string' ? args[0] : `${kind} hook`;
      const fn = requireFn<BodyFn>(isFn(args[0]) ? args[0] : args[1], `test.${kind}()`);
      collector.current.hooks.push({ kind, title, fn, location: hooks.callerLocation() });
    };

  // test.step(title, body, { box, timeout }) and test.step.skip(title, body), as Playwright runs them:
  // `step.skip()` ends the step there (the test goes on), a step past its own timeout fails with
  // "Step timeout of …ms exceeded." at its call, and a boxed step's errors point at its caller.
  const runStep = async (
    skip: boolean,
    title: unknown,
    body: unknown,
    options: unknown,
  ): Promise<unknown> => {
    if (typeof title !== 'string') throw new Error('test.step(): the first argument must be a title string');
    const fn = requireFn(body, `test.step("${title}")`) as unknown as (stepInfo: object) => unknown;
    const { box, timeout } = (typeof options === 'object' && options !== null ? options : {}) as {
      box?: unknown;
      timeout?: unknown;
    };
    const callStack = stackHere();
    const info = hooks.currentTestInfo();
    const parent = info?.currentStep();
    const boxedFrames = parent?.boxedFrames ?? (box === true ? framesBelowCaller(callStack) : undefined);
    const open = info?.beginStep(title, boxedFrames);
    let skipped = skip;
    try {
      if (skip) return undefined;
      const stepInfo = newStepInfo(info, [...(info?.titlePath ?? []), ...(open?.titles ?? [title])]);
      const running = Promise.resolve()
        .then(() => fn(stepInfo))
        .catch((err: unknown) => {
          // Playwright ends the innermost step running when any step's skip() throws.
          if (!(err instanceof StepSkipSignal)) throw err;
          skipped = true;
          return undefined;
        });
      return typeof timeout === 'number' && timeout > 0
        ? await raceStepTimeout(running, timeout, callStack, info)
        : await running;
    } catch (err) {
      if (boxedFrames !== undefined) boxError(err, boxedFrames);
      throw err;
    } finally {
      if (info && open) info.endStep(open, skipped);
    }
  };
  /** The frames below the step's call: Playwright's boxed stack drops the call's own frame. */
  const framesBelowCaller = (stack: string): string => {
    const frames = framesOf(stack).split('\n');
    const call = frames.findIndex((line) => line.includes(hooks.specPath));
    return call < 0 ? '' : frames.slice(call + 1).join('\n');
  };
  const step = Object.assign(
    async (title: unknown, body: unknown, options?: unknown) => runStep(false, title, body, options),
    { skip: async (title: unknown, body: unknown, options?: unknown) => runStep(true, title, body, options) },
  );

  const describe = Object.assign((...args: unknown[]) => declareSuite(args, {}, []), {
    only: (...args: unknown[]) => declareSuite(args, { only: true }, []),
    skip: (...args: unknown[]) => declareSuite(args, {}, [{ type: 'skip' }]),
    fixme: (...args: unknown[]) => declareSuite(args, {}, [{ type: 'fixme' }]),
    serial: Object.assign((...args: unknown[]) => declareSuite(args, { mode: 'serial' }, []), {
      only: (...args: unknown[]) => declareSuite(args, { mode: 'serial', only: true }, []),
      skip: (...args: unknown[]) => declareSuite(args, { mode: 'serial' }, [{ type: 'skip' }]),
    }),
    parallel: Object.assign((...args: unknown[]) => declareSuite(args, { mode: 'parallel' }, []), {
      only: (...args: unknown[]) => declareSuite(args, { mode: 'parallel', only: true }, []),
    }),
    configure: (options: unknown) => {
      declaring('test.describe.configure()');
      const o = (options ?? {}) as { mode?: unknown; retries?: unknown; timeout?: unknown };
      if (o.retries !== undefined && o.retries !== 0) {
        throw new Error(
          'test.describe.configure({ retries }) is not supported by the runner: a run reports each test once',
        );
      }
      const suite = collector.current;
      if (o.mode === 'serial' || o.mode === 'parallel' || o.mode === 'default') suite.mode = o.mode;
      if (typeof o.timeout === 'number') suite.timeoutMs = o.timeout;
    },
  });

  const extend = (defs: unknown): TestApi => {
    if (typeof defs !== 'object' || defs === null)
      throw new Error('test.extend(): expected an object of fixtures');
    const next = new Map<string, FixtureDef>(registry);
    for (const [name, raw] of Object.entries(defs)) next.set(name, fixtureDef(name, raw, registry.get(name)));
    return createTestApi(collector, next, hooks);
  };

  const info = (): TestInfoImpl => {
    const current = hooks.currentTestInfo();
    if (!current) throw new Error('test.info() can only be called while a test is running');
    return current;
  };

  return Object.assign((...args: unknown[]) => declareTest(args, [], false), {
    only: (...args: unknown[]) => declareTest(args, [], true),
    skip: modifier('skip'),
    fixme: modifier('fixme'),
    // test.fail.only(title, [details,] body): a focused test expected to fail.
    fail: Object.assign(modifier('fail'), {
      only: (...args: unknown[]) => declareTest(args, [{ type: 'fail' }], true),
    }),
    slow: modifier('slow'),
    // test.abort(message?): fails the running test at once with "Test aborted: <message>".
    abort: (message?: unknown): never => {
      const current = hooks.currentTestInfo();
      if (!current) throw new Error('test.abort() can only be called inside a test or fixture');
      return current.abort(typeof message === 'string' ? message : undefined);
    },
    describe,
    beforeAll: hook('beforeAll'),
    afterAll: hook('afterAll'),
    beforeEach: hook('beforeEach'),
    afterEach: hook('afterEach'),
    step,
    use: (values: unknown) => {
      declaring('test.use()');
      if (typeof values !== 'object' || values === null) throw new Error('test.use(): expected an object');
      Object.assign(collector.current.use, values);
    },
    setTimeout: (ms: unknown) => {
      if (typeof ms !== 'number') throw new Error('test.setTimeout(): expected a number of milliseconds');
      const current = hooks.currentTestInfo();
      if (current) current.setTimeout(ms);
      else collector.current.timeoutMs = ms;
    },
    info,
    extend,
    expect: hooks.expect,
    [REGISTRY]: registry,
  }) as unknown as TestApi;
}
