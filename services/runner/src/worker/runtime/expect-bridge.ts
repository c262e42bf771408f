// The real `expect` from @playwright/test works outside its runner, but soft assertions, expect.poll
// deadlines and inline toMatchAriaSnapshot need to know the running test. Playwright reads that from
// a module-level config in its matcher bundle; this bridge sets it. The bundle path is internal, so
// the shape is checked at start-up and the worker refuses to run if an upgrade changed it. Loading the
// matcher bundle directly (not the @playwright/test index) also keeps the test runner out of workers.

import { createRequire } from 'node:module';
import path from 'node:path';
import type { expect as PlaywrightExpect } from '@playwright/test';

type ExpectConfig = Record<string, unknown>;

interface MatcherModule {
  expect: typeof PlaywrightExpect;
  mergeExpects: (...expects: unknown[]) => typeof PlaywrightExpect;
  expectConfig: () => ExpectConfig;
  setExpectConfig: (config: ExpectConfig) => void;
}

function isMatcherModule(value: unknown): value is MatcherModule {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.expectConfig === 'function' &&
    typeof m.setExpectConfig === 'function' &&
    typeof m.expect === 'function' &&
    typeof m.mergeExpects === 'function' &&
    typeof (m.expect as { configure?: unknown }).configure === 'function'
  );
}

function loadMatcherModule(): MatcherModule {
  const testPkg = path.dirname(require.resolve('@playwright/test/package.json'));
  const playwrightPkg = path.dirname(require.resolve('playwright/package.json', { paths: [testPkg] }));
  const mod: unknown = createRequire(__filename)(path.join(playwrightPkg, 'lib', 'matchers', 'expect.js'));
  if (!isMatcherModule(mod)) {
    throw new Error(
      `unsupported @playwright/test layout at ${playwrightPkg}: lib/matchers/expect.js changed`,
    );
  }
  return mod;
}

export type Expect = typeof PlaywrightExpect;

export class ExpectBridge {
  private readonly module = loadMatcherModule();
  private readonly initial = this.module.expectConfig();

  /** `expect` with the run's default assertion timeout. */
  expectWithTimeout(timeoutMs: number): Expect {
    return this.module.expect.configure({ timeout: timeoutMs });
  }

  /**
   * mergeExpects(a, b, …) of '@playwright/test': Playwright's own (an expect with the custom matchers
   * of each), with the run's default assertion timeout, as `expect` has it.
   */
  mergeExpectsWithTimeout(timeoutMs: number): (...expects: unknown[]) => Expect {
    return (...expects) => this.module.mergeExpects(...expects).configure({ timeout: timeoutMs });
  }

  setTestInfo(testInfo: object | null): void {
    this.module.setExpectConfig({ ...this.initial, testInfo });
  }
}
