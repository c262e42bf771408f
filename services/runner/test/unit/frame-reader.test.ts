import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameReader } from '../../src/pool/frame-reader';

function reader(maxFrameBytes = 64): {
  r: FrameReader;
  got: Record<string, unknown>[];
  violations: string[];
} {
  const got: Record<string, unknown>[] = [];
  const violations: string[] = [];
  const r = new FrameReader({ maxFrameBytes, onViolation: (why) => violations.push(why) });
  r.open('n0nce', (m) => got.push(m), 1000);
  return { r, got, violations };
}

describe('FrameReader', () => {
  it('reads stamped lines, whole or in pieces', () => {
    const { r, got, violations } = reader();
    r.push(Buffer.from('n0nce\t{"type":"a"}\nn0n'));
    r.push(Buffer.from('ce\t{"type"'));
    r.push(Buffer.from(':"b"}\n'));
    assert.deepEqual(got, [{ type: 'a' }, { type: 'b' }]);
    assert.deepEqual(violations, []);
  });

  for (const [what, bytes, why] of [
    ['garbage', 'x\n', /without a valid nonce/],
    ['a line without the nonce', '\t{"type":"done"}\n', /without a valid nonce/],
    ['a wrong nonce', 'guess\t{"type":"done"}\n', /without a valid nonce/],
    ['JSON that does not parse', 'n0nce\t{"type":\n', /not valid JSON/],
    ['JSON that is not an object', 'n0nce\t[1]\n', /not a JSON object/],
    ['a line over the limit', `n0nce\t"${'a'.repeat(100)}"\n`, /over the 64-byte limit/],
    ['an unfinished line over the limit', 'a'.repeat(100), /over the 64-byte limit/],
  ] as const) {
    it(`reports ${what} once and reads nothing after it`, () => {
      const { r, got, violations } = reader();
      r.push(Buffer.from(bytes));
      r.push(Buffer.from('n0nce\t{"type":"late"}\n'));
      assert.equal(violations.length, 1);
      assert.match(violations[0] ?? '', why);
      assert.deepEqual(got, []);
    });
  }

  it('caps the bytes read for one request', () => {
    const { r, violations } = reader(1 << 20);
    for (let i = 0; i < 20; i++) r.push(Buffer.from(`n0nce\t{"a":"${'a'.repeat(90)}"}\n`));
    assert.match(violations[0] ?? '', /more than 1000 bytes for one request/);
  });

  it('ignores late answers to a closed request', () => {
    const { r, got, violations } = reader();
    r.close('n0nce');
    r.push(Buffer.from('n0nce\t{"type":"late"}\n'));
    assert.deepEqual(got, []);
    assert.deepEqual(violations, []);
  });
});
