import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ComplexityEstimator, type ComplexityEstimate } from '../../src/domain/complexity';
import { DEFAULT_POLICY } from '../support/routing';

const estimator = new ComplexityEstimator(DEFAULT_POLICY.complexity);
const NAMES = DEFAULT_POLICY.complexity.categories.map((c) => c.name);

/** Category name → matched words, for the categories that scored. */
function scored(e: ComplexityEstimate): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  NAMES.forEach((name, i) => {
    const m = e.matched?.[i];
    if (m !== undefined) out[name] = m;
  });
  return out;
}

const estimate = (text: string, scope = '') => estimator.estimate(text, scope);

describe('complexity estimate: the original categories and points', () => {
  const cases: Array<[string, string, number, readonly string[]]> = [
    ['steps', 'Fill the wizard in 6 steps', 2, ['6 steps']],
    ['auth', 'Click the login button', 3, ['login']],
    ['auth', 'Sign in with OAuth', 3, ['sign in', 'oauth']],
    ['auth', 'The credential form', 3, ['credential']],
    ['file_ops', 'Download the report', 2, ['download']],
    ['file_ops', 'Add an attachment to the mail', 2, ['attachment']],
    ['realtime', 'Chat over a websocket', 3, ['websocket']],
    ['realtime', 'Real-time notifications', 3, ['real-time']],
    ['realtime', 'Connect to ws://chat', 3, ['ws']],
    ['payment', 'Pay with Stripe at checkout', 4, ['pay', 'stripe', 'checkout']],
    ['payment', 'Purchase the lamp', 4, ['purchase']],
    ['mocking', 'Mock the API and stub the clock with fake data', 2, ['mock', 'stub', 'fake']],
  ];
  for (const [category, text, points, words] of cases) {
    it(`${category}: "${text}" scores ${points} with ${words.join(', ')}`, () => {
      const e = estimate(text);
      assert.equal(e.score, points);
      assert.deepEqual(scored(e), { [category]: words });
    });
  }

  it('adds categories, counts each once, and reaches the maximum of 16', () => {
    const e = estimate(
      'Log in, login again, upload files, pay, pay again, chat in real time, mock the bank, in 9 steps',
    );
    assert.equal(e.score, 16);
    assert.equal(estimator.maxScore, 16);
    assert.deepEqual(Object.keys(scored(e)).sort(), [...NAMES].sort());
  });

  it('is hard at exactly the threshold (5) and easy just below it', () => {
    assert.equal(estimate('Log in and upload a file').score, 5);
    assert.equal(estimate('Log in and upload a file').hard, true);
    assert.equal(estimate('Pay').score, 4);
    assert.equal(estimate('Pay').hard, false);
    assert.equal(estimate('').score, 0);
    assert.equal(estimate('').hard, false);
  });

  it('reports nothing for a plain description', () => {
    const e = estimate('Open the help dialog and close it');
    assert.equal(e.score, 0);
    assert.equal(e.matched, undefined);
    assert.equal(e.stepCount, 0);
  });
});

