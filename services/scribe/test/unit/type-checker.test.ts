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

  test('a spec that type-checked is known again under other titles; an error under a known title is still found', () => {
    assert.deepEqual(checker.check(OK), []);
    const retitled = OK.replace("'Login'", "'Sign in with the \\'demo\\' account'").replace(
      'signs in',
      'logs in',
    );
    assert.deepEqual(checker.check(retitled), []);
    const broken = retitled.replace("getByLabel('Password')", "getByLabel('Password', 42)");
    assert.ok(
      checker.check(broken).some((d) => d.line === 8),
      'the error on line 8 is found, though the titles are the ones of a spec that type-checked',
    );
  });
});
