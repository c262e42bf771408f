import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteDecision } from '../../src/domain/decide';
import { MAX_CACHED_TEXT_CHARS } from '../../src/domain/decision-cache';
import type { RoutingEngine } from '../../src/domain/routing-engine';
import { engineWith, input, policyWith } from '../support/routing';

function decide(engine: RoutingEngine, request = input()): RouteDecision {
  const out = engine.decide(request);
  assert.ok(!(out instanceof Promise) && out.kind === 'route');
  return out;
}

describe('decision cache', () => {
  it('hits on the same normalised request and counts hits and misses', () => {
    const engine = engineWith();
    assert.equal(decide(engine).cacheHit, false);
    assert.equal(decide(engine).cacheHit, true);
    assert.equal(decide(engine, input({ description: 'Other text' })).cacheHit, false);
    assert.deepEqual(engine.cache.counters(), { hits: 1, misses: 2, size: 2 });
  });

  it('keys on every input that changes the plan', () => {
    const engine = engineWith();
    decide(engine);
    const variants = [
      input({ task: 'validate' }),
      input({ testPath: 'tests/auth/a.spec.ts' }),
      input({ maxRank: 1 }),
      input({ previous: { rank: 0, failure: 'run_failed', errorCategory: '' }, attemptsMade: 1 }),
      input({ previous: { rank: 0, failure: 'timeout', errorCategory: '' }, attemptsMade: 1 }),
      input({ previous: { rank: 0, failure: 'timeout', errorCategory: '' }, attemptsMade: 2 }),
    ];
    for (const v of variants) assert.equal(decide(engine, v).cacheHit, false, JSON.stringify(v));
    // Budget scope is applied after the cache: another session reuses the plan.
    assert.equal(
      decide(engine, input({ scope: { tenantId: 'x', sessionId: 'y', featureId: 'z' } })).cacheHit,
      true,
    );
  });

  it('a cached plan still gets the current budget applied', () => {
    let used = 0;
    const engine = engineWith({
      budgets: () => ({
        kind: 'known',
        budgets: [{ kind: 'session', name: 'session:s1', usedMicros: used, limitMicros: 0, status: 'none' }],
      }),
    });
    const hard = input({ description: 'Log in and pay' });
    assert.equal(decide(engine, hard).rank, 2);
    used = 5_000_000;
    const second = decide(engine, hard);
    assert.equal(second.cacheHit, true);
    assert.equal(second.rank, 0);
    assert.equal(second.downgraded, true);
  });

  it('is invalidated when a new policy is swapped in', () => {
    const engine = engineWith();
    decide(engine);
    assert.equal(decide(engine).cacheHit, true);
    engine.policies.replace(
      policyWith([
        [['version'], 'v2'],
        [['rules', 0, 'tier'], 'haiku'],
      ]),
    );
    assert.equal(engine.cache.counters().size, 0);
    const after = decide(engine);
    assert.equal(after.cacheHit, false);
    assert.equal(after.rank, 1);
    assert.equal(after.policy.policy.version, 'v2');
  });

  it('does not keep very long requests, and can be disabled', () => {
    const engine = engineWith();
    const long = input({ description: 'x'.repeat(MAX_CACHED_TEXT_CHARS + 1) });
    decide(engine, long);
    assert.equal(decide(engine, long).cacheHit, false);
    const off = engineWith({ cacheSize: 0 });
    decide(off);
    assert.equal(decide(off).cacheHit, false);
    assert.deepEqual(off.cache.counters(), { hits: 0, misses: 2, size: 0 });
  });
});

describe('stats', () => {
  it('counts decisions per tier and agent, give-ups, downgrades, refusals, and times estimates', () => {
    const engine = engineWith({
      policy: policyWith([[['budgets', 'at_limit'], 'refuse']]),
      budgets: (scope) => ({
        kind: 'known',
        budgets:
          scope.sessionId === 'broke'
            ? [
                {
                  kind: 'session',
                  name: 'session:broke',
                  usedMicros: 5_000_000,
                  limitMicros: 0,
                  status: 'none',
                },
              ]
            : [],
      }),
    });
    decide(engine);
    decide(engine, input({ description: 'Log in and pay' }));
    decide(engine, input({ task: 'execute_test' }));
    decide(
      engine,
      input({ previous: { rank: 3, failure: 'run_failed', errorCategory: '' }, attemptsMade: 1 }),
    );
    const refused = engine.decide(
      input({ description: 'Log in and pay', scope: { tenantId: '', sessionId: 'broke', featureId: '' } }),
    );
    assert.ok(!(refused instanceof Promise) && refused.kind === 'refused');
    const s = engine.stats.snapshot();
    assert.equal(s.decisionsTotal, 5);
    assert.deepEqual(s.byTier, [1, 2, 0, 1, 0]);
    assert.deepEqual(
      [...s.byAgent],
      [
        ['scribe', 2],
        ['runner', 1],
      ],
    );
    assert.equal(s.giveUps, 1);
    assert.equal(s.refused, 1);
    assert.equal(s.downgraded, 0);
    // sampleEvery = 1 in the test engine: every cache miss is timed (the refusal reused a cached plan).
    assert.equal(s.estimator.count, 4);
    assert.ok(s.estimator.meanNs > 0 && s.estimator.p50Ns > 0);
    assert.ok(s.estimator.p50Ns <= s.estimator.p99Ns && s.estimator.p99Ns <= s.estimator.maxNs);
  });
});
