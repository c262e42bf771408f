import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ConfigError, describeSpec } from '@superagent/config';
import { costConfigSpec, loadCostConfig } from '../../src/config';

test('defaults: memory store, the shipped data files, port 50055', () => {
  const c = loadCostConfig({});
  assert.equal(c.COST_STORE, 'memory');
  assert.equal(c.PORT, 50055);
  assert.equal(c.COST_WAIT_REPLICAS, 0);
  assert.ok(existsSync(c.COST_PRICES_PATH), c.COST_PRICES_PATH);
  assert.ok(existsSync(c.COST_BUDGETS_PATH), c.COST_BUDGETS_PATH);
});

test('redis needs exactly one of REDIS_URL and REDIS_SENTINELS; every problem is listed', () => {
  const problems = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadCostConfig(env);
      return [];
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      return [...err.problems];
    }
  };
  assert.match(
    problems({ COST_STORE: 'redis' }).join('\n'),
    /exactly one of REDIS_URL or REDIS_SENTINELS \(got neither\)/,
  );
  assert.match(
    problems({ COST_STORE: 'redis', REDIS_URL: 'redis://x:1', REDIS_SENTINELS: 'a:1' }).join('\n'),
    /got both/,
  );
  assert.deepEqual(problems({ COST_STORE: 'redis', REDIS_SENTINELS: '127.0.0.1:26379,127.0.0.1:26380' }), []);
  const many = problems({ COST_STORE: 'disk', COST_WAIT_TIMEOUT_MS: '9000', COST_MAX_BATCH: '0' });
  assert.equal(many.length, 3, many.join('\n'));
  assert.match(
    problems({ COST_RESERVATION_TTL_MS: '90000', COST_RESERVATION_MAX_TTL_MS: '60000' }).join('\n'),
    /must not exceed/,
  );
});

test('rules across variables are listed together with the problems of single variables', () => {
  let err: unknown;
  try {
    loadCostConfig({
      COST_STORE: 'redis',
      PORT: 'abc',
      COST_RESERVATION_TTL_MS: '90000',
      COST_RESERVATION_MAX_TTL_MS: '60000',
    });
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof ConfigError);
  const listed = err.problems.join('\n');
  assert.match(listed, /^PORT must be an integer/m);
  assert.match(listed, /exactly one of REDIS_URL or REDIS_SENTINELS \(got neither\)/);
  assert.match(listed, /COST_RESERVATION_TTL_MS must not exceed/);
  assert.equal(err.problems.length, 3, listed);
  // A malformed REDIS_URL is named once, as malformed, not also as missing.
  try {
    loadCostConfig({ COST_STORE: 'redis', REDIS_URL: 'http://x:1' });
    assert.fail('expected a ConfigError');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.deepEqual(
      e.problems.map((p) => p.split(' ')[0]),
      ['REDIS_URL'],
    );
  }
});

test('every variable is documented', () => {
  for (const row of describeSpec(costConfigSpec)) assert.notEqual(row.doc, '', row.name);
});
