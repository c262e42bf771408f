import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dataStillStated, pickWarm, sameValues } from '../../src/generation/warm-path';
import type { PatternRecord, VectorHit } from '../../src/store/vector-store';

const SEARCH_SPEC = `import { test, expect } from '@playwright/test';
test.describe('Search', () => {
  test('search', async ({ page }) => {
    await page.goto('/search');
    await page.getByRole('searchbox', { name: 'Search' }).fill('red running shoes');
    await page.getByRole('button', { name: 'Go' }).click();
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('Results for red running shoes');
  });
});
`;

function hit(description: string, specSource: string, score = 0.9): VectorHit {
  const record: PatternRecord = {
    id: 'p1',
    site: 'http://127.0.0.1:4173',
    description,
    specSource,
    fileName: 'search.spec.ts',
    startPath: '/search',
    taskId: '',
    locators: [],
    steps: [],
    passCount: 1,
    failCount: 0,
    embeddingModel: 'test@1',
    dimension: 3,
    createdUnixMs: 0,
    updatedUnixMs: 0,
  };
  return { score, record };
}

describe('warm path: the same values', () => {
  test('paraphrases that state the same values match', () => {
    assert.ok(
      sameValues(
        'Search the products for "lamp" and see only the two lamps in the results; search for "zzz" and see "No results".',
        'Look up "lamp" in the product search and check that only the two lamps are listed in the results; then search "zzz" and expect "No results".',
      ),
    );
    assert.ok(
      sameValues(
        'Log in with email demo@example.com and password demo-pass and see "Welcome, Demo User".',
        'Sign in using the address demo@example.com and the password demo-pass, then check that "Welcome, Demo User" appears.',
      ),
    );
  });

  test('another quoted value, e-mail or path does not match', () => {
    assert.equal(sameValues('Search for "lamp"', 'Search for "kettle"'), false);
    assert.equal(sameValues('Log in as a@example.com', 'Log in as b@example.com'), false);
    assert.equal(sameValues('Go to /about', 'Go to /pricing'), false);
  });

  test('a value that differs only in letter case is another value', () => {
    // A password, a text to type or to see: the app compares them as written.
    assert.equal(
      sameValues(
        'Log in with email demo@example.com and password "Demo-Pass" and see "Welcome, Demo User".',
        'Sign in using demo@example.com and the password "demo-pass", then check that "Welcome, Demo User" appears.',
      ),
      false,
    );
    assert.equal(
      sameValues('Send the message "Hello" and see it', 'Send the message "hello" and see it'),
      false,
    );
    assert.equal(sameValues('Search for Red Shoes', 'Search for red shoes'), false);
    // Spacing is not a value.
    assert.ok(sameValues('Send the message "Hello  there"', 'Post the message "Hello there"'));
  });

  test('a short number, a number word or an ordinal is a value too', () => {
    assert.equal(
      sameValues(
        'Set the quantity of the blue running shoes to 2 and check that the cart badge shows 2 items',
        'Set the quantity of the blue running shoes to 3 and check that the cart badge shows 3 items',
      ),
      false,
    );
    assert.equal(sameValues('See the two lamps', 'See the three lamps'), false);
    assert.ok(sameValues('See the two lamps', 'Check that 2 lamps are shown'));
    assert.equal(sameValues('Open the first result', 'Open the second result'), false);
  });

  test('an unquoted value the parser takes as a step value must be the same', () => {
    assert.equal(sameValues('Search for red running shoes', 'Search for red hiking boots'), false);
    assert.ok(sameValues('Search for red running shoes', 'Search for red running shoes, then look at them'));
  });
});

describe('warm path: the spec data the description stated', () => {
  test('a word the spec types or expects that came from the remembered description must still be asked for', () => {
    assert.equal(
      dataStillStated(
        SEARCH_SPEC,
        'Type red running shoes into the search box and see the results',
        'Type red hiking boots into the search box and see the results',
      ),
      false,
    );
    assert.ok(
      dataStillStated(
        SEARCH_SPEC,
        'Type red running shoes into the search box and see the results',
        'Enter red running shoes in the search field and check the results',
      ),
    );
  });

  test('data the page showed, not the description, does not have to be stated', () => {
    // "Results for ..." came from the page: the remembered description never said "results for".
    assert.ok(
      dataStillStated(
        SEARCH_SPEC.replace("toHaveText('Results for red running shoes')", "toHaveText('Showing 12 items')"),
        'Type red running shoes into the search box',
        'Enter red running shoes in the search field',
      ),
    );
  });

  test('pickWarm takes a hit only when its values and data are the request’s', () => {
    const remembered = 'Type red running shoes into the search box and see the results';
    const hits = [hit(remembered, SEARCH_SPEC)];
    const paraphrase = 'Enter red running shoes in the search field and check the results';
    assert.equal(pickWarm(hits, { description: paraphrase, startPath: '/search' }, 0.72), hits[0]);
    const other = 'Type red hiking boots into the search box and see the results';
    assert.equal(pickWarm(hits, { description: other, startPath: '/search' }, 0.72), undefined);
    assert.equal(pickWarm(hits, { description: paraphrase, startPath: '/' }, 0.72), undefined);
    const outgrown = hit(remembered, SEARCH_SPEC);
    outgrown.record.failCount = 1;
    assert.equal(pickWarm([outgrown], { description: paraphrase, startPath: '/search' }, 0.72), undefined);
    assert.equal(
      pickWarm([hit(remembered, SEARCH_SPEC, 0.7)], { description: paraphrase, startPath: '/search' }, 0.72),
      undefined,
    );
    const login = hit(
      'Log in with demo@example.com and password "Demo-Pass"',
      SEARCH_SPEC.replace("fill('red running shoes')", 'fill(PASSWORD)'),
    );
    assert.equal(
      pickWarm(
        [login],
        { description: 'Sign in with demo@example.com and password "demo-pass"', startPath: '/search' },
        0.72,
      ),
      undefined,
    );
  });
});
