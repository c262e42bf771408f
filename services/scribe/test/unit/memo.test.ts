import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo } from '../../src/domain/memo';

test('boundedMemo computes a key once and drops the least recently used past its size', () => {
  const computed: string[] = [];
  const upper = boundedMemo(
    (s: string) => {
      computed.push(s);
      return s.toUpperCase();
    },
    2,
    (s) => s,
  );
  assert.equal(upper('a'), 'A');
  assert.equal(upper('b'), 'B');
  assert.equal(upper('a'), 'A'); // a hit, and now the most recent
  assert.equal(upper('c'), 'C'); // drops b, not a
  assert.equal(upper('a'), 'A');
  assert.equal(upper('b'), 'B');
  assert.deepEqual(computed, ['a', 'b', 'c', 'b']);
});

test('boundedMemo keys by keyOf, and remembers a falsy result', () => {
  let calls = 0;
  const length = boundedMemo(
    (s: string) => {
      calls++;
      return s.trim().length;
    },
    8,
    (s) => s.trim(),
  );
  assert.equal(length(' '), 0);
  assert.equal(length('  '), 0);
  assert.equal(length('x '), 1);
  assert.equal(length(' x'), 1);
  assert.equal(calls, 2);
});
