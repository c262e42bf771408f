import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import { validateTexts } from '../../src/handlers/validate-embed';

const limits = { maxTexts: 3, maxTextChars: 5 };
const fails = (texts: string[], message: string): void => {
  assert.throws(() => validateTexts(texts, limits), { code: status.INVALID_ARGUMENT, message });
};

describe('validateTexts', () => {
  it('names the field of each problem', () => {
    fails([], 'texts: empty list: give at least one text');
    fails(['a', 'b', 'c', 'd'], 'texts: 4 texts, at most 3 per call');
    fails(['ok', '  '], 'texts[1]: empty');
    fails(['ok', 'ok', 'toolong'], 'texts[2]: 7 characters, at most 5');
  });

  it('counts characters, not UTF-16 code units', () => {
    validateTexts(['😀😀😀😀😀', 'ok'], limits);
    fails(['😀😀😀😀😀😀'], 'texts[0]: 6 characters, at most 5');
  });
});
