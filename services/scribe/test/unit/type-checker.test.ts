import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTypeChecker } from '../../src/validation/type-checker';
import { createValidator } from '../../src/validation/validator';

const OK = `import { test, expect } from '@playwright/test';

const PASSWORD = process.env.E2E_PASSWORD ?? 'demo-pass';

test.describe('Login', () => {
  test('signs in', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { name: 'Welcome' })).toBeVisible();
  });
});
`;

describe('type check against @playwright/test', { timeout: 60_000 }, () => {
  const checker = createTypeChecker();

  test('a correct spec has no diagnostics', () => {
    assert.deepEqual(checker.check(OK), []);
  });

  test('a type error is reported with its line, and the validator rejects the spec', () => {
    const bad = OK.replace('.click();', '.clickk();').replace('toBeVisible()', "toBeVisible(42, 'x', 3)");
    const diags = checker.check(bad);
    assert.ok(
      diags.some((d) => d.code === 2551 && d.line === 9 && /clickk/.test(d.message)),
      JSON.stringify(diags),
    );
    const report = createValidator(checker).validate(bad, { typeCheck: true });
    assert.equal(report.accepted, false);
    assert.equal(report.typeChecked, true);
    assert.ok(report.typeDiagnostics.length >= 1);
    assert.equal(report.findings.length, 0, 'the critic itself has nothing against it');
  });

  test('after the first check, a check costs tens of milliseconds', () => {
    checker.check(OK);
    const started = performance.now();
    for (let i = 0; i < 5; i++) checker.check(OK.replace('signs in', `signs in ${i}`));
    const each = (performance.now() - started) / 5;
    assert.ok(each < 1000, `${each} ms per check`);
  });
});
