// Fixture set-up and tear-down with Playwright's semantics: a fixture function receives the fixtures
// it destructures, calls `use(value)` once, and whatever follows `use` is its tear-down. Worker-scoped
// fixtures live until the worker generation ends; test-scoped ones until the test ends.

import { snapshotError } from './errors';
import { fixtureParameterNames } from './fixture-params';
import type { FixtureDef, FixtureFn, Registry } from './model';

const contextInHook = (hook: string): string =>
  `"context" and "page" fixtures are not supported in "${hook}" since they are created on a per-test basis. ` +
  'If you would like to reuse a single page between tests, create context manually with browser.newContext().';

export class FixtureScope {
  private readonly values = new Map<FixtureDef, Map<unknown, Promise<unknown>>>();
  private readonly teardowns: { name: string; run: () => Promise<void> }[] = [];

  get(def: FixtureDef, key: unknown): Promise<unknown> | undefined {
    return this.values.get(def)?.get(key);
  }

  set(def: FixtureDef, key: unknown, value: Promise<unknown>): void {
    let byKey = this.values.get(def);
    if (!byKey) this.values.set(def, (byKey = new Map<unknown, Promise<unknown>>()));
    byKey.set(key, value);
  }

  onTeardown(name: string, run: () => Promise<void>): void {
    this.teardowns.push({ name, run });
  }

  /** Tears down in reverse set-up order; every tear-down runs even if an earlier one fails. */
  async teardown(): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const t of this.teardowns.splice(0).reverse()) {
      try {
        await t.run();
      } catch (err) {
        // As it is now: later tear-downs may still change a shared Playwright error (errors.ts).
        errors.push(snapshotError(err));
      }
    }
    this.values.clear();
    return errors;
  }
}

interface Setup {
  value: unknown;
  teardown: () => Promise<void>;
}

async function runFixtureFn(
  def: FixtureDef,
  fn: FixtureFn,
  deps: Record<string, unknown>,
  info: unknown,
): Promise<Setup> {
  let provide: (value: unknown) => void = () => {};
  const provided = new Promise<{ value: unknown }>((resolve) => (provide = (value) => resolve({ value })));
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let used = false;
  const use = async (value: unknown): Promise<void> => {
    if (used) throw new Error(`use() was called twice in fixture "${def.name}"`);
    used = true;
    provide(value);
    await released;
  };
  const finished = Promise.resolve().then(() => fn(deps, use, info));
  const first = await Promise.race([provided, finished.then(() => undefined)]);
  if (first === undefined) throw new Error(`Fixture "${def.name}" finished without calling use()`);
  return {
    value: first.value,
    teardown: async () => {
      release();
      await finished;
    },
  };
}

export function fixtureDef(name: string, raw: unknown, parent: FixtureDef | undefined): FixtureDef {
  let value: unknown = raw;
  let options: Record<string, unknown> = {};
  if (Array.isArray(raw) && raw.length === 2 && typeof raw[1] === 'object' && raw[1] !== null) {
    value = raw[0];
    options = raw[1] as Record<string, unknown>;
  }
  const scope = options.scope === 'worker' ? 'worker' : (parent?.scope ?? 'test');
  const base = {
    name,
    scope,
    auto: options.auto === true || (parent?.auto ?? false),
    option: options.option === true || (parent?.option ?? false),
    parent,
  } as const;
  if (typeof value === 'function') {
    const fn = value as FixtureFn;
    const params = fixtureParameterNames(fn);
    if (!params.ok) throw new Error(`Fixture "${name}": ${params.why}`);
    return { ...base, fn, deps: params.names };
  }
  return { ...base, value, deps: [] };
}

export interface ResolveOptions {
  registry: Registry;
  /** Merged test.use() values along the suite chain. */
  overrides: Record<string, unknown>;
  worker: FixtureScope;
  /** Test-scoped fixtures: the test's, or a beforeAll/afterAll hook's own (torn down after it). */
  test: FixtureScope;
  /**
   * Set for a beforeAll/afterAll hook: as in Playwright, it may use test-scoped fixtures (`request`, a
   * spec's own), set up for the hook alone, but not `context` or `page`.
   */
  allHook?: 'beforeAll' | 'afterAll';
  workerInfo: unknown;
  testInfo: unknown;
}

export class FixtureResolver {
  private readonly overrideDefs = new Map<string, FixtureDef>();

  constructor(private readonly opts: ResolveOptions) {}

  async resolveNames(names: readonly string[]): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const name of names) out[name] = await this.resolve(name, []);
    return out;
  }

  /** Sets up every auto fixture of the allowed scopes (they run even when nothing names them). */
  async resolveAuto(): Promise<void> {
    for (const def of this.opts.registry.values()) {
      if (!def.auto) continue;
      if (def.scope === 'test' && this.opts.allHook) continue;
      await this.resolve(def.name, []);
    }
  }

  private defFor(name: string): FixtureDef {
    const registered = this.opts.registry.get(name);
    if (!Object.prototype.hasOwnProperty.call(this.opts.overrides, name)) {
      if (!registered) throw new Error(`Test has unknown parameter "${name}".`);
      return registered;
    }
    let def = this.overrideDefs.get(name);
    if (!def) {
      const raw = this.opts.overrides[name];
      // test.use({ viewport: ... }) overrides a value; a function overrides the fixture itself.
      def = fixtureDef(name, raw, registered);
      if (registered && typeof raw !== 'function')
        def = { ...registered, fn: undefined, value: raw, deps: [] };
      this.overrideDefs.set(name, def);
    }
    return def;
  }

  private async resolve(name: string, stack: string[]): Promise<unknown> {
    return this.resolveDef(this.defFor(name), stack);
  }

  private async resolveDef(def: FixtureDef, stack: string[]): Promise<unknown> {
    if (stack.includes(def.name) && !def.deps.includes(def.name)) {
      throw new Error(`Fixtures "${[...stack, def.name].join('" -> "')}" form a dependency cycle.`);
    }
    if (this.opts.allHook && def.scope === 'test' && (def.name === 'page' || def.name === 'context'))
      throw new Error(contextInHook(this.opts.allHook));
    const scope = def.scope === 'worker' ? this.opts.worker : this.opts.test;
    const key = def.value;
    const existing = scope.get(def, key);
    if (existing) return existing;
    const pending = this.setUp(def, scope, [...stack, def.name]);
    scope.set(def, key, pending);
    return pending;
  }

  private async setUp(def: FixtureDef, scope: FixtureScope, stack: string[]): Promise<unknown> {
    if (!def.fn) return def.value;
    const deps: Record<string, unknown> = {};
    for (const dep of def.deps) {
      if (dep === def.name) {
        if (!def.parent) throw new Error(`Fixture "${def.name}" depends on itself but overrides nothing`);
        deps[dep] = await this.resolveDef(def.parent, stack);
        continue;
      }
      const depDef = this.defFor(dep);
      if (def.scope === 'worker' && depDef.scope === 'test') {
        throw new Error(`Worker fixture "${def.name}" cannot depend on test fixture "${dep}".`);
      }
      deps[dep] = await this.resolveDef(depDef, stack);
    }
    const info = def.scope === 'worker' ? this.opts.workerInfo : this.opts.testInfo;
    const setup = await runFixtureFn(def, def.fn, deps, info);
    scope.onTeardown(def.name, setup.teardown);
    return setup.value;
  }
}
