// The declared structure of a spec file, as collected by the `test` API while the module evaluates.

import type { SpecLocation } from '../../domain/run-result';

export type Fn = (...args: never[]) => unknown;
export type FixtureFn = (
  fixtures: Record<string, unknown>,
  use: (value: unknown) => Promise<void>,
  info: unknown,
) => unknown;

/** A test body or hook, called as Playwright calls it: `(fixtures, testInfo)`. */
export type BodyFn = (fixtures: Record<string, unknown>, testInfo: unknown) => unknown;

export type HookKind = 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';

export interface Hook {
  kind: HookKind;
  title: string;
  fn: BodyFn;
  location?: SpecLocation;
}

/** test.skip / fixme / fail / slow declared on a suite or test, possibly conditional. */
export interface Modifier {
  type: 'skip' | 'fixme' | 'fail' | 'slow';
  /** A boolean condition, a callback over fixtures, or undefined for unconditional. */
  condition?: boolean | FixtureFn;
  description?: string;
}

export interface FixtureDef {
  name: string;
  scope: 'test' | 'worker';
  auto: boolean;
  option: boolean;
  /** Either a plain value or a fixture function. */
  value?: unknown;
  fn?: FixtureFn;
  /** Names the fixture function destructures. */
  deps: string[];
  /** The definition this one overrides (test.extend / test.use); `use` of its own name resolves it. */
  parent?: FixtureDef;
}

export type Registry = ReadonlyMap<string, FixtureDef>;

export interface Suite {
  kind: 'suite';
  title: string;
  parent?: Suite;
  children: (Suite | TestCase)[];
  hooks: Hook[];
  /** test.use() values and fixture overrides for this suite. */
  use: Record<string, unknown>;
  modifiers: Modifier[];
  mode: 'default' | 'serial' | 'parallel';
  only: boolean;
  timeoutMs?: number;
  location?: SpecLocation;
  /** `{ tag, annotation }` of test.describe(title, details, body). */
  details: Details;
}

/** The `{ tag, annotation }` argument of test() and test.describe(). */
export interface Details {
  tags: string[];
  annotations: { type: string; description?: string }[];
}

export interface TestCase {
  kind: 'test';
  title: string;
  fn: BodyFn;
  parent: Suite;
  registry: Registry;
  modifiers: Modifier[];
  only: boolean;
  location?: SpecLocation;
  details: Details;
}

export function titlePathOf(test: TestCase): string[] {
  const titles: string[] = [];
  for (let s: Suite | undefined = test.parent; s; s = s.parent) if (s.title !== '') titles.unshift(s.title);
  titles.push(test.title);
  return titles;
}

export function suitesOf(test: TestCase): Suite[] {
  const chain: Suite[] = [];
  for (let s: Suite | undefined = test.parent; s; s = s.parent) chain.unshift(s);
  return chain;
}

export function newSuite(title: string, parent?: Suite, location?: SpecLocation): Suite {
  return {
    kind: 'suite',
    title,
    parent,
    children: [],
    hooks: [],
    use: {},
    modifiers: [],
    mode: 'default',
    only: false,
    location,
    details: { tags: [], annotations: [] },
  };
}

/**
 * testInfo.tags as Playwright computes them: the `@tags` in the describe titles, the describes' own
 * tags and the test's title, then the test's own tags.
 */
export function tagsOf(test: TestCase): string[] {
  const words: string[] = [];
  for (const s of suitesOf(test)) words.push(s.title, ...s.details.tags);
  words.push(test.title);
  return [...(words.join(' ').match(/@\S+/g) ?? []), ...test.details.tags];
}
