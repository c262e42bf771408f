import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { common, router } from '@superagent/proto';
import type { BudgetSnapshot } from '../../src/domain/budget';
import type { RouteOutcome } from '../../src/domain/decide';
import { distinctInputs } from '../../src/tools/decision-rate';
import type { TierRank } from '../../src/domain/tiers';
import { encodeRouteReply, toRouteResponse } from '../../src/handlers/route-reply';
import { engineWith, input } from '../support/routing';

function decided(outcome: RouteOutcome | Promise<RouteOutcome>): router.RouteResponse {
  if (outcome instanceof Promise || outcome.kind === 'refused') throw new Error('expected a decision');
  return toRouteResponse(outcome);
}

/** A session budget at `usedMicros` of the default policy's $5 session limit. */
function sessionAt(usedMicros: number): BudgetSnapshot {
  return {
    kind: 'known',
    budgets: [{ kind: 'session', name: 'session:s1', usedMicros, limitMicros: 0, status: 'none' }],
  };
}

/** Replies covering every field: tiers, caps, budgets (ok, warn, stop → downgrade, unknown), the ladder, skips. */
function replies(): router.RouteResponse[] {
  const out: router.RouteResponse[] = [];
  const plain = engineWith({ cacheSize: 1000 });
  for (const request of distinctInputs(300)) {
    out.push(decided(plain.decide(request)));
    out.push(decided(plain.decide(request))); // the cache hit
  }
  for (const [budgets, providers] of [
    [sessionAt(4_000_000), ['anthropic']],
    [sessionAt(5_000_000), ['anthropic']],
    [{ kind: 'unknown', reason: 'cost service unreachable' } as const, ['anthropic']],
    [sessionAt(0), []],
  ] as const) {
    const engine = engineWith({ budgets, providers: [...providers] });
    for (const description of [
      'Open the help dialog',
      'Log in, upload 3 files and pay with a card, steps: 12',
    ]) {
      for (const rank of [undefined, 0, 1, 2, 3] as (TierRank | undefined)[]) {
        const previous =
          rank === undefined
            ? undefined
            : { rank, failure: 'run_failed' as const, errorCategory: 'selector' };
        out.push(
          decided(engine.decide(input({ description, previous, attemptsMade: rank === undefined ? 0 : 1 }))),
        );
      }
    }
  }
  return out;
}

describe('encodeRouteReply', () => {
  const all = replies();

  it('writes the bytes the generated encoder writes, for every kind of reply', () => {
    for (const reply of all) {
      assert.deepEqual(encodeRouteReply(reply), Buffer.from(router.RouteResponse.encode(reply).finish()));
    }
  });

  it('covers replies with every optional part present', () => {
    assert.ok(all.some((r) => r.cacheHit));
    assert.ok(all.some((r) => r.downgraded));
    assert.ok(all.some((r) => r.giveUpAskHuman));
    assert.ok(all.some((r) => r.skippedTiers.length > 0));
    assert.ok(all.some((r) => r.budgetStatus === common.BudgetStatus.WARN));
    assert.ok(all.some((r) => r.budgetStatus === common.BudgetStatus.STOP));
    assert.ok(all.some((r) => r.complexity?.categories.some((c) => c.matched.length > 0)));
    assert.ok(all.some((r) => (r.complexity?.stepCount ?? 0) > 0));
  });

  it('decodes back to the reply, non-ASCII text included', () => {
    const reply = { ...all[0]!, reason: 'règle « écrire » — ok ✓', modelId: 'модель' };
    assert.deepEqual(router.RouteResponse.decode(encodeRouteReply(reply)), reply);
  });
});
