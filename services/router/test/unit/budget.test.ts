import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateBudgets, stateFor, type BudgetSnapshot, type BudgetUsage } from '../../src/domain/budget';
import type { RouteDecision, RouteInput, RouteOutcome } from '../../src/domain/decide';
import { tierName } from '../../src/domain/tiers';
import { DEFAULT_POLICY, engineWith, input, policyWith } from '../support/routing';

const SPEC = DEFAULT_POLICY.budgets; // session $5, daily $50, warn 80 %, stop 100 %
const HARD = 'Log in and pay with a card';

function session(usedMicros: number, extra: Partial<BudgetUsage> = {}): BudgetUsage {
  return { kind: 'session', name: 'session:s1', usedMicros, limitMicros: 0, status: 'none', ...extra };
}

function outcome(
  snapshot: BudgetSnapshot,
  request: RouteInput = input({ description: HARD }),
  atLimit?: 'refuse',
): RouteOutcome {
  const policy = atLimit ? policyWith([[['budgets', 'at_limit'], atLimit]]) : DEFAULT_POLICY;
  const result = engineWith({ policy, budgets: snapshot }).decide(request);
  assert.ok(!(result instanceof Promise));
  return result;
}

function decision(o: RouteOutcome): RouteDecision {
  assert.equal(o.kind, 'route', JSON.stringify(o));
  return o;
}

describe('budget thresholds: warn at exactly 80 %, stop at exactly 100 %', () => {
  const limit = 5_000_000;
  for (const [used, state] of [
    [0, 'ok'],
    [3_999_999, 'ok'],
    [4_000_000, 'warn'],
    [4_999_999, 'warn'],
    [5_000_000, 'stop'],
    [7_000_000, 'stop'],
  ] as const) {
    it(`$${used / 1e6} of $5 is ${state}`, () => assert.equal(stateFor(used, limit, SPEC), state));
  }

  it('a limit of 0 is no limit', () => assert.equal(stateFor(10 ** 12, 0, SPEC), 'none'));

  it('is exact for large amounts', () => {
    const big = 9_000_000_000_000_000;
    assert.equal(stateFor(big * 0.8, big, SPEC), 'warn');
    assert.equal(stateFor(big - 1, big, SPEC), 'warn');
    assert.equal(stateFor(big, big, SPEC), 'stop');
  });

  it('applies the session limit only with a session, and the daily limit always', () => {
    const scope = { tenantId: 'acme', sessionId: '', featureId: '' };
    assert.deepEqual(evaluateBudgets(SPEC, scope, [session(5_000_000)]), { state: 'ok' });
    const withSession = { ...scope, sessionId: 's1' };
    assert.equal(evaluateBudgets(SPEC, withSession, [session(5_000_000)]).state, 'stop');
    assert.equal(evaluateBudgets({ ...SPEC, dailyMicros: 0 }, scope, []).state, 'none');
  });
});

