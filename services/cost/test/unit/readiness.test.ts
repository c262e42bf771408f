import { test } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@superagent/logging';
import { followReadiness } from '../../src/readiness';

test('health follows the probe, changes are applied once, and stop() ends the polling', async () => {
  let ready = false;
  const states: boolean[] = [];
  const r = followReadiness(async () => ready, { setServing: (s) => states.push(s) }, silentLogger(), 10);
  assert.equal(await r.check(), false);
  ready = true;
  await r.check();
  await r.check();
  ready = false;
  await r.check();
  assert.deepEqual(states, [false, true, false]);
  ready = true;
  // The timer notices on its own.
  const deadline = Date.now() + 5_000;
  while (states.at(-1) !== true && Date.now() < deadline) await new Promise((res) => setTimeout(res, 5));
  assert.equal(states.at(-1), true);
  await r.stop();
  ready = false;
  await r.check();
  assert.equal(states.at(-1), true, 'no change after stop');
});

test('a probe that throws counts as not ready', async () => {
  const states: boolean[] = [];
  const r = followReadiness(
    async () => {
      throw new Error('boom');
    },
    { setServing: (s) => states.push(s) },
    silentLogger(),
    1_000,
  );
  assert.equal(await r.check(), false);
  assert.deepEqual(states, [false]);
  await r.stop();
});
