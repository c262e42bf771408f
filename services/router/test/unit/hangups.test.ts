import assert from 'node:assert/strict';
import { it } from 'node:test';
import { onHangup } from '../../src/hangups';

it('keeps a hang-up that came before its handler, hands it over once, then passes each one on', () => {
  process.emit('SIGHUP', 'SIGHUP');
  process.emit('SIGHUP', 'SIGHUP');
  const seen: string[] = [];
  onHangup(() => seen.push('reload'));
  assert.deepEqual(seen, ['reload'], 'the early hang-ups, once');
  process.emit('SIGHUP', 'SIGHUP');
  assert.deepEqual(seen, ['reload', 'reload']);
});