describe("complexity estimate: the original's defects are fixed", () => {
  it('reads multi-digit step counts ("step 12" scored nothing)', () => {
    const e = estimate('Go to step 12 of the wizard');
    assert.equal(e.stepCount, 12);
    assert.deepEqual(scored(e), { steps: ['step 12'] });
  });

  for (const [text, count, phrase] of [
    ['Complete the form in 5 steps', 5, '5 steps'],
    ['steps: 7', 7, 'steps: 7'],
    ['Steps = 8, then submit', 8, 'steps = 8'],
    ['a 10-step onboarding', 10, '10-step'],
    ['step #6 fails', 6, 'step #6'],
    ['It takes 123 steps', 123, '123 steps'],
  ] as const) {
    it(`"${text}" reads ${count} steps`, () => {
      const e = estimate(text);
      assert.equal(e.stepCount, count);
      assert.deepEqual(scored(e).steps, [phrase]);
      assert.equal(e.score, 2);
    });
  }

  it('scores steps only above more_than (4), taking the largest count and reporting the counts above it', () => {
    assert.equal(estimate('in 4 steps').score, 0);
    assert.equal(estimate('in 4 steps').stepCount, 4);
    assert.equal(estimate('step 1, step 2, then step 5').stepCount, 5);
    assert.deepEqual(scored(estimate('step 1, step 2, then step 5, step 7')).steps, ['step 5', 'step 7']);
    assert.equal(estimate('3 steps then 11 steps').stepCount, 11);
  });

  it('ignores numbers that are not step counts', () => {
    assert.equal(estimate('Add 12 items to the cart').stepCount, 0);
    assert.equal(estimate('stepper 12').stepCount, 0);
  });

  for (const [text, category, word] of [
    ['Enter the payment details', 'payment', 'payment'],
    ['Check all payments', 'payment', 'payments'],
    ['The order is paid', 'payment', 'paid'],
    ['Paying by card', 'payment', 'paying'],
    ['Purchasing a gift card', 'payment', 'purchasing'],
    ['Authentication with a code', 'auth', 'authentication'],
    ['An authenticated user', 'auth', 'authenticated'],
    ['Authorization header', 'auth', 'authorization'],
    ['Logged in users see the menu', 'auth', 'logged in'],
    ['Several files at once', 'file_ops', 'files'],
    ['Uploads show progress', 'file_ops', 'uploads'],
    ['The uploaded image', 'file_ops', 'uploaded'],
    ['Downloading the invoice', 'file_ops', 'downloading'],
    ['Websockets reconnect', 'realtime', 'websockets'],
    ['A stubbed gateway', 'mocking', 'stubbed'],
    ['Mocking the server', 'mocking', 'mocking'],
    ['Mocked responses', 'mocking', 'mocked'],
  ] as const) {
    it(`"${text}" counts for ${category} (${word})`, () => {
      assert.deepEqual(scored(estimate(text)), { [category]: [word] });
    });
  }
});

describe('complexity estimate: matching rules', () => {
  it('matches whole words only', () => {
    for (const text of [
      'the payload is large',
      'the author wrote',
      'news feed',
      'a profile page',
      'stubborn bug',
      'mockingbird',
    ])
      assert.equal(estimate(text).score, 0, text);
  });

  it('is case-insensitive and reports words lower-cased, de-duplicated, in order', () => {
    const e = estimate('UPLOAD the File, then upload another FILE');
    assert.deepEqual(scored(e), { file_ops: ['upload', 'file'] });
  });

  it('matches phrases across spaces, hyphens and no separator', () => {
    for (const [text, word] of [
      ['log in', 'log in'],
      ['log-in page', 'log-in'],
      ['login page', 'login'],
      ['realtime feed', 'realtime'],
      ['real  time feed', 'real  time'],
    ] as const)
      assert.deepEqual(
        scored(estimate(text)),
        word.startsWith('real') ? { realtime: [word] } : { auth: [word] },
        text,
      );
  });

  it('reads the test path too, with "/", "." and "_" as separators', () => {
    const e = estimate('Open the page', 'tests/auth/file_upload.spec.ts');
    assert.deepEqual(scored(e), { auth: ['auth'], file_ops: ['file', 'upload'] });
    assert.equal(e.score, 5);
  });

  it('takes words and points from the policy, not from code', () => {
    const custom = new ComplexityEstimator({
      hardAt: 3,
      inflections: ['s'],
      categories: [
        { kind: 'words', name: 'search', points: 3, terms: ['filter', 'search box'] },
        { kind: 'steps', name: 'stages', points: 1, stepWords: ['stage'], moreThan: 1 },
      ],
    });
    const e = custom.estimate('Use two filters in the search box over 2 stages', '');
    assert.equal(e.score, 4);
    assert.equal(e.hard, true);
    assert.deepEqual(e.matched, [['filters', 'search box'], ['2 stages']]);
    assert.equal(custom.estimate('Pay and log in', '').score, 0);
  });

  it('copes with long and non-ASCII input', () => {
    const long = `${'lorem ipsum '.repeat(5_000)} then pay`;
    assert.equal(estimate(long).score, 4);
    assert.equal(estimate('Zahlung über Login-Seite, 7 Schritte').score, 3);
    assert.equal(estimate('ﬁle 😀 upload').score, 2);
  });
});
