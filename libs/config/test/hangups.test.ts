import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deferHangups } from '../src';

test('keeps the hang-ups that came before start, hands them over once, then passes each one on', () => {
  const hangups = deferHangups();
  process.emit('SIGHUP', 'SIGHUP');
  process.emit('SIGHUP', 'SIGHUP');
  const seen: string[] = [];
  hangups.start(() => seen.push('reload'));
  assert.deepEqual(seen, ['reload'], 'the early hang-ups, once');
  process.emit('SIGHUP', 'SIGHUP');
  assert.deepEqual(seen, ['reload', 'reload']);
});
