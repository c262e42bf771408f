import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { critique } from '../../src/domain/critic';

const spec = (body: string, head = ''): string => `import { test, expect } from '@playwright/test';
${head}
test.describe('Feature', () => {
  test('works', async ({ page }) => {
${body}
  });
});
`;

const GOOD = spec(`    await page.goto('/login');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Welcome')).toBeVisible();`);

const rules = (source: string, baseUrl?: string): string[] =>
  critique(source, baseUrl ? { baseUrl } : {}).findings.map((f) => `${f.ruleId}:${f.severity}`);

describe('critic', () => {
  test('accepts an ordinary grounded spec', () => {
    const r = critique(GOOD);
    assert.equal(r.accepted, true);
    assert.deepEqual(r.findings, []);
    assert.equal(r.stepCount, 2);
    assert.equal(r.estimatedDurationMs, 4000);
  });

  test('rejects index selectors, generated classes, fixed sleeps, force and hard-coded hosts, with lines', () => {
    const src = spec(`    await page.goto('http://localhost:3000/login');
    await page.locator('li').nth(2).click();
    await page.locator('.css-1x2y3z').click({ force: true });
    await page.waitForTimeout(500);
    await expect(page.getByText('Welcome')).toBeVisible();`);
    const r = critique(src);
    assert.equal(r.accepted, false);
    assert.deepEqual(
      r.findings.map((f) => [f.ruleId, f.line]),
      [
        ['no-hardcoded-host', 5],
        ['no-nth', 6],
        ['no-generated-class', 7],
        ['no-force', 7],
        ['no-wait-for-timeout', 8],
      ],
    );
    assert.ok(r.findings.every((f) => f.severity === 'reject' && f.message.length > 20 && f.excerpt !== ''));
  });

  test("the base URL's own host is a hard-coded host too; relative paths are fine", () => {
    const src = spec(`    await page.goto('/x');
    await page.getByRole('link', { name: 'Home' }).click();
    await expect(page).toHaveURL('http://shop.test:8080/');`);
    assert.deepEqual(rules(src, 'http://shop.test:8080'), ['no-hardcoded-host:reject']);
    assert.deepEqual(rules(GOOD, 'http://shop.test:8080'), []);
  });

  test('credentials: literal secrets reject, env-overridable constants are the accepted form', () => {
    const inline = spec(`    await page.goto('/login');
    await page.getByLabel('Password').fill('hunter2');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Welcome')).toBeVisible();`);
    assert.deepEqual(rules(inline), ['no-hardcoded-credentials:reject']);
    const constant = spec(
      `    await page.goto('/login');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Welcome')).toBeVisible();`,
      "const PASSWORD = process.env.E2E_PASSWORD ?? 'hunter2';",
    );
    assert.deepEqual(rules(constant), []);
    const literalConst = constant.replace("process.env.E2E_PASSWORD ?? 'hunter2'", "'hunter2'");
    assert.deepEqual(rules(literalConst), ['no-hardcoded-credentials:reject']);
    const token = GOOD.replace("'Welcome'", "'sk-ant-abcdefghijklmnopqrstuvwx'");
    assert.deepEqual(rules(token), ['no-hardcoded-credentials:reject']);
  });

  test('a spec without expect, or with nothing asserted after its last action, is rejected', () => {
    assert.deepEqual(
      rules(
        spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Go' }).click();`),
      ),
      ['require-assertion:reject', 'require-outcome-assertion:reject'],
    );
    assert.deepEqual(
      rules(
        spec(`    await page.goto('/');
    await expect(page.getByText('Hi')).toBeVisible();
    await page.getByRole('button', { name: 'Go' }).click();`),
      ),
      ['require-outcome-assertion:reject'],
    );
  });

  test('only checking that a page loaded is not an outcome', () => {
    assert.deepEqual(
      rules(
        spec(`    await page.goto('/');
    await expect(page).toHaveTitle(/Shop/);`),
      ),
      ['require-outcome-assertion:reject'],
    );
  });

  test('fixed defect: too many steps and a long estimate are warnings that do not reject', () => {
    const body = Array.from(
      { length: 31 },
      (_, i) => `    await page.getByRole('button', { name: 'B${i}' }).click();`,
    ).join('\n');
    const r = critique(spec(`${body}\n    await expect(page.getByText('done')).toBeVisible();`));
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId}:${f.severity}`),
      ['too-many-steps:warning', 'too-long:warning'],
    );
    assert.equal(r.accepted, true);
    assert.equal(r.stepCount, 31);
    assert.equal(r.estimatedDurationMs, 62_000);
  });

  test('comments and unrelated strings do not trigger rules (the original matched lines)', () => {
    const src = spec(`    // never use waitForTimeout or .nth(0) or localhost here
    await page.goto('/');
    await page.getByRole('button', { name: 'force: true' }).click();
    await expect(page.getByText('Welcome')).toBeVisible();`);
    assert.deepEqual(rules(src), []);
  });

  test('more than one describe is a warning', () => {
    assert.deepEqual(
      rules(
        `${GOOD}\ntest.describe('again', () => { test('x', async ({ page }) => { await page.goto('/'); await page.getByRole('button').click(); await expect(page.getByText('y')).toBeVisible(); }); });\n`,
      ),
      ['one-describe:warning'],
    );
  });
});
