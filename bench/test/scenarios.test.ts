// The original's two write scenarios at full size, for correctness only (speed goals live in
// `npm run bench -- redis-pool` and `vector-writes`): no failed operation, nothing lost or counted
// twice, no vector or payload that differs from what was written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redisPoolStress } from '../src/scenarios/redis-pool';
import { vectorWrites } from '../src/scenarios/vector-writes';

test('Redis pool stress: 100 ops × 20 workers on real Redis (shared client, cost Record), 0 errors, report exact', async () => {
  const o = await redisPoolStress(20, 100);
  assert.equal(o.client.errors, 0, o.client.firstError);
  assert.equal(o.client.ops, 2_000);
  assert.equal(o.run.errors, 0, o.run.firstError);
  assert.equal(o.run.ops, 2_000);
  assert.equal(o.reported, 2_000);
  assert.equal(o.missing, 0);
  assert.equal(o.spendMismatchMicros, 0);
});

test('vector writes: 50 RememberPattern × 10 workers, every vector and payload reads back intact', async () => {
  const o = await vectorWrites(10, 50);
  assert.equal(o.run.errors, 0, o.run.firstError);
  assert.equal(o.run.ops, 500);
  assert.equal(o.checked, 500);
  assert.deepEqual(o.problems, []);
  assert.equal(o.corrupted, 0);
});
