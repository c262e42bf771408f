import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locatorCode, locatorProblem, quote } from '../../src/domain/locator';
import { diffLines, toLocatorSpec, uniqueCandidates } from '../../src/domain/snapshot';

describe('locator code', () => {
  it('writes Playwright code like codegen does', () => {
    assert.equal(
      locatorCode({ kind: 'role', role: 'button', name: 'Log in' }),
      "page.getByRole('button', { name: 'Log in' })",
    );
    assert.equal(
      locatorCode({ kind: 'role', role: 'button', name: 'Buy', exact: true }),
      "page.getByRole('button', { name: 'Buy', exact: true })",
    );
    assert.equal(locatorCode({ kind: 'role', role: 'navigation' }), "page.getByRole('navigation')");
    assert.equal(locatorCode({ kind: 'label', value: 'Email' }), "page.getByLabel('Email')");
    assert.equal(locatorCode({ kind: 'testId', value: 'cart' }), "page.getByTestId('cart')");
    assert.equal(
      locatorCode({ kind: 'text', value: "It's done", exact: true }),
      "page.getByText('It\\'s done', { exact: true })",
    );
    assert.equal(locatorCode({ kind: 'css', value: '#main' }), "page.locator('#main')");
    assert.equal(
      locatorCode({
        kind: 'role',
        role: 'button',
        name: 'Close',
        within: { kind: 'role', role: 'dialog', name: 'Cart' },
      }),
      "page.getByRole('dialog', { name: 'Cart' }).getByRole('button', { name: 'Close' })",
    );
  });
  it('escapes strings', () => assert.equal(quote("a\\b\n'c"), "'a\\\\b\\n\\'c'"));
  it('explains what is missing in a requested locator', () => {
    assert.equal(locatorProblem({ kind: 'role', role: 'button' }, 'act.locator'), '');
    assert.match(locatorProblem({ kind: 'role', role: '' }, 'act.locator'), /^act.locator.role: /);
    assert.match(locatorProblem({ kind: 'label', value: '' }, 'act.locator'), /^act.locator.value: /);
    assert.match(
      locatorProblem({ kind: 'text', value: 'x', within: { kind: 'css' } }, 'act.locator'),
      /^act.locator.within.value/,
    );
  });
});

describe('snapshot helpers', () => {
  it('keeps candidates that matched one element, in order', () => {
    const picked = uniqueCandidates([
      { kind: 'role', role: 'button', name: 'Buy', count: 2 },
      { kind: 'testId', value: 'buy-1', count: 1 },
      { kind: 'text', value: 'Buy', count: 1 },
    ]);
    assert.deepEqual(
      picked.map((c) => c.kind),
      ['testId', 'text'],
    );
    assert.deepEqual(
      toLocatorSpec(
        { kind: 'role', role: 'button', name: 'Close', count: 1 },
        { kind: 'role', role: 'dialog' },
      ),
      {
        kind: 'role',
        role: 'button',
        name: 'Close',
        within: { kind: 'role', role: 'dialog' },
      },
    );
  });
  it('diffs visible text with duplicates and caps', () => {
    assert.deepEqual(diffLines(['Please sign in.', 'Item', 'Item'], ['Signed in', 'Item']), {
      added: ['Signed in'],
      removed: ['Please sign in.', 'Item'],
    });
    assert.equal(
      diffLines(
        [],
        Array.from({ length: 80 }, (_, i) => `line ${i}`),
      ).added.length,
      50,
    );
  });
});
