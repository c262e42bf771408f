import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteDecision, RouteInput, RouteOutcome } from '../../src/domain/decide';
import type { RoutingEngine } from '../../src/domain/routing-engine';
import { tierName, type TierRank } from '../../src/domain/tiers';
import { engineWith, input, policyWith } from '../support/routing';

const HAIKU: TierRank = 1;
const SONNET: TierRank = 2;
const OPUS: TierRank = 3;
const LOCAL: TierRank = 0;

function decide(engine: RoutingEngine, request: RouteInput): RouteDecision {
  const outcome = engine.decide(request);
  assert.ok(!(outcome instanceof Promise), 'a static budget view answers synchronously');
  assert.equal(outcome.kind, 'route', JSON.stringify(outcome));
  return outcome;
}

const tierOf = (d: RouteDecision) => (d.rank === undefined ? 'none' : tierName(d.rank));
const HARD = 'Log in and pay with a card';
const EASY = 'Open the help dialog and close it';

describe('rules: first match on task type and difficulty', () => {
  const engine = engineWith();
  const cases: Array<
    [RouteInput['taskIndex'] extends number ? Parameters<typeof input>[0] : never, string, string, string]
  > = [
    [{ task: 'write_test', description: EASY }, 'write-easy', 'scribe', 'local'],
    [{ task: 'write_test', description: HARD }, 'write-hard', 'scribe', 'sonnet'],
    [{ task: 'execute_test', description: HARD }, 'execute', 'runner', 'local'],
    [{ task: 'fix_test', description: EASY }, 'fix-easy', 'medic', 'haiku'],
    [{ task: 'fix_test', description: HARD }, 'fix-hard', 'medic', 'sonnet'],
    [{ task: 'pre_validate', description: '' }, 'pre-validate', 'critic', 'local'],
    [{ task: 'validate', description: HARD }, 'validate', 'critic', 'local'],
  ];
  for (const [request, ruleId, agent, tier] of cases) {
    it(`${request?.task} "${request?.description}" → ${ruleId}: ${agent} on ${tier}`, () => {
      const d = decide(engine, input(request));
      assert.deepEqual([d.ruleId, d.agent, tierOf(d)], [ruleId, agent, tier]);
      assert.match(d.reason, new RegExp(`^rule ${ruleId}: `));
      assert.equal(d.giveUp, false);
      assert.equal(d.maxAttempts, 3);
    });
  }

  it('the first matching rule wins, in file order', () => {
    const policy = policyWith([
      [['rules', 0, 'difficulty'], 'any'],
      [['rules', 0, 'tier'], 'haiku'],
    ]);
    const d = decide(engineWith({ policy }), input({ description: HARD }));
    assert.deepEqual([d.ruleId, tierOf(d)], ['write-easy', 'haiku']);
  });

  it('names the model of the tier, and a rule may set its own max attempts', () => {
    const policy = policyWith([[['rules', 1, 'max_attempts'], 5]]);
    const d = decide(engineWith({ policy }), input({ description: HARD }));
    assert.equal(d.modelId, 'claude-sonnet-4-5');
    assert.equal(d.maxAttempts, 5);
    assert.equal(decide(engineWith(), input()).modelId, 'local');
  });
});

describe('tiers that cannot be used are skipped with the reason', () => {
  it('without a provider key a paid rule steps down to local', () => {
    const d = decide(engineWith({ providers: [] }), input({ description: HARD }));
    assert.equal(tierOf(d), 'local');
    assert.deepEqual(
      d.skipped.map((s) => [tierName(s.rank), s.reason]),
      [
        ['sonnet', 'provider anthropic not configured (no API key)'],
        ['haiku', 'provider anthropic not configured (no API key)'],
      ],
    );
    assert.match(d.reason, /sonnet skipped: provider anthropic not configured \(no API key\)/);
    assert.equal(d.downgraded, false);
  });

  it('max_tier caps the rule tier', () => {
    const d = decide(engineWith(), input({ description: HARD, maxRank: HAIKU }));
    assert.equal(tierOf(d), 'haiku');
    assert.deepEqual(
      d.skipped.map((s) => s.reason),
      ['above max_tier haiku'],
    );
  });

  it('a tier served by another provider is used when that provider is configured', () => {
    const policy = policyWith([[['tiers', 'sonnet'], { provider: 'google', model: 'gemini-2.5-pro' }]]);
    const onlyAnthropic = decide(
      engineWith({ policy, providers: ['anthropic'] }),
      input({ description: HARD }),
    );
    assert.equal(tierOf(onlyAnthropic), 'haiku');
    assert.equal(onlyAnthropic.skipped[0]?.reason, 'provider google not configured (no API key)');
    const withGoogle = decide(engineWith({ policy, providers: ['google'] }), input({ description: HARD }));
    assert.deepEqual([tierOf(withGoogle), withGoogle.modelId], ['sonnet', 'gemini-2.5-pro']);
  });
});

