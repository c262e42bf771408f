// Specs with a known verdict, shared by the runner's tests and the parity test against
// `npx playwright test`. Each is ordinary @playwright/test code.

export interface SpecCase {
  name: string;
  source: string;
  /** Verdict and per-test statuses both runners must produce. */
  status: 'pass' | 'fail' | 'timeout' | 'error';
  tests: { titlePath: string[]; status: 'passed' | 'failed' | 'timedOut' | 'skipped' }[];
  /** Spec fails to load: Playwright aborts its whole run on such a file, so it is run separately. */
  loadError?: boolean;
}

export const SPECS: SpecCase[] = [
  {
    name: 'pass.spec.ts',
    status: 'pass',
    tests: [{ titlePath: ['signs in'], status: 'passed' }],
    source: `import { test, expect } from '@playwright/test';

test('signs in', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill('ann@example.com');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('#status')).toHaveText('Signed in as ann@example.com');
});
`,
  },
  {
    name: 'assertion-fail.spec.ts',
    status: 'fail',
    tests: [{ titlePath: ['shows the wrong heading'], status: 'failed' }],
    source: `import { test, expect } from '@playwright/test';

test('shows the wrong heading', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Goodbye', { timeout: 500 });
});
`,
  },
  {
    name: 'missing-element.spec.ts',
    status: 'fail',
    tests: [{ titlePath: ['clicks a button that does not exist'], status: 'failed' }],
    source: `import { test } from '@playwright/test';

test('clicks a button that does not exist', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Checkout now' }).click({ timeout: 500 });
});
`,
  },
  {
    name: 'timeout.spec.ts',
    status: 'timeout',
    tests: [{ titlePath: ['waits forever'], status: 'timedOut' }],
    source: `import { test } from '@playwright/test';

test('waits forever', async ({ page }) => {
  test.setTimeout(1000);
  await page.goto('/');
  await page.waitForSelector('#never-there');
});
`,
  },
  {
    name: 'syntax-error.spec.ts',
    status: 'error',
    tests: [],
    loadError: true,
    source: `import { test } from '@playwright/test';

test('broken', async ({ page }) => {
  await page.goto('/';
});
`,
  },
  {
    name: 'thrown-error.spec.ts',
    status: 'fail',
    tests: [{ titlePath: ['throws'], status: 'failed' }],
    source: `import { test } from '@playwright/test';

test('throws', async ({ page }) => {
  await page.goto('/');
  const cart: { items?: string[] } = {};
  if (!cart.items) throw new Error('cart has no items');
});
`,
  },
  {
    name: 'nested.spec.ts',
    status: 'pass',
    tests: [
      { titlePath: ['shop', 'home', 'has a heading'], status: 'passed' },
      { titlePath: ['shop', 'home', 'sign-in form', 'has a Log in button'], status: 'passed' },
      { titlePath: ['shop', 'about page'], status: 'passed' },
    ],
    source: `import { test, expect } from '@playwright/test';

test.describe('shop', () => {
  test.describe('home', () => {
    test.beforeEach(async ({ page }) => {
      await page.goto('/');
    });
    test('has a heading', async ({ page }) => {
      await expect(page.getByRole('heading', { name: 'Welcome to the shop' })).toBeVisible();
    });
    test.describe('sign-in form', () => {
      test('has a Log in button', async ({ page }) => {
        await test.step('find the button', async () => {
          await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
        });
      });
    });
  });
  test('about page', async ({ page }) => {
    await page.goto('/about');
    await expect(page).toHaveTitle('About');
  });
});
`,
  },
  {
    name: 'several.spec.ts',
    status: 'fail',
    tests: [
      { titlePath: ['first passes'], status: 'passed' },
      { titlePath: ['second fails'], status: 'failed' },
      { titlePath: ['third passes'], status: 'passed' },
      { titlePath: ['fourth is skipped'], status: 'skipped' },
    ],
    source: `import { test, expect } from '@playwright/test';

test('first passes', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Test Shop');
});

test('second fails', async ({ page }) => {
  await page.goto('/');
  expect(await page.getByRole('listitem').count()).toBe(3);
});

test('third passes', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(await res.json()).toEqual({ ok: true });
});

test.skip('fourth is skipped', async () => {});
`,
  },
  {
    name: 'hooks-and-modifiers.spec.ts',
    status: 'fail',
    tests: [
      { titlePath: ['group', 'g1'], status: 'failed' },
      { titlePath: ['group', 'g2'], status: 'skipped' },
      { titlePath: ['serial', 's1'], status: 'failed' },
      { titlePath: ['serial', 's2'], status: 'skipped' },
      { titlePath: ['expected to fail'], status: 'failed' },
      { titlePath: ['skips itself'], status: 'skipped' },
      { titlePath: ['after'], status: 'passed' },
    ],
    source: `import { test, expect } from '@playwright/test';

test.describe('group', () => {
  test.beforeAll(() => {
    throw new Error('hook boom');
  });
  test('g1', async () => {});
  test('g2', async () => {});
});

test.describe.serial('serial', () => {
  test('s1', async () => {
    expect(1).toBe(2);
  });
  test('s2', async () => {});
});

test('expected to fail', async () => {
  test.fail();
  expect('a').toBe('b');
});

test('skips itself', async () => {
  test.skip(true, 'not today');
});

test('after', async ({ page }) => {
  await page.goto('/about');
  await expect(page.getByRole('heading')).toHaveText('About us');
});
`,
  },
  {
    name: 'step-skip.spec.ts',
    status: 'pass',
    tests: [{ titlePath: ['skips what a step says to skip'], status: 'passed' }],
    source: `import { test, expect } from '@playwright/test';

test('skips what a step says to skip', async ({ page }) => {
  await page.goto('/');
  await test.step('open the cart', async (step) => {
    step.skip(true, 'the shop has no cart yet');
    await page.getByRole('button', { name: 'Checkout now' }).click({ timeout: 500 });
  });
  await test.step.skip('pay', async () => {
    throw new Error('a skipped step does not run');
  });
  await test.step('check the heading', async (step) => {
    step.skip(false, 'never skipped');
    await test.step('inner', async (inner) => {
      inner.skip();
      throw new Error('the rest of a skipped step does not run');
    });
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the shop');
  });
});
`,
  },
  {
    name: 'step-options.spec.ts',
    status: 'fail',
    tests: [
      { titlePath: ['fails a step past its timeout'], status: 'failed' },
      { titlePath: ['points a boxed step failure at its caller'], status: 'failed' },
    ],
    source: `import { test, expect, type Page } from '@playwright/test';

test('fails a step past its timeout', async ({ page }) => {
  await page.goto('/');
  await test.step(
    'wait for a missing element',
    async () => {
      await page.waitForSelector('#never-there');
    },
    { timeout: 300 },
  );
});

async function checkSignedIn(page: Page) {
  await test.step(
    'check signed in',
    async () => {
      await expect(page.locator('#status')).toHaveText('Signed in', { timeout: 300 });
    },
    { box: true },
  );
}

test('points a boxed step failure at its caller', async ({ page }) => {
  await page.goto('/');
  await checkSignedIn(page);
});
`,
  },
  {
    name: 'skip-conditions.spec.ts',
    status: 'pass',
    tests: [
      { titlePath: ['slow checks', 'runs unless SKIP_SLOW_CHECKS is set'], status: 'passed' },
      { titlePath: ['checkout', 'pays'], status: 'skipped' },
      { titlePath: ['admin', 'lists users'], status: 'skipped' },
      { titlePath: ['admin', 'adds a user'], status: 'skipped' },
      { titlePath: ['about page'], status: 'passed' },
    ],
    source: `import { test, expect } from '@playwright/test';

test.describe('slow checks', () => {
  // A condition that is not a boolean: unset, so nothing is skipped.
  test.skip(process.env.SKIP_SLOW_CHECKS, 'slow');
  test('runs unless SKIP_SLOW_CHECKS is set', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the shop');
  });
});

test.describe('checkout', () => {
  test.fixme('checkout is being redesigned');
  test('pays', async () => {
    throw new Error('a fixme describe does not run');
  });
});

test.describe('admin', () => {
  test.beforeAll(async ({ request }) => {
    const health = await (await request.get('/api/health')).json();
    test.skip(health.admin !== true, 'this shop has no admin pages');
  });
  test('lists users', async () => {
    throw new Error('skipped in beforeAll, so it does not run');
  });
  test('adds a user', async () => {
    throw new Error('skipped in beforeAll, so it does not run');
  });
});

test('about page', async ({ page }) => {
  await page.goto('/about');
  await expect(page).toHaveTitle('About');
});
`,
  },
  {
    name: 'after-all-failure.spec.ts',
    status: 'fail',
    tests: [
      { titlePath: ['with a cleanup that fails', 'signs in'], status: 'failed' },
      { titlePath: ['about page'], status: 'passed' },
    ],
    source: `import { test, expect } from '@playwright/test';

test.describe('with a cleanup that fails', () => {
  test.afterAll(async ({ request }) => {
    const res = await request.delete('/api/users/ann');
    expect(res.ok()).toBe(true);
  });
  test('signs in', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Email').fill('ann@example.com');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('#status')).toHaveText('Signed in as ann@example.com');
  });
});

test('about page', async ({ page }) => {
  await page.goto('/about');
  await expect(page).toHaveTitle('About');
});
`,
  },
  {
    // Playwright reports the worker fixture's tear-down error at the end of the run as an error of the
    // run, outside any test: the test passed and the run failed.
    name: 'worker-teardown.spec.ts',
    status: 'fail',
    tests: [{ titlePath: ['uses the account'], status: 'passed' }],
    source: `import { test as base, expect } from '@playwright/test';

const test = base.extend<{}, { account: string }>({
  account: [async ({}, use) => { await use('ann'); throw new Error('could not delete the account'); }, { scope: 'worker' }],
});

test('uses the account', async ({ page, account }) => {
  await page.goto('/');
  expect(account).toBe('ann');
});
`,
  },
  {
    name: 'top-level-throw.spec.ts',
    status: 'error',
    tests: [],
    loadError: true,
    source: `import { test } from '@playwright/test';

const config = JSON.parse('{not json');
test('never declared', async () => { void config; });
`,
  },
];

export const INFINITE_LOOP = `import { test } from '@playwright/test';

test('spins', async ({ page }) => {
  await page.goto('/');
  while (true) {}
});
`;

export const OFF_ALLOW_LIST = `import { test, expect } from '@playwright/test';

test('loads a page with external assets', async ({ page }) => {
  await page.goto('/external');
  await expect(page.getByRole('heading', { name: 'External assets' })).toBeVisible();
});
`;

export const SLOW_PASS = `import { test } from '@playwright/test';

test('takes a while', async ({ page }) => {
  await page.goto('/');
  await page.waitForTimeout(4000);
});
`;

export const NOISY_PAGE = `import { test, expect } from '@playwright/test';

test('visits a noisy page', async ({ page }) => {
  await page.goto('/noisy');
  await expect(page.getByRole('heading', { name: 'Noisy page' })).toBeVisible();
  await page.waitForFunction(() => document.readyState === 'complete');
});
`;

/** The source of the spec case called `name`. */
export function specSource(name: string): string {
  const found = SPECS.find((s) => s.name === name);
  if (!found) throw new Error(`no spec case ${name}`);
  return found.source;
}
