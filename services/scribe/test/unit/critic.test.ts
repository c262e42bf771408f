import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { critique } from '../../src/domain/critic';
import { renderSpec } from '../../src/domain/spec-writer';

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

/** An awaited expectation of the outcome, as a statement. */
const SAVED_LINE = "await expect(page.getByText('Saved')).toBeVisible();";

const rules = (source: string, baseUrl?: string): string[] =>
  critique(source, baseUrl ? { baseUrl } : {}).findings.map((f) => `${f.ruleId}:${f.severity}`);

/** A spec that clicks Save and then runs `lines` has no assertion on the feature's outcome. */
function assertsNothing(lines: string): void {
  assert.deepEqual(
    rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n${lines}`)),
    ['require-assertion:reject', 'require-outcome-assertion:reject'],
    lines,
  );
}

/** A spec that opens the page, clicks Save and then runs `lines` passes every rule. */
function assertsTheOutcome(lines: string): void {
  assert.deepEqual(
    rules(
      spec(
        `    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n${lines}`,
      ),
    ),
    [],
    lines,
  );
}

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

  test("the base URL's host counts on any port or none; a one-label host only with its port", () => {
    const expectUrl = (url: string): string =>
      spec(`    await page.getByRole('link', { name: 'Apply' }).click();
    await expect(page).toHaveURL('${url}');`);
    assert.deepEqual(
      rules(expectUrl('https://staging.example.com/done'), 'https://staging.example.com:8443'),
      ['no-hardcoded-host:reject'],
    );
    assert.deepEqual(rules(expectUrl('/done'), 'https://staging.example.com:8443'), []);
    // "app" is also a word ("Apply", "mapping"): in a cluster it is a host only with its port.
    assert.deepEqual(rules(expectUrl('/mapping/app-settings'), 'http://app:3000'), []);
    assert.deepEqual(rules(expectUrl('http://app:3000/done'), 'http://app:3000'), [
      'no-hardcoded-host:reject',
    ]);
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

  test('an expect without a matcher call asserts nothing', () => {
    const dangling = spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(page.getByText('Saved'));`);
    assert.deepEqual(rules(dangling), ['require-assertion:reject', 'require-outcome-assertion:reject']);
    const uncalled = spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    void expect(page.getByText('Saved')).toBeVisible;`);
    assert.deepEqual(rules(uncalled), ['require-assertion:reject', 'require-outcome-assertion:reject']);
    const notOnly = spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(page.getByText('Saved')).not;`);
    assert.deepEqual(rules(notOnly), ['require-assertion:reject', 'require-outcome-assertion:reject']);
  });

  test('an expect of a constant asserts nothing', () => {
    for (const tautology of [
      'expect(true).toBe(true)',
      "expect('x').toBeTruthy()",
      'expect(-1).toBeLessThan(0)',
    ])
      assertsNothing(`    ${tautology};`);
  });

  test('an expect of a value built of constants only asserts nothing', () => {
    for (const tautology of [
      'expect(1 + 1).toBe(2)',
      'expect(`a${1}`).toBe("a1")',
      'expect([]).toEqual([])',
      'expect({ ok: true }).toBeTruthy()',
      'expect(!false).toBe(true)',
      'expect(void 0).toBeUndefined()',
    ])
      assertsNothing(`    ${tautology};`);
  });

  test('asking whether the page or a locator exists asserts nothing: a Locator is there whatever the page shows', () => {
    for (const tautology of [
      "expect(page.getByRole('dialog')).toBeTruthy()",
      "expect(page.getByText('Saved').first()).toBeDefined()",
      "expect(page.locator('#toast')).not.toBeNull()",
      'expect(page).toBeTruthy()',
      "expect(page.frameLocator('iframe').getByText('Paid')).not.toBeUndefined()",
      'expect(saved).toBeTruthy()',
    ])
      assertsNothing(`    const saved = page.getByText('Saved');\n    ${tautology};`);
    // What the page answers, awaited, is a real check; so is any web-first matcher on a locator.
    for (const real of [
      "expect(await page.getByText('Saved').isVisible()).toBeTruthy()",
      "expect(await page.getByRole('alert').textContent()).toBeTruthy()",
      'await expect(saved).toBeVisible()',
      'await expect(page).toHaveURL(/saved/)',
    ])
      assertsTheOutcome(`    const saved = page.getByText('Saved');\n    ${real};`);
  });

  test('a web-first expectation that is not awaited checks nothing and rejects the spec', () => {
    for (const floating of [
      "expect(page.getByText('Saved')).toBeVisible();",
      "expect(page.getByText('Saved')).not.toBeHidden();",
      'expect(page).toHaveURL(/saved/);',
      "void expect(page.getByRole('status')).toHaveText('Saved');",
      "expect.poll(async () => (await page.getByText('Saved').count())).toBe(1);",
      "expect(page.getByText('Saved').isVisible()).resolves.toBe(true);",
      "Promise.all([expect(page.getByText('Saved')).toBeVisible()]);",
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${floating}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        floating,
      );
    // Awaited, returned or handed to Promise.all, and plain value matchers, are real checks.
    for (const real of [
      "await expect(page.getByText('Saved')).toBeVisible();",
      "await Promise.all([expect(page.getByText('Saved')).toBeVisible(), expect(page).toHaveURL(/saved/)]);",
      "expect(await page.getByText('Saved').count()).toBe(1);",
      "return expect(page.getByText('Saved')).toBeVisible();",
    ])
      assertsTheOutcome(`    ${real}`);
  });

  test('an expectation whose failure is caught asserts nothing', () => {
    for (const swallowed of [
      "await expect(page.getByText('Saved')).toBeVisible().catch(() => {});",
      "await expect(page.getByText('Saved')).toBeVisible().then(() => {}, () => {});",
      "try { await expect(page.getByText('Saved')).toBeVisible(); } catch { /* fine */ }",
      "try { await expect(page.getByText('Saved')).toBeVisible(); } catch (e) { console.log(e); }",
    ])
      assertsNothing(`    ${swallowed}`);
    // A catch that throws again, and try/finally, let the failure through.
    for (const real of [
      "try { await expect(page.getByText('Saved')).toBeVisible(); } catch (e) { await page.screenshot(); throw e; }",
      "try { await expect(page.getByText('Saved')).toBeVisible(); } finally { await page.screenshot(); }",
    ])
      assertsTheOutcome(`    ${real}`);
  });

  test('a skipped test or one expected to fail is rejected: the run would prove nothing', () => {
    const body = `async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved')).toBeVisible();
  }`;
    const head = "import { test, expect } from '@playwright/test';\n";
    for (const [name, source] of [
      ['test.fixme', `${head}test.describe('F', () => {\n  test.fixme('works', ${body});\n});\n`],
      ['test.fail', `${head}test.describe('F', () => {\n  test.fail('works', ${body});\n});\n`],
      ['describe.skip', `${head}test.describe.skip('F', () => {\n  test('works', ${body});\n});\n`],
      ['describe.fixme', `${head}test.describe.fixme('F', () => {\n  test('works', ${body});\n});\n`],
      [
        'skip in a hook',
        `${head}test.describe('F', () => {\n  test.beforeEach(() => { test.skip(); });\n  test('works', ${body});\n});\n`,
      ],
      [
        'skip in the test',
        spec(
          `    test.skip(true, 'later');\n    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await expect(page.getByText('Saved')).toBeVisible();`,
        ),
      ],
      [
        'fail in the test',
        spec(
          `    test.fail();\n    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await expect(page.getByText('Saved')).toBeVisible();`,
        ),
      ],
      [
        'test.info().fixme',
        spec(
          `    test.info().fixme();\n    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await expect(page.getByText('Saved')).toBeVisible();`,
        ),
      ],
    ]) {
      const r = critique(source ?? '');
      assert.equal(r.accepted, false, name);
      assert.ok(
        r.findings.some((f) => f.ruleId === 'no-skip' && f.severity === 'reject' && f.line > 0),
        `${name}: ${JSON.stringify(r.findings)}`,
      );
    }
  });

  test('an expect inside a function that is never run asserts nothing', () => {
    const arrow = spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    const check = async () => {
      await expect(page.getByText('Saved')).toBeVisible();
    };`);
    assert.deepEqual(rules(arrow), ['require-assertion:reject', 'require-outcome-assertion:reject']);
    const declaration = spec(`    await page.goto('/');
    await page.getByRole('button', { name: 'Save' }).click();
    async function check(): Promise<void> {
      await expect(page.getByText('Saved')).toBeVisible();
    }`);
    assert.deepEqual(rules(declaration), ['require-assertion:reject', 'require-outcome-assertion:reject']);
    const handler = spec(`    await page.goto('/');
    page.on('dialog', async function (d) {
      expect(d.message()).toBe('Saved');
    });
    await page.getByRole('button', { name: 'Save' }).click();`);
    assert.deepEqual(rules(handler), ['require-assertion:reject', 'require-outcome-assertion:reject']);
    // An earlier, reachable assertion does not make an unreachable later one count as the outcome.
    const earlier = spec(`    await page.goto('/');
    await expect(page.getByText('Hi')).toBeVisible();
    await page.getByRole('button', { name: 'Save' }).click();
    const check = async () => {
      await expect(page.getByText('Saved')).toBeVisible();
    };`);
    assert.deepEqual(rules(earlier), ['require-outcome-assertion:reject']);
  });

  const SAVED = "await expect(page.getByText('Saved')).toBeVisible()";

  test('an expect under a condition that is always false asserts nothing', () => {
    for (const dead of [
      `if (false) { ${SAVED}; }`,
      `if (0) ${SAVED};`,
      `if (!true) { ${SAVED}; }`,
      `if ('') { ${SAVED}; }`,
      `if (null) { ${SAVED}; }`,
      `if (void page) { ${SAVED}; }`,
      `if (1 > 2) { ${SAVED}; }`,
      `if ('a' === 'b') { ${SAVED}; }`,
      `if (undefined != null) { ${SAVED}; }`,
      `if (2 ** 3 < 8) { ${SAVED}; }`,
      `if (false as boolean) { ${SAVED}; }`,
      `if (page && false) { ${SAVED}; }`,
      `if (true) { await page.screenshot(); } else { ${SAVED}; }`,
      `while (false) { ${SAVED}; }`,
      `while (0) ${SAVED};`,
      `for (; false; ) { ${SAVED}; }`,
      `for (const item of []) { ${SAVED}; }`,
      `false && (${SAVED});`,
      `0 && (${SAVED});`,
      `true || (${SAVED});`,
      `'ok' ?? (${SAVED});`,
      `const shown = false ? ${SAVED} : null;`,
    ])
      assertsNothing(`    ${dead}`);
    // A `const` bound to a constant is one too, also through another `const`.
    assertsNothing(`    const DEBUG = false;\n    if (DEBUG) { ${SAVED}; }`);
    assertsNothing(`    const ON = 0;\n    const CHECK = ON > 0;\n    if (CHECK) { ${SAVED}; }`);
  });

  test('the require-assertion finding says when every expect is in code that never runs', () => {
    const message = (lines: string): string | undefined =>
      critique(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n${lines}`)).findings.find(
        (f) => f.ruleId === 'require-assertion',
      )?.message;
    assert.match(message(`    if (false) { ${SAVED}; }`) ?? '', /No expect\(\.\.\.\) in the spec ever runs/);
    assert.match(message(`    return;\n    ${SAVED};`) ?? '', /ever runs/);
    assert.match(message('    await page.screenshot();') ?? '', /asserts nothing/);
  });

  test('an expect after a return or throw that always happens asserts nothing', () => {
    for (const dead of [
      `return;\n    ${SAVED};`,
      `throw new Error('not yet');\n    ${SAVED};`,
      `{\n      return;\n    }\n    ${SAVED};`,
      `if (true) return;\n    ${SAVED};`,
      `if (page.url()) return;\n    else throw new Error('no url');\n    ${SAVED};`,
      `try {\n      return;\n    } finally {\n      await page.screenshot();\n    }\n    ${SAVED};`,
      `try {\n      throw new Error('x');\n    } catch {\n      return;\n    }\n    ${SAVED};`,
      `for (const name of ['Saved']) {\n      continue;\n      await expect(page.getByText(name)).toBeVisible();\n    }`,
      `await test.step('check', async () => {\n      return;\n      ${SAVED};\n    });`,
    ])
      assertsNothing(`    ${dead}`);
  });

  test('an expect in a helper of the spec counts only where the helper is called, awaited, from code that runs', () => {
    const helper = `async function expectSaved(): Promise<void> {\n      ${SAVED};\n    }`;
    for (const [name, lines] of [
      [
        'called only from a helper nobody calls',
        `${helper}\n    async function unused(): Promise<void> {\n      await expectSaved();\n    }`,
      ],
      ['called under if (false)', `${helper}\n    if (false) await expectSaved();`],
      ['called after return', `${helper}\n    return;\n    await expectSaved();`],
      ['its failure caught', `${helper}\n    await expectSaved().catch(() => undefined);`],
      [
        'its failure caught by try',
        `${helper}\n    try {\n      await expectSaved();\n    } catch {\n      // fine\n    }`,
      ],
      [
        'only calling itself',
        `async function again(): Promise<void> {\n      await again();\n      ${SAVED};\n    }`,
      ],
      ['called from an event handler', `${helper}\n    page.on('load', () => expectSaved());`],
      [
        'a let (not a helper the critic follows)',
        `let check = async () => {\n      ${SAVED};\n    };\n    await check();`,
      ],
      [
        'a method of an object (not a helper the critic follows)',
        `const checks = {\n      async saved() {\n        ${SAVED};\n      },\n    };\n    await checks.saved();`,
      ],
    ] as const)
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n${`    ${lines}`}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject'],
        name,
      );
  });

  test('a helper that asserts, called without await, checks nothing: await-assertion, and its expectations do not count', () => {
    const helper = `async function checkCart(): Promise<void> {\n      ${SAVED};\n    }`;
    for (const dropped of [
      `${helper}\n    checkCart();`,
      `${helper}\n    void checkCart();`,
      `${helper}\n    checkCart().then(() => undefined);`,
      `${helper}\n    Promise.all([checkCart(), page.getByText('Saved').isVisible()]);`,
      // not async, but handing back a web-first expectation
      `const checkCart = () => expect(page.getByText('Saved')).toBeVisible();\n    checkCart();`,
      `function checkCart() {\n      return expect(page.getByText('Saved')).toBeVisible();\n    }\n    checkCart();`,
      // the assertion is in a helper the dropped one awaits
      `${helper}\n    const checkAll = () => checkCart();\n    checkAll();`,
      `${helper}\n    async function checkAll(): Promise<void> {\n      await checkCart();\n    }\n    checkAll();`,
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${dropped}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        dropped,
      );
    // Another assertion made the spec look fine: the dropped call is still rejected, and its
    // expectations are not what checks the outcome after the last action.
    const top = `async function checkCart(page: Page): Promise<void> {\n  ${SAVED};\n}`;
    const report = critique(
      spec(
        "    await page.goto('/');\n    await page.getByRole('button', { name: 'Add to cart' }).click();\n    checkCart(page);\n    await expect(page).toHaveURL(/cart/);",
        top,
      ),
    );
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.line, f.excerpt]),
      [['await-assertion', 'reject', 9, 'checkCart(page)']],
    );
    assert.match(report.findings[0]?.message ?? '', /not awaited.*write await checkCart\(\.\.\.\)/);
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    ${helper}\n    await expect(page.getByText('Ready')).toBeVisible();\n    await page.getByRole('button', { name: 'Save' }).click();\n    checkCart();`,
        ),
      ),
      ['require-outcome-assertion:reject', 'await-assertion:reject'],
    );
    // Awaited, returned, awaited through Promise.all or a step: checked, no finding.
    for (const awaited of [
      'await checkCart();',
      'return checkCart();',
      'await Promise.all([checkCart(), expect(page).toHaveURL(/saved/)]);',
      "await test.step('cart', checkCart);",
      'await checkCart().then(() => undefined);',
    ])
      assertsTheOutcome(`    ${helper}\n    ${awaited}`);
    // A helper that hands back no promise or asserts nothing is no un-awaited assertion.
    for (const other of [
      `const expectOne = (n: number) => expect(n).toBe(1);\n    expectOne(await page.getByText('Saved').count());`,
      `async function save(): Promise<void> {\n      await page.getByRole('button', { name: 'Save' }).click();\n    }\n    save();\n    ${SAVED};`,
      `async function check(): Promise<void> {\n      if (false) ${SAVED};\n    }\n    check();\n    ${SAVED};`,
    ])
      assert.ok(
        !rules(spec(`    await page.goto('/');\n    ${other}`)).includes('await-assertion:reject'),
        other,
      );
  });

  test('an expectation handed to Promise.allSettled checks nothing: no-swallowed-assertion, and it does not count', () => {
    const helper = `async function checkCart(): Promise<void> {\n      ${SAVED};\n    }`;
    const step = `test.step('cart', async () => {\n      ${SAVED};\n    })`;
    for (const settled of [
      "await Promise.allSettled([expect(page.getByText('Saved')).toBeVisible()]);",
      "await Promise.allSettled([page.getByText('Saved').isVisible(), expect(page).toHaveURL(/saved/)]);",
      "Promise.allSettled([expect(page.getByText('Saved')).toBeVisible()]);",
      "void Promise.allSettled([expect(page.getByText('Saved')).toBeVisible()]);",
      "await Promise.allSettled([Promise.all([expect(page.getByText('Saved')).toBeVisible()])]);",
      "await Promise.allSettled([expect.poll(async () => page.getByText('Saved').count()).toBe(1)]);",
      // an asserting helper, or a step that asserts
      `${helper}\n    await Promise.allSettled([checkCart()]);`,
      `const checkCart = () => expect(page.getByText('Saved')).toBeVisible();\n    await Promise.allSettled([checkCart()]);`,
      `await Promise.allSettled([${step}]);`,
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${settled}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'no-swallowed-assertion:reject'],
        settled,
      );
    // Another assertion made the spec look fine: each settled check is still rejected, and none of
    // them is what checks the outcome after the last action.
    const report = critique(
      spec(
        "    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await Promise.allSettled([\n      expect(page.getByText('Saved')).toBeVisible(),\n      expect(page).toHaveURL(/saved/),\n    ]);\n    await expect(page.getByRole('status')).toHaveText('Saved');",
      ),
    );
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.line, f.excerpt]),
      [
        ['no-swallowed-assertion', 'reject', 8, "expect(page.getByText('Saved'))"],
        ['no-swallowed-assertion', 'reject', 9, 'expect(page)'],
      ],
    );
    assert.match(
      report.findings[0]?.message ?? '',
      /Promise\.allSettled.*checks nothing.*await Promise\.all/,
    );
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    ${helper}\n    await expect(page.getByText('Ready')).toBeVisible();\n    await page.getByRole('button', { name: 'Save' }).click();\n    await Promise.allSettled([checkCart(), ${step}]);`,
        ),
      ),
      ['require-outcome-assertion:reject', 'no-swallowed-assertion:reject', 'no-swallowed-assertion:reject'],
    );
    // Promise.all fails when one fails; a plain matcher throws before allSettled is called; a failed
    // expect.soft fails the test without rejecting; outcomes the test reads are checked there.
    for (const real of [
      `${helper}\n    await Promise.all([checkCart(), ${step}, expect(page).toHaveURL(/saved/)]);`,
      "await Promise.allSettled([expect(await page.getByText('Saved').count()).toBe(1)]);",
      "await Promise.allSettled([expect.soft(page.getByText('Saved')).toBeVisible()]);",
      "const outcomes = await Promise.allSettled([expect(page.getByText('Saved')).toBeVisible()]);\n    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled']);",
    ])
      assertsTheOutcome(`    ${real}`);
  });

  test('a test.step called without await checks nothing: await-assertion, and its expectations do not count', () => {
    const helper = `async function checkCart(): Promise<void> {\n      ${SAVED};\n    }`;
    const step = `test.step('cart', async () => {\n      ${SAVED};\n    })`;
    for (const dropped of [
      `${step};`,
      `void ${step};`,
      `Promise.all([${step}]);`,
      `test.step('cart', () => expect(page.getByText('Saved')).toBeVisible());`,
      // the assertion is in a helper the step runs, or in a step inside it
      `${helper}\n    test.step('cart', checkCart);`,
      `${helper}\n    test.step('cart', async () => {\n      await checkCart();\n    });`,
      `test.step('all', async () => {\n      await ${step};\n    });`,
      // a step the awaited one does not wait for
      `await test.step('all', async () => {\n      ${step};\n    });`,
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${dropped}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        dropped,
      );
    // Another assertion made the spec look fine: the dropped step is still rejected, and its
    // expectations are not what checks the outcome after the last action.
    const report = critique(
      spec(
        `    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    ${step};\n    await expect(page).toHaveURL(/saved/);`,
      ),
    );
    assert.deepEqual(
      report.findings.map((f) => [f.ruleId, f.severity, f.line]),
      [['await-assertion', 'reject', 7]],
    );
    assert.match(report.findings[0]?.excerpt ?? '', /^test\.step\('cart'/);
    assert.match(
      report.findings[0]?.message ?? '',
      /test\.step\(\.\.\.\) is not awaited.*write await test\.step/,
    );
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    await expect(page.getByText('Ready')).toBeVisible();\n    await page.getByRole('button', { name: 'Save' }).click();\n    ${step};`,
        ),
      ),
      ['require-outcome-assertion:reject', 'await-assertion:reject'],
    );
    // Its failure caught: it does not count either (no finding of its own, as for a helper).
    assertsNothing(`    await ${step}.catch(() => undefined);`);
    // Awaited, returned, awaited through Promise.all: checked, no finding.
    for (const awaited of [
      `await ${step};`,
      `return ${step};`,
      `await Promise.all([${step}, expect(page).toHaveURL(/saved/)]);`,
      `${helper}\n    await test.step('cart', checkCart);`,
    ])
      assertsTheOutcome(`    ${awaited}`);
    // A step that asserts nothing is no un-awaited assertion.
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    test.step('save', async () => {\n      await page.getByRole('button', { name: 'Save' }).click();\n    });\n    ${SAVED};`,
        ),
      ),
      [],
    );
  });

  test('an expect in a helper that is called where the test runs counts, in the order it runs', () => {
    for (const lines of [
      `async function expectSaved(): Promise<void> {\n      ${SAVED};\n    }\n    await expectSaved();`,
      // hoisted: declared after the return that ends the test, called before it
      `await expectSaved();\n    return;\n    async function expectSaved(): Promise<void> {\n      ${SAVED};\n    }`,
      `const expectSaved = async () => {\n      ${SAVED};\n    };\n    await expectSaved();`,
      `const expectSaved = () => expect(page.getByText('Saved')).toBeVisible();\n    await expectSaved();`,
      `const expectSaved = async () => {\n      ${SAVED};\n    };\n    await test.step('saved', expectSaved);`,
      `const expectSaved = async () => {\n      ${SAVED};\n    };\n    await test.step('saved', async () => {\n      await expectSaved();\n    });`,
      `const expectSaved = async () => {\n      ${SAVED};\n    };\n    const expectDone = async () => {\n      await expectSaved();\n    };\n    await expectDone();`,
      `const expectSaved = async () => {\n      ${SAVED};\n    };\n    await Promise.all([expectSaved(), expect(page).toHaveURL(/saved/)]);`,
      // a plain function returns nothing to await: calling it as a statement runs its checks
      `function expectCount(n: number): void {\n      expect(n).toBe(1);\n    }\n    expectCount(await page.getByText('Saved').count());`,
      // recursion that is also called from the test
      `async function retry(left: number): Promise<void> {\n      if (left > 0 && !(await page.getByText('Saved').isVisible())) return retry(left - 1);\n      ${SAVED};\n    }\n    await retry(3);`,
    ])
      assertsTheOutcome(`    ${lines}`);
    // A helper at the file's top level, taking the page.
    assert.deepEqual(
      rules(
        spec(
          "    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await expectSaved(page);",
          `async function expectSaved(page: Page): Promise<void> {\n  ${SAVED};\n}`,
        ),
      ),
      [],
    );
    // Its actions count where it is called: one that clicks after the last expectation leaves the
    // outcome unchecked, one that clicks and then checks is fine.
    const save =
      "async function save(): Promise<void> {\n      await page.getByRole('button', { name: 'Save' }).click();\n    }";
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    ${save}\n    await expect(page.getByText('Ready')).toBeVisible();\n    await save();`,
        ),
      ),
      ['require-outcome-assertion:reject'],
    );
    assertsTheOutcome(`    ${save}\n    await save();\n    ${SAVED};`);
    const saveAndCheck = `async function saveAndCheck(): Promise<void> {\n      await page.getByRole('button', { name: 'Save' }).click();\n      ${SAVED};\n    }`;
    assert.deepEqual(
      rules(spec(`    await page.goto('/');\n    ${saveAndCheck}\n    await saveAndCheck();`)),
      [],
    );
    // Where helpers are in, navigation alone is no longer all the test does.
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    ${save}\n    await save();\n    await expect(page).toHaveURL(/saved/);`,
        ),
      ),
      [],
    );
  });

  test('expectations in code that runs still count: ordinary branches, loops, and constants that hold', () => {
    for (const lines of [
      `if (await page.getByRole('dialog').isVisible()) {\n      ${SAVED};\n    }`,
      `if (process.env.CI) {\n      await page.screenshot();\n    } else {\n      ${SAVED};\n    }`,
      `if (false) {\n      await page.screenshot();\n    } else {\n      ${SAVED};\n    }`,
      `if (page.url().endsWith('/done')) return;\n    ${SAVED};`,
      `for (const name of ['Saved', 'Done']) {\n      await expect(page.getByText(name)).toBeVisible();\n    }`,
      `for (let i = 0; i < 2; i++) {\n      ${SAVED};\n    }`,
      `do {\n      ${SAVED};\n    } while (false);`,
      `while (!(await page.getByText('Saved').isVisible())) {\n      await page.reload();\n    }\n    ${SAVED};`,
      `const shown = await page.getByText('Saved').isVisible();\n    shown && (${SAVED});`,
      `const DEBUG = true;\n    if (DEBUG) {\n      ${SAVED};\n    }`,
      `let skip = false;\n    if (skip) {\n      await page.screenshot();\n    } else {\n      ${SAVED};\n    }`,
      `switch (page.url()) {\n      case '/':\n        break;\n      default:\n        ${SAVED};\n    }`,
      `label: {\n      if (page.url() === '/') break label;\n    }\n    ${SAVED};`,
    ])
      assertsTheOutcome(`    ${lines}`);
    // A name is read in its own scope: an inner binding hides the outer constant.
    assert.deepEqual(
      rules(
        spec(
          `    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    for (const READY of [true]) {\n      if (READY) ${SAVED};\n    }`,
          'const READY = false;',
        ),
      ),
      [],
    );
  });

  test('assertions that do run still count: negated, soft, poll, toPass, test.step and hooks', () => {
    const accepted = [
      `    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByText('Item')).not.toBeVisible();`,
      `    await page.getByRole('button', { name: 'Save' }).click();
    await expect.soft(page.getByText('Saved'), 'saved message').toBeVisible();`,
      `    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => page.getByText('Saved').count()).toBe(1);`,
      `    await page.getByRole('button', { name: 'Save' }).click();
    await expect(async () => {
      await expect(page.getByText('Saved')).toBeVisible();
    }).toPass();`,
      `    await test.step('save', async () => {
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByText('Saved')).toBeVisible();
    });`,
      `    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toHaveText(/saved/i);
    await expect(page).toHaveURL(/\\/done$/);`,
    ];
    for (const body of accepted) {
      assert.deepEqual(rules(spec(`    await page.goto('/');\n${body}`)), [], body);
    }
    const hook = `import { test, expect } from '@playwright/test';

test.describe.serial('Feature', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Shop' })).toBeVisible();
  });
  test('works', async ({ page }) => {
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved')).toBeVisible();
  });
});
`;
    assert.deepEqual(rules(hook), ['one-describe:warning']);
  });

  test('the form the local generator writes stays accepted', () => {
    const generated = renderSpec({
      title: 'Log in',
      testName: 'log in with email demo@example.com and password demo-pass',
      constants: [
        { name: 'EMAIL', env: 'E2E_EMAIL', value: 'john.smith_19845@example.com' },
        { name: 'PASSWORD', env: 'E2E_PASSWORD', value: 'demo-pass' },
        { name: 'MESSAGE', env: 'E2E_MESSAGE', value: 'Hello', unique: true },
      ],
      body: [
        "await page.goto('/login');",
        "await page.getByLabel('Email').fill(EMAIL);",
        "await page.getByLabel('Password').fill(PASSWORD);",
        "await page.locator('iframe[name=\"chat\"]').contentFrame().getByLabel('Message').fill(MESSAGE);",
        "await page.getByRole('button', { name: 'Log in' }).click();",
        "await page.getByLabel('Code').press('Enter');",
        'await expect(page).toHaveURL(/\\/account$/);',
        "await expect(page.getByRole('heading', { name: 'Welcome, Demo User' })).toBeVisible();",
        "await expect(page.getByRole('list').getByRole('listitem')).toHaveCount(3);",
        "await expect(page.getByRole('checkbox', { name: 'Dark mode' })).not.toBeChecked();",
      ],
    });
    const r = critique(generated, { baseUrl: 'http://127.0.0.1:4173' });
    assert.deepEqual(r.findings, []);
    assert.equal(r.accepted, true);
  });

  test('[::1] and protocol-relative goto are hard-coded hosts', () => {
    const ipv6 = spec(
      `    await page.goto(BASE + '/login');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved')).toBeVisible();`,
      "const BASE = 'http://[::1]:4173';",
    );
    assert.deepEqual(rules(ipv6), ['no-hardcoded-host:reject']);
    for (const url of [
      '//evil.example.com/login',
      'HTTPS://evil.example.com/',
      '/\\\\evil.example.com/',
      ' //evil.example.com/',
      'ftp://evil.example.com/',
      'http:evil.example.com/',
      '/\t/evil.example.com/',
    ]) {
      const src = GOOD.replace("page.goto('/login')", `page.goto(${JSON.stringify(url)})`);
      assert.deepEqual(rules(src), ['no-hardcoded-host:reject'], url);
    }
    const template = GOOD.replace("page.goto('/login')", 'page.goto(`//${HOST}/login`)');
    assert.deepEqual(rules(template), ['no-hardcoded-host:reject']);
    // Relative paths, and hosts only spelled inside ordinary words, are fine.
    for (const ok of ['/login', 'login', '/a//b', '?q=1', '#top']) {
      const src = GOOD.replace("page.goto('/login')", `page.goto(${JSON.stringify(ok)})`);
      assert.deepEqual(rules(src), [], ok);
    }
    assert.deepEqual(rules(GOOD.replace("'Welcome'", "'Served by mylocalhost-proxy'")), []);
  });

  test('index selectors inside selector strings are index selectors too', () => {
    for (const selector of ['li >> nth=2', 'li >> nth=-1', 'nth=0', ':nth-match(li, 2)']) {
      const src = GOOD.replace(
        "page.getByRole('button', { name: 'Log in' }).click()",
        `page.locator(${JSON.stringify(selector)}).click()`,
      );
      assert.deepEqual(rules(src), ['no-nth:reject'], selector);
    }
    const pageLevel = GOOD.replace(
      "page.getByRole('button', { name: 'Log in' }).click()",
      "page.click('li >> nth=2')",
    );
    assert.deepEqual(rules(pageLevel), ['no-nth:reject']);
    const constant = spec(
      `    await page.goto('/');
    await page.locator(ROW).click();
    await expect(page.getByText('Saved')).toBeVisible();`,
      "const ROW = 'li >> nth=2';",
    );
    assert.deepEqual(rules(constant), ['no-nth:reject']);
    // Text that merely mentions nth= is not a selector.
    assert.deepEqual(rules(GOOD.replace("'Welcome'", "'nth=2'")), []);
    assert.deepEqual(rules(GOOD.replace("page.goto('/login')", "page.goto('/login?sort=nth=2')")), []);
  });

  test('a literal password typed key by key is a hard-coded credential; key names are not', () => {
    for (const call of [
      "page.getByLabel('Password').pressSequentially('hunter2')",
      "page.getByLabel('Password').type('hunter2')",
      "page.locator('#password').pressSequentially('hunter2', { delay: 50 })",
      "page.fill('#password', 'hunter2')",
      "page.type('input[name=password]', 'hunter2')",
      "page.getByLabel('Password').fill('hunter2', FILL_OPTIONS)",
    ]) {
      const src = spec(`    await page.goto('/login');
    await ${call};
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByText('Welcome')).toBeVisible();`);
      assert.deepEqual(rules(src), ['no-hardcoded-credentials:reject'], call);
    }
    const fine = spec(
      `    await page.goto('/login');
    await page.getByLabel('Password').pressSequentially(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByLabel('Username').type('demo');
    await expect(page.getByText('Welcome')).toBeVisible();`,
      "const PASSWORD = process.env.E2E_PASSWORD ?? 'hunter2';",
    );
    assert.deepEqual(rules(fine), []);
  });

  test('generated-class names are judged in selectors only, not in values or text', () => {
    const values = spec(`    await page.goto('/signup');
    await page.getByLabel('Email').fill('john.smith_19845@example.com');
    await page.getByLabel('Name').pressSequentially('jane.doe-abcdef12');
    await page.getByLabel('Backup email').fill('john.smith_19845@example.com', FILL_OPTIONS);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect(page.getByText('Welcome john.smith_19845@example.com')).toBeVisible();`);
    assert.deepEqual(rules(values), []);
    for (const call of [
      "page.locator('.card_a1b2c3d4').click()",
      "page.locator('div > .Header__title___3xY7z').click()",
      "page.click('.btn-9f8e7d6c')",
      "page.locator('section').locator('.sc-bdVaJa').click()",
      "page.$('.css-1x2y3z').then((h) => h?.click())",
      "page.waitForSelector('.item--f00ba4').then(() => page.getByRole('button', { name: 'Log in' }).click())",
      "page.fill('.input_abcdef1', EMAIL)",
      'page.locator(`.row_a1b2c3d4 >> text=${EMAIL}`).click()',
    ]) {
      const src = GOOD.replace("page.getByRole('button', { name: 'Log in' }).click()", call);
      assert.deepEqual(rules(src), ['no-generated-class:reject'], call);
    }
    const constant = spec(
      `    await page.goto('/');
    await page.locator(CARD).click();
    await expect(page.getByText('Saved')).toBeVisible();`,
      "const CARD = '.card_a1b2c3d4';",
    );
    assert.deepEqual(rules(constant), ['no-generated-class:reject']);
  });

  test('a failed expect.soft fails the test without throwing: no catch swallows it, so it counts', () => {
    // Playwright records a soft failure on the test and neither throws nor rejects.
    for (const soft of [
      "try { await expect.soft(page.getByText('Saved')).toBeVisible(); } catch { /* fine */ }",
      "await expect.soft(page.getByText('Saved')).toBeVisible().catch(() => {});",
      "await test.step('check', async () => { try { await expect.soft(page.getByText('Saved')).toBeVisible(); } catch {} });",
      "try { await expect(async () => { await expect.soft(page.getByText('Saved')).toBeVisible(); }).toPass(); } catch {}",
    ])
      assertsTheOutcome(`    ${soft}`);
    // A handler that throws again lets a hard failure through as well.
    assertsTheOutcome(
      "    await expect(page.getByText('Saved')).toBeVisible().catch((e) => { console.log(e); throw e; });",
    );
  });

  test('expect(fn).toPass() checks what fn asserts: a callback that only acts, or is empty, asserts nothing', () => {
    for (const retried of [
      "await expect(async () => { await page.getByRole('button', { name: 'Reload' }).click(); }).toPass();",
      'await expect(async () => {}).toPass({ timeout: 5000 });',
      // fn's failure only fails the toPass, which .catch or try swallows, also for a helper handed by name.
      `await expect(async () => { ${SAVED_LINE} }).toPass().catch(() => {});`,
      `try { await expect(async () => { ${SAVED_LINE} }).toPass(); } catch {}`,
      `const check = async () => { ${SAVED_LINE} };\n    await expect(check).toPass().catch(() => {});`,
      `const check = async () => { ${SAVED_LINE} };\n    try { await expect(check).toPass(); } catch {}`,
    ])
      assertsNothing(`    ${retried}`);
    for (const real of [
      `await expect(async () => { ${SAVED_LINE} }).toPass();`,
      `await expect(async () => { await page.reload(); ${SAVED_LINE} }).toPass({ intervals: [1000] });`,
      `const check = async () => { ${SAVED_LINE} };\n    await expect(check).toPass();`,
      `await expect(async () => { ${SAVED_LINE} }).toPass().then(() => {});`,
    ])
      assertsTheOutcome(`    ${real}`);
  });

  test('expect.poll of a function that hands back only constants asserts nothing', () => {
    for (const polled of [
      'await expect.poll(async () => true).toBe(true);',
      "await expect.poll(async () => { await page.getByRole('button', { name: 'Reload' }).click(); return 1; }).toBe(1);",
      'await expect.poll(async () => { await page.reload(); }).toBeUndefined();',
    ])
      assertsNothing(`    ${polled}`);
    assertsTheOutcome(
      "    await expect.poll(async () => { await page.reload(); return page.getByText('Saved').count(); }).toBe(1);",
    );
  });

  test('.then / .finally after a web-first matcher do not hide that nobody awaits it', () => {
    for (const floating of [
      "expect(page.getByText('Saved')).toBeVisible().then(() => {});",
      "expect(page.getByText('Saved')).toBeVisible().finally(() => {});",
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${floating}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        floating,
      );
    assertsTheOutcome("    await expect(page.getByText('Saved')).toBeVisible().then(() => {});");
  });

  test('a skipped step never runs: no-skip, and its expectations do not count', () => {
    for (const skipped of [
      `await test.step.skip('check', async () => { ${SAVED_LINE} });`,
      `const check = async () => { ${SAVED_LINE} };\n    await test.step.skip('check', check);`,
    ]) {
      const r = critique(
        spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${skipped}`),
      );
      assert.deepEqual(
        r.findings.map((f) => f.ruleId),
        ['require-assertion', 'require-outcome-assertion', 'no-skip'],
        skipped,
      );
      assert.match(r.findings[2]?.message ?? '', /test\.step\.skip/);
      assert.match(r.findings[0]?.message ?? '', /skipped step/);
    }
    // step.skip() on the step's own TestStepInfo ends the step there (conditionally too).
    for (const skip of ['step.skip();', "step.skip(process.env.CI === undefined, 'later');"])
      assert.deepEqual(
        rules(
          spec(
            `    await page.getByRole('button', { name: 'Save' }).click();\n    await test.step('check', async (step) => {\n      ${skip}\n      ${SAVED_LINE}\n    });`,
          ),
        ),
        ['no-skip:reject'],
        skip,
      );
    // Another value called step is not a TestStepInfo.
    assertsTheOutcome(
      `    const step = { skip: () => undefined };\n    step.skip();\n    await test.step('check', async () => { ${SAVED_LINE} });`,
    );
  });

  test('a switch on a constant runs only the clauses its value selects and falls into', () => {
    for (const dead of [
      `switch (1) { case 2: ${SAVED_LINE} }`,
      `switch ('a') { case 'a': break; case 'b': ${SAVED_LINE} }`,
      `switch (3) { case 1: ${SAVED_LINE} break; default: break; }`,
    ])
      assertsNothing(`    ${dead}`);
    for (const live of [
      `switch (2) { case 1: break; case 2: ${SAVED_LINE} }`,
      `switch ('a') { case 'a': case 'b': ${SAVED_LINE} }`,
      `switch (3) { case 1: break; default: ${SAVED_LINE} }`,
      `switch (process.env.MODE) { case 'x': break; case 'y': ${SAVED_LINE} }`,
      `switch (1) { case Number(process.env.N): break; case 2: ${SAVED_LINE} }`,
    ])
      assertsTheOutcome(`    ${live}`);
  });

  test('a soft expectation in a caught step or helper still fails the test: it counts, a hard one there does not', () => {
    // Playwright records a failed soft expectation on the test and does not throw, so catching the
    // step (or the helper's call) around it loses nothing; a hard one's throw is what the catch takes.
    const soft = "await expect.soft(page.getByText('Saved')).toBeVisible();";
    const caught = (check: string): string[] => [
      `await test.step('check', async () => { ${check} }).catch(() => {});`,
      `await test.step('check', async () => { ${check} }).then(() => {}, () => {});`,
      `try { await test.step('check', async () => { ${check} }); } catch {}`,
      `const check = async () => { ${check} };\n    try { await check(); } catch { /* fine */ }`,
      `const check = async () => { ${check} };\n    await check().catch(() => {});`,
      `const check = async () => { ${check} };\n    await test.step('check', check).catch(() => {});`,
      `const check = async () => { ${check} };\n    await test.step('check', async () => { await check(); }).catch(() => {});`,
      `const check = async () => { ${check} };\n    try { await test.step('check', async () => { await check(); }); } catch {}`,
      `await Promise.allSettled([test.step('check', async () => { ${check} })]);`,
    ];
    for (const lines of caught(soft)) assertsTheOutcome(`    ${lines}`);
    for (const lines of caught(SAVED_LINE).filter((l) => !l.includes('allSettled')))
      assertsNothing(`    ${lines}`);
    // A step that nobody awaits may run after the test ends: soft or not, it checks nothing.
    for (const lost of [
      `test.step('check', async () => { ${soft} });`,
      `const check = async () => { ${soft} };\n    check();`,
    ])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${lost}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        lost,
      );
    assert.deepEqual(
      rules(
        spec(
          `    await page.getByRole('button', { name: 'Save' }).click();\n    Promise.allSettled([test.step('check', async () => { ${soft} })]);`,
        ),
      ),
      ['require-assertion:reject', 'require-outcome-assertion:reject', 'no-swallowed-assertion:reject'],
    );
  });

  test('an expect configured with expect.configure and bound to a const is an expectation, soft or hard', () => {
    const configured = (options: string, call: string): string =>
      `const check = expect.configure(${options});\n    ${call}`;
    const at = "check(page.getByText('Saved')).toBeVisible()";
    for (const lines of [
      configured('{ soft: true }', `await ${at};`),
      configured('{ timeout: 10_000 }', `await ${at};`),
      configured("{ soft: true, message: 'saved' }", `try { await ${at}; } catch {}`),
      configured('{ soft: true }', `await ${at}.catch(() => {});`),
      configured('{ soft: true }', `await test.step('check', async () => { await ${at}; }).catch(() => {});`),
      configured(
        '{ soft: true }',
        "try { await check.poll(async () => page.getByText('Saved').count()).toBe(1); } catch {}",
      ),
      `const check = expect.soft.configure({ timeout: 5000 });\n    try { await ${at}; } catch {}`,
      `const soft = expect.configure({ soft: true });\n    const check = soft.configure({ timeout: 5000 });\n    try { await ${at}; } catch {}`,
      `const check = expect.configure({ soft: false }).soft;\n    try { await ${at}; } catch {}`,
      `const OPTIONS = { soft: true } as const;\n    const check = expect.configure({ ...OPTIONS, timeout: 5000 });\n    try { await ${at}; } catch {}`,
      `const check = expect.configure({ soft: true });\n    const again = check;\n    try { await again(page.getByText('Saved')).toBeVisible(); } catch {}`,
    ])
      assertsTheOutcome(`    ${lines}`);
    // Bound at the top of the file, for every test.
    for (const options of ['{ soft: true }', '{ timeout: 10_000 }'])
      assert.deepEqual(
        rules(
          spec(
            `    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();\n    await ${at};`,
            `const check = expect.configure(${options});`,
          ),
        ),
        [],
        options,
      );
    // A hard one (not soft, soft: false, or softness the source does not fix) follows the rules
    // of expect(...): its caught failure asserts nothing.
    for (const options of [
      '{ timeout: 10_000 }',
      '{ soft: false }',
      "{ soft: process.env.SOFT === '1' }",
      '{ ...OPTIONS, soft: false }',
      '{ ...test.info().project.metadata }',
    ])
      for (const call of [`try { await ${at}; } catch {}`, `await ${at}.catch(() => {});`])
        assertsNothing(`    const OPTIONS = { soft: true };\n    ${configured(options, call)}`);
    assertsNothing(
      `    ${configured('{ soft: true }', '')}\n    try { await check.configure({ soft: false })(page.getByText('Saved')).toBeVisible(); } catch {}`,
    );
    // Soft or hard, one nobody awaits checks nothing.
    for (const options of ['{ soft: true }', '{ timeout: 10_000 }'])
      assert.deepEqual(
        rules(
          spec(
            `    await page.getByRole('button', { name: 'Save' }).click();\n    ${configured(options, `${at};`)}`,
          ),
        ),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        options,
      );
    // A name bound nearer is not the configured expect.
    assert.deepEqual(
      rules(
        spec(
          `    await page.getByRole('button', { name: 'Save' }).click();\n    const check = (x: unknown) => ({ toBeVisible: async () => x });\n    await ${at};`,
          'const check = expect.configure({ soft: true });',
        ),
      ),
      ['require-assertion:reject', 'require-outcome-assertion:reject'],
    );
  });

  test('an expect with custom matchers (expect.extend, mergeExpects) is an expectation; its async matchers must be awaited', () => {
    const toast =
      "{\n  async toShowToast(page: Page, text: string) {\n    await expect(page.getByRole('status')).toHaveText(text);\n    return { pass: true, message: () => text };\n  },\n}";
    const extended = `const expectToast = expect.extend(${toast});`;
    const merged = `${extended}\nconst check = mergeExpects(expectToast, expect.configure({ timeout: 5000 }));`;
    const importing = (names: string): string => `import { ${names} } from '@playwright/test';`;
    const clickSave =
      "    await page.goto('/');\n    await page.getByRole('button', { name: 'Save' }).click();";
    for (const [head, call] of [
      [`${importing('type Page')}\n${extended}`, "await expectToast(page).toShowToast('Saved');"],
      [`${importing('type Page, mergeExpects')}\n${merged}`, "await check(page).toShowToast('Saved');"],
      [
        `${importing('type Page, mergeExpects as merge')}\n${merged.replace('mergeExpects(', 'merge(')}`,
        "await check(page.getByText('Saved')).toBeVisible();",
      ],
      [
        `${importing('type Page')}\nconst expectToast = expect.extend({\n  toShowToast: async (page: Page, text: string) => ({ pass: true, message: () => text }),\n});`,
        "await expectToast(page).toShowToast('Saved');",
      ],
    ] as const)
      assert.deepEqual(rules(spec(`${clickSave}\n    ${call}`, head)), [], call);
    // Un-awaited, an async custom matcher is checked after the test ended: it checks nothing.
    assert.deepEqual(
      rules(
        spec(
          `${clickSave}\n    expectToast(page).toShowToast('Saved');`,
          `${importing('type Page')}\n${extended}`,
        ),
      ),
      ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
    );
    // mergeExpects of nothing that is an expect, or a mergeExpects the spec wrote itself, gives none.
    for (const head of [
      `${importing('mergeExpects')}\nconst check = mergeExpects(someHelper);\ndeclare const someHelper: any;`,
      'const mergeExpects = (...x: unknown[]) => x[0] as typeof expect;\nconst check = mergeExpects(expect);',
    ])
      assert.deepEqual(
        rules(spec(`${clickSave}\n    await check(page.getByText('Saved')).toBeVisible();`, head)),
        ['require-assertion:reject', 'require-outcome-assertion:reject'],
        head,
      );
  });

  test('a soft expectation handed to a Promise.allSettled nobody awaits checks nothing', () => {
    const soft = "expect.soft(page.getByText('Saved')).toBeVisible()";
    for (const dropped of [`Promise.allSettled([${soft}]);`, `void Promise.allSettled([${soft}]);`])
      assert.deepEqual(
        rules(spec(`    await page.getByRole('button', { name: 'Save' }).click();\n    ${dropped}`)),
        ['require-assertion:reject', 'require-outcome-assertion:reject', 'await-assertion:reject'],
        dropped,
      );
    assertsTheOutcome(`    await Promise.allSettled([${soft}]);`);
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
