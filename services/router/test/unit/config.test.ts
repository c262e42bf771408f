import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConfigError } from '@superagent/config';
import { availableProviders, DEFAULT_POLICY_PATH, loadRouterConfig } from '../../src/config';

describe('router config', () => {
  it('defaults to the bundled policy, the cost service on localhost, and local only', () => {
    const c = loadRouterConfig({});
    assert.equal(c.PORT, 50051);
    assert.equal(c.ROUTER_POLICY_PATH, DEFAULT_POLICY_PATH);
    assert.ok(existsSync(DEFAULT_POLICY_PATH));
    assert.equal(c.COST_ADDR, '127.0.0.1:50055');
    assert.equal(c.ROUTER_BUDGET_VIEW, 'cost');
    assert.deepEqual([...availableProviders(c)], ['local']);
  });

  it('derives providers from key presence, or takes an explicit list', () => {
    assert.deepEqual(
      [...availableProviders(loadRouterConfig({ ANTHROPIC_API_KEY: 'sk-x' }))],
      ['local', 'anthropic'],
    );
    assert.deepEqual(
      [...availableProviders(loadRouterConfig({ ANTHROPIC_API_KEY: 'sk-x', GOOGLE_API_KEY: 'g' }))],
      ['local', 'anthropic', 'google'],
    );
    assert.deepEqual(
      [...availableProviders(loadRouterConfig({ ANTHROPIC_API_KEY: 'sk-x', ROUTER_PROVIDERS: 'google' }))],
      ['local', 'google'],
    );
  });

  it('lists every problem, cross-field ones included', () => {
    assert.throws(
      () => loadRouterConfig({ ROUTER_CACHE_SIZE: '-1', ROUTER_BUDGET_VIEW: 'maybe', COST_ADDR: 'nope' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 3, err.message);
        assert.match(err.message, /ROUTER_CACHE_SIZE/);
        assert.match(err.message, /ROUTER_BUDGET_VIEW/);
        assert.match(err.message, /COST_ADDR/);
        return true;
      },
    );
    assert.throws(
      () => loadRouterConfig({ ROUTER_BUDGET_TTL_MS: '5000', ROUTER_BUDGET_MAX_STALE_MS: '1000' }),
      /ROUTER_BUDGET_MAX_STALE_MS \(1000\) must be ≥ ROUTER_BUDGET_TTL_MS \(5000\)/,
    );
  });

  it('a Redis task store needs exactly one way to reach Redis', () => {
    const redis = { PIPELINE_STORE: 'redis' };
    assert.throws(
      () => loadRouterConfig(redis),
      /needs exactly one of REDIS_URL or REDIS_SENTINELS \(got neither\)/,
    );
    assert.throws(
      () =>
        loadRouterConfig({
          ...redis,
          REDIS_URL: 'redis://127.0.0.1:6379',
          REDIS_SENTINELS: '127.0.0.1:26379',
        }),
      /needs exactly one of REDIS_URL or REDIS_SENTINELS \(got both\)/,
    );
    assert.equal(loadRouterConfig({ ...redis, REDIS_SENTINELS: '127.0.0.1:26379' }).PIPELINE_STORE, 'redis');
  });

  it('lists malformed values and the rules across variables in one run', () => {
    assert.throws(
      () => loadRouterConfig({ PORT: 'abc', PIPELINE_STORE: 'redis', ROUTER_BUDGET_MAX_STALE_MS: '1' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(
          err.problems.map((p) => p.split(' ')[0]),
          ['PORT', 'ROUTER_BUDGET_MAX_STALE_MS', 'PIPELINE_STORE=redis'],
          err.problems.join('\n'),
        );
        return true;
      },
    );
  });
});
