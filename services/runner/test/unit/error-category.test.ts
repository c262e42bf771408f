import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categorize, stripAnsi } from '../../src/domain/error-category';

describe('categorize', () => {
  const cases: [Parameters<typeof categorize>[0], string][] = [
    [{ name: 'Error', message: 'page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/' }, 'network'],
    [{ name: 'Error', message: 'page.goto: net::ERR_BLOCKED_BY_CLIENT at http://example.com/' }, 'network'],
    [
      {
        name: 'Error',
        message: "locator.click: Error: strict mode violation: getByRole('button') resolved to 2 elements",
      },
      'selector',
    ],
    [
      {
        name: 'TimeoutError',
        message:
          "locator.click: Timeout 500ms exceeded.\nCall log:\n  - waiting for getByRole('button', { name: 'Nope' })",
      },
      'selector',
    ],
    [
      {
        name: 'Error',
        message:
          "expect(locator).toBeVisible() failed\n\nLocator: getByText('nope')\nExpected: visible\nError: element(s) not found",
        fromMatcher: true,
      },
      'selector',
    ],
    [
      {
        name: 'Error',
        message:
          'expect(locator).toHaveText(expected) failed\n\nExpected: "a"\nReceived: "b"\nCall log:\n  - waiting for getByRole(\'heading\')\n    - locator resolved to <h1>b</h1>',
        fromMatcher: true,
      },
      'assertion',
    ],
    [
      { name: 'Error', message: 'expect(received).toBe(expected) // Object.is equality', fromMatcher: true },
      'assertion',
    ],
    [{ name: 'TestTimeout', message: 'Test timeout of 30000ms exceeded.' }, 'timeout'],
    [
      {
        name: 'Error',
        message:
          'expect(received).toBe(expected)\n\nCall Log:\n- Timeout 100ms exceeded while waiting on the predicate',
        fromMatcher: true,
      },
      'assertion',
    ],
    [{ name: 'TimeoutError', message: 'page.waitForURL: Timeout 1000ms exceeded.' }, 'timeout'],
    [{ name: 'TypeError', message: "Cannot read properties of undefined (reading 'x')" }, 'javascript'],
    [{ name: 'Error', message: 'cart has no items' }, 'javascript'],
    [{ message: 'thrown value: 42' }, 'unknown'],
  ];
  for (const [err, category] of cases) {
    it(`${err.name ?? 'value'}: ${err.message.split('\n')[0]} → ${category}`, () =>
      assert.equal(categorize(err), category));
  }
  it('strips ANSI colour codes', () => assert.equal(stripAnsi('\u001b[31mred\u001b[39m'), 'red'));
});
