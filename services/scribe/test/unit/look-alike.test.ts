import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runner } from '@superagent/proto';
import { buildPageModel } from '../../src/domain/page-model';
import { step } from '../../src/domain/plan';
import { lookAlike } from '../../src/generation/local-generator';

const [shopLink, payButton] = buildPageModel(
  runner.Snapshot.fromPartial({
    nodes: [
      runner.SnapshotNode.fromPartial({ role: 'link', name: 'Demo Shop' }),
      runner.SnapshotNode.fromPartial({ role: 'button', name: 'Pay $49.00' }),
    ],
  }),
).nodes;

test('a long target that shares one word with a control, matched weakly, is no reason to act on that control', () => {
  assert.ok(shopLink && payButton);
  const misread = step('click', 'p', { target: 'Verify the shop should show Payment successful' });
  assert.equal(lookAlike(misread, { node: shopLink, score: 0.35 }), true);
  // A strong match, an exact name, a short target or shared words keep the control.
  assert.equal(lookAlike(misread, { node: shopLink, score: 0.6 }), false);
  assert.equal(lookAlike({ ...misread, exactName: 'Demo Shop' }, { node: shopLink, score: 0.35 }), false);
  assert.equal(lookAlike(step('click', 'p', { target: 'the shop' }), { node: shopLink, score: 0.35 }), false);
  const pay = step('click', 'p', { target: 'pay the order amount now with my card' });
  assert.equal(lookAlike(pay, { node: payButton, score: 0.35 }), true);
  const payMore = step('click', 'p', { target: 'pay amount button for this card payment' });
  assert.equal(lookAlike(payMore, { node: payButton, score: 0.35 }), false);
});
