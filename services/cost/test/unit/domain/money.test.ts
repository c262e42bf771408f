import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addMicros,
  costFromTokens,
  dollarsToMicros,
  formatMicros,
  MAX_RECORD_COST_MICROS,
} from '../../../src/domain/money';

test('dollarsToMicros converts decimal text and literals exactly', () => {
  assert.equal(dollarsToMicros('0.80'), 800_000);
  assert.equal(dollarsToMicros(0.8), 800_000);
  assert.equal(dollarsToMicros('1.25'), 1_250_000);
  assert.equal(dollarsToMicros(15), 15_000_000);
  assert.equal(dollarsToMicros('0.000001'), 1);
  // 0.1 + 0.2 style inputs never reach float arithmetic.
  assert.equal(dollarsToMicros('10000.000001'), 10_000_000_001);
});

test('dollarsToMicros rejects negative, over-precise and non-decimal input', () => {
  for (const bad of [
    '-1',
    '0.0000001',
    'abc',
    '',
    '1e3',
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0.5,
    '1.2.3',
  ])
    assert.equal(dollarsToMicros(bad), undefined, String(bad));
});

test('formatMicros prints six decimals', () => {
  assert.equal(formatMicros(5_050_000), '$5.050000');
  assert.equal(formatMicros(1), '$0.000001');
  assert.equal(formatMicros(0), '$0.000000');
  assert.equal(formatMicros(-1_500_000), '-$1.500000');
});

test('costFromTokens: exact when the cost is a whole number of micro-dollars', () => {
  // Gemini 2.5 Pro at $1.25 / $10 per M tokens: 400 in + 5,000 out = 500 + 50,000 µ$.
  assert.equal(costFromTokens(400, 5_000, 1_250_000, 10_000_000), 50_500);
  assert.equal(costFromTokens(1_000_000, 1_000_000, 3_000_000, 15_000_000), 18_000_000);
  assert.equal(costFromTokens(0, 0, 3_000_000, 15_000_000), 0);
});

test('costFromTokens rounds the per-record total up, once', () => {
  // Haiku at $0.80/M: one input token is 0.8 µ$ → 1 µ$ (never a free non-zero call).
  assert.equal(costFromTokens(1, 0, 800_000, 4_000_000), 1);
  // 3 input tokens = 2.4 µ$, 1 output = 4 µ$: total 6.4 → 7.
  assert.equal(costFromTokens(3, 1, 800_000, 4_000_000), 7);
  // 1 + 1 tokens at 0.4 µ$ each: 0.8 total → 1, where rounding each part would give 2.
  assert.equal(costFromTokens(1, 1, 400_000, 400_000), 1);
  // Free model stays exactly free.
  assert.equal(costFromTokens(123_456, 654_321, 0, 0), 0);
});

test('costFromTokens stays exact past 2^53 intermediate products', () => {
  // 1e9 tokens × $75/M = $75,000 = 7.5e10 µ$; the product 7.5e16 exceeds 2^53.
  assert.equal(costFromTokens(0, 1_000_000_000, 0, 75_000_000), 75_000_000_000);
  // 999,999,999 × 75,000,001 = 75,000,000,924,999,999 → /1e6 = 75,000,000,924.999999 → up.
  assert.equal(costFromTokens(999_999_999, 0, 75_000_001, 0), 75_000_000_925);
});

test('addMicros refuses to lose precision', () => {
  assert.equal(addMicros(MAX_RECORD_COST_MICROS, 1), MAX_RECORD_COST_MICROS + 1);
  assert.throws(() => addMicros(Number.MAX_SAFE_INTEGER, 1), RangeError);
});
