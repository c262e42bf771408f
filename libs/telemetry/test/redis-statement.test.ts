import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redisStatement } from '../src/redis-statement';

test('a Redis span names the command and counts its arguments, never showing them', () => {
  const statement = redisStatement('eval', [
    'return 1',
    1,
    'sa:router:task:secret-tenant',
    '{"description":"log in"}',
  ]);
  assert.equal(statement, 'eval [4 arguments]');
  assert.equal(redisStatement('ping', []), 'ping [0 arguments]');
  assert.equal(redisStatement('get', [Buffer.from('k')]), 'get [1 argument]');
});