describe('escalation ladder', () => {
  const engine = engineWith();
  const after = (rank: TierRank, attemptsMade = 1, failure: 'run_failed' | 'timeout' = 'run_failed') =>
    decide(
      engine,
      input({ description: EASY, previous: { rank, failure, errorCategory: 'selector' }, attemptsMade }),
    );

  it('climbs local → haiku → sonnet → opus, one tier per failure', () => {
    assert.equal(tierOf(after(LOCAL)), 'haiku');
    assert.equal(tierOf(after(HAIKU)), 'sonnet');
    assert.equal(tierOf(after(SONNET, 2)), 'opus');
    assert.match(
      after(LOCAL).reason,
      /^attempt on local failed: run_failed \(selector\); rule write-easy: .*; escalated from local to haiku$/,
    );
  });

  it('gives up and asks a human at the top', () => {
    const d = decide(
      engineWith({ policy: policyWith([[['escalation', 'max_attempts'], 9]]) }),
      input({
        description: EASY,
        previous: { rank: OPUS, failure: 'run_failed', errorCategory: '' },
        attemptsMade: 3,
      }),
    );
    assert.equal(d.giveUp, true);
    assert.equal(d.rank, undefined);
    assert.equal(d.agent, '');
    assert.match(d.reason, /^give up, ask a human; .*opus is the top of the ladder$/);
  });

  it('gives up when max attempts are used', () => {
    const d = after(LOCAL, 3);
    assert.equal(d.giveUp, true);
    assert.match(d.reason, /max attempts \(3\) reached/);
    assert.equal(after(LOCAL, 2).giveUp, false);
  });

  it('skips tiers that cannot be used on the way up, and gives up when none is left', () => {
    const noKey = engineWith({ providers: [] });
    const d = decide(
      noKey,
      input({ previous: { rank: LOCAL, failure: 'run_failed', errorCategory: '' }, attemptsMade: 1 }),
    );
    assert.equal(d.giveUp, true);
    assert.deepEqual(
      d.skipped.map((s) => tierName(s.rank)),
      ['haiku', 'sonnet', 'opus'],
    );
    assert.match(d.reason, /no usable tier above local: haiku skipped: provider anthropic not configured/);

    const policy = policyWith([[['tiers', 'haiku'], { provider: 'google', model: 'gemini-flash' }]]);
    const jump = decide(
      engineWith({ policy }),
      input({ previous: { rank: LOCAL, failure: 'run_failed', errorCategory: '' }, attemptsMade: 1 }),
    );
    assert.equal(tierOf(jump), 'sonnet');
    assert.match(
      jump.reason,
      /escalated from local to sonnet \(haiku skipped: provider google not configured/,
    );

    const capped = decide(
      engineWith(),
      input({
        previous: { rank: HAIKU, failure: 'run_failed', errorCategory: '' },
        attemptsMade: 1,
        maxRank: HAIKU,
      }),
    );
    assert.equal(capped.giveUp, true);
    assert.deepEqual(
      capped.skipped.map((s) => s.reason),
      ['above max_tier haiku', 'above max_tier haiku'],
    );
  });

  it('follows the policy per failure kind: retry the same tier, or hand to a human', () => {
    const policy = policyWith([
      [['escalation', 'on_failure', 'timeout'], 'retry'],
      [['escalation', 'on_failure', 'validation_rejected'], 'ask_human'],
    ]);
    const e = engineWith({ policy });
    const retry = decide(
      e,
      input({ previous: { rank: HAIKU, failure: 'timeout', errorCategory: '' }, attemptsMade: 1 }),
    );
    assert.equal(tierOf(retry), 'haiku');
    assert.match(retry.reason, /retrying on haiku/);
    const human = decide(
      e,
      input({
        previous: { rank: LOCAL, failure: 'validation_rejected', errorCategory: '' },
        attemptsMade: 1,
      }),
    );
    assert.equal(human.giveUp, true);
    assert.match(human.reason, /the policy hands this failure to a human/);
  });
});

describe('cost caps: default $0.50, first matching glob override', () => {
  const engine = engineWith();
  for (const [path, micros] of [
    ['', 500_000],
    ['tests/cart.spec.ts', 500_000],
    ['tests/auth/login.spec.ts', 2_000_000],
    ['tests/OAuth-login.spec.ts', 2_000_000],
    ['tests/checkout/payment.spec.ts', 3_000_000],
    ['e2e/admin-users.spec.ts', 1_500_000],
    ['tests/admin/payment-refunds.spec.ts', 3_000_000],
    ['tests/auth/admin.spec.ts', 2_000_000],
    ['tests\\payment\\card.spec.ts', 3_000_000],
  ] as const) {
    it(`"${path}" → ${micros} µ$`, () => {
      assert.equal(decide(engine, input({ testPath: path })).costCapMicros, micros);
    });
  }

  it('a glob with "/" matches the whole path', () => {
    const policy = policyWith([[['cost_caps', 'overrides'], [{ glob: 'tests/vip/**', cap: '9.99' }]]]);
    const e = engineWith({ policy });
    assert.equal(decide(e, input({ testPath: 'tests/vip/a/b.spec.ts' })).costCapMicros, 9_990_000);
    assert.equal(decide(e, input({ testPath: 'other/tests/vip/b.spec.ts' })).costCapMicros, 500_000);
  });
});

describe('outcomes are exact objects', () => {
  it('a first routing reports complexity and the budget status', () => {
    const d: RouteOutcome = decide(engineWith(), input({ description: 'Upload 2 files in 6 steps' }));
    assert.equal(d.kind, 'route');
    if (d.kind !== 'route') return;
    assert.equal(d.estimate.score, 4);
    assert.equal(d.estimate.stepCount, 6);
    assert.equal(d.budget, 'ok');
    assert.equal(d.cacheHit, false);
  });
});
