import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { locateInSpec, specFrames } from '../../src/domain/spec-location';

const STACK = `Error: boom
    at Object.fn (/scratch/w1/runs/r/login.spec.ts:12:7)
    at FixtureRunner.call (/app/dist/src/worker/runtime/execute.js:90:10)
    at /scratch/w1/runs/r/login.spec.ts:4:3`;

describe('spec location', () => {
  it('finds the first frame inside the spec', () => {
    assert.deepEqual(locateInSpec(STACK, '/scratch/w1/runs/r/login.spec.ts'), { line: 12, column: 7 });
    assert.equal(locateInSpec(STACK, '/other.spec.ts'), undefined);
    assert.equal(locateInSpec(undefined, '/x'), undefined);
  });
  it('keeps only spec frames, named after the spec', () => {
    assert.equal(
      specFrames(STACK, '/scratch/w1/runs/r/login.spec.ts', 'login.spec.ts'),
      'at Object.fn (login.spec.ts:12:7)\nat login.spec.ts:4:3',
    );
  });
});
