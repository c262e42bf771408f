import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixtureParameterNames } from '../../src/worker/runtime/fixture-params';

describe('fixtureParameterNames', () => {
  const names = (fn: (...args: never[]) => unknown) => fixtureParameterNames(fn);
  it('reads destructured names from arrows and functions', () => {
    assert.deepEqual(
      names(async ({ page, request }: { page: unknown; request: unknown }) => [page, request]),
      { ok: true, names: ['page', 'request'] },
    );
    assert.deepEqual(
      names(function ({ context: ctx, baseURL = '/' }: { context: unknown; baseURL?: string }) {
        return [ctx, baseURL];
      }),
      { ok: true, names: ['context', 'baseURL'] },
    );
    assert.deepEqual(
      names(async () => 1),
      { ok: true, names: [] },
    );
    assert.deepEqual(
      // eslint-disable-next-line no-empty-pattern -- Playwright's idiom for a fixture that needs no other fixture
      names(async ({}, use: unknown) => use),
      { ok: true, names: [] },
    );
  });
  it('ignores comments and nested defaults', () => {
    const fn = async (
      /* { fake } */ { page, opts = { a: 1, b: [2, 3] } }: { page: unknown; opts?: object },
    ) => [page, opts];
    assert.deepEqual(names(fn), { ok: true, names: ['page', 'opts'] });
  });
  it('refuses a first parameter that is not destructured', () => {
    const r = names(async (fixtures: unknown) => fixtures);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.why, /object destructuring pattern/);
  });
});