describe('budgets in decisions', () => {
  it('at warn: the paid tier stays, the reason warns', () => {
    const d = decision(outcome({ kind: 'known', budgets: [session(4_000_000)] }));
    assert.equal(tierName(d.rank ?? 0), 'sonnet');
    assert.equal(d.budget, 'warn');
    assert.match(d.reason, /warning: budget session:s1 at 80% \(\$4\.00 of \$5\.00, policy limit\)$/);
  });

  it('at stop with "downgrade": a paid tier becomes local, marked downgraded', () => {
    const d = decision(outcome({ kind: 'known', budgets: [session(5_000_000)] }));
    assert.equal(d.rank, 0);
    assert.equal(d.modelId, 'local');
    assert.equal(d.downgraded, true);
    assert.equal(d.budget, 'stop');
    assert.deepEqual(d.skipped.at(-1), {
      rank: 2,
      reason: 'budget session:s1 at 100% ($5.00 of $5.00, policy limit)',
    });
    assert.match(d.reason, /sonnet skipped: budget session:s1 at 100% .*; using local$/);
  });

  it('at stop with "refuse": RESOURCE_EXHAUSTED material naming the budget', () => {
    const o = outcome(
      { kind: 'known', budgets: [session(6_000_000)] },
      input({ description: HARD }),
      'refuse',
    );
    assert.deepEqual(o, {
      kind: 'refused',
      budget: 'session:s1',
      why: 'at 120% ($6.00 of $5.00, policy limit); the policy refuses paid tier sonnet at the limit',
    });
  });

  it('free (local) work is never refused or downgraded by a budget', () => {
    for (const atLimit of [undefined, 'refuse'] as const) {
      const d = decision(
        outcome(
          { kind: 'known', budgets: [session(9_000_000)] },
          input({ description: 'Open the menu' }),
          atLimit,
        ),
      );
      assert.equal(d.rank, 0);
      assert.equal(d.downgraded, false);
      assert.equal(d.budget, 'stop');
    }
  });

  it('the daily budget per tenant applies without a session', () => {
    const request = input({ description: HARD, scope: { tenantId: 'acme', sessionId: '', featureId: '' } });
    const daily: BudgetUsage = {
      kind: 'tenant_day',
      name: 'tenant:acme:2026-11-26',
      usedMicros: 50_000_000,
      limitMicros: 0,
      status: 'none',
    };
    const d = decision(outcome({ kind: 'known', budgets: [daily, session(4_999_999)] }, request));
    assert.equal(d.rank, 0);
    assert.match(d.reason, /budget tenant:acme:2026-11-26 at 100% \(\$50\.00 of \$50\.00, policy limit\)/);
  });

  it("folds in the cost service's own status (e.g. a feature cap it enforces)", () => {
    const feature: BudgetUsage = {
      kind: 'feature',
      name: 'feature:login',
      usedMicros: 2_000_000,
      limitMicros: 2_000_000,
      status: 'stop',
    };
    const d = decision(outcome({ kind: 'known', budgets: [feature] }));
    assert.equal(d.rank, 0);
    assert.match(d.reason, /budget feature:login at 100% \(\$2\.00 of \$2\.00, cost service limit\)/);
  });

  it('escalating into a stopped budget gives up instead of climbing', () => {
    const request = input({
      description: HARD,
      previous: { rank: 0, failure: 'run_failed', errorCategory: '' },
      attemptsMade: 1,
    });
    const d = decision(outcome({ kind: 'known', budgets: [session(5_000_000)] }, request));
    assert.equal(d.giveUp, true);
    assert.match(d.reason, /cannot escalate to haiku: budget session:s1 at 100%/);
  });

  it('budgets unknown (cost service unreachable): paid tiers off, local still routed', () => {
    const unknown: BudgetSnapshot = {
      kind: 'unknown',
      reason: 'cost service unreachable: connect ECONNREFUSED',
    };
    const d = decision(outcome(unknown));
    assert.equal(d.rank, 0);
    assert.equal(d.downgraded, false);
    assert.equal(d.budget, 'unknown');
    assert.match(
      d.reason,
      /sonnet skipped: budgets unknown \(cost service unreachable: connect ECONNREFUSED\): paid tiers are not used; using local/,
    );
    const easy = decision(outcome(unknown, input({ description: 'Open the menu' })));
    assert.equal(easy.rank, 0);
    assert.equal(easy.skipped.length, 0);
    const escalation = decision(
      outcome(
        unknown,
        input({ previous: { rank: 0, failure: 'run_failed', errorCategory: '' }, attemptsMade: 1 }),
      ),
    );
    assert.equal(escalation.giveUp, true);
  });

  it('budgets off: nothing is enforced by the router', () => {
    const d = decision(outcome({ kind: 'off' }));
    assert.equal(tierName(d.rank ?? 0), 'sonnet');
    assert.equal(d.budget, 'none');
  });
});
