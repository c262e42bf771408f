import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { cost } from '@superagent/proto';
import { bothBackends } from '../support/both-backends';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';

// A Reserve repeated with its idempotency key (a client's retry, a task resumed by another worker)
// is answered with the reservation the key made, but only while that reservation still holds its
// amount. Once it was committed, released or has expired it holds nothing: an OK would have the
// caller spend money no budget holds for it. Both backends, over gRPC.

const backends = bothBackends();

for (const [name, store] of backends)
  describe(`a repeated Reserve (${name})`, () => {
    let h: CostHarness;
    before(async () => {
      h = await startCostHarness({ store });
    });
    after(async () => {
      await h?.stop();
    });

    // Each test its own feature (the key names it), capped at $0.50 by the default policy.
    const reserve = (idempotencyKey: string, fields: Partial<cost.ReserveRequest> = {}) =>
      h.client.unary(
        'reserve',
        cost.ReserveRequest.fromPartial({
          tenantId: `repeat-${name}`,
          featureId: `checkout-${idempotencyKey.split('-')[0]}`,
          estimateMicros: 500_000, // one hold fills the feature's cap
          idempotencyKey,
          ...fields,
        }),
      );
    const feature = async (key: string): Promise<cost.Budget | undefined> => {
      const r = await h.client.unary('getBudget', {
        tenantId: `repeat-${name}`,
        sessionId: '',
        featureId: `checkout-${key}`,
        featureCapMicros: 0,
      });
      return r.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
    };
    const refused = async (call: Promise<unknown>, why: RegExp): Promise<void> => {
      await assert.rejects(call, (err: Error & { code?: number }) => {
        assert.equal(err.code, status.FAILED_PRECONDITION, err.message);
        assert.match(err.message, why);
        assert.match(err.message, /holds nothing; reserve with a new idempotency_key/);
        return true;
      });
    };

    test('while the reservation holds, the repeat is answered with it and holds nothing more', async () => {
      const first = await reserve('held');
      const again = await reserve('held');
      assert.equal(again.reservationId, first.reservationId);
      assert.equal((await feature('held'))?.reservedMicros, 500_000);
      await h.client.unary('release', { reservationId: first.reservationId });
    });

    test('after Commit it is FAILED_PRECONDITION naming the state, and nothing is held', async () => {
      const first = await reserve('committed');
      await h.client.unary('commit', {
        reservationId: first.reservationId,
        actual: [usageRecord({ costMicros: 100_000 })],
      });
      await refused(
        reserve('committed'),
        new RegExp(`reservation ${first.reservationId} .* was already committed`),
      );
      assert.equal((await feature('committed'))?.reservedMicros, 0);
      // A new key is a new hold, checked against what the commit spent.
      const next = await reserve('committed-2', { estimateMicros: 400_000 });
      assert.equal((await feature('committed'))?.reservedMicros, 400_000);
      await h.client.unary('release', { reservationId: next.reservationId });
    });

    test('after Release it is FAILED_PRECONDITION naming the state', async () => {
      const first = await reserve('released');
      await h.client.unary('release', { reservationId: first.reservationId });
      await refused(reserve('released'), /was already released/);
      assert.equal((await feature('released'))?.reservedMicros, 0);
    });

    test('after its TTL it is FAILED_PRECONDITION naming the expiry', async () => {
      const first = await reserve('expired', { ttlMs: 1_000 });
      h.clock.advance(1_000);
      await refused(
        reserve('expired', { ttlMs: 1_000 }),
        new RegExp(`expired at ${new Date(first.expiresUnixMs).toISOString()}`),
      );
      assert.equal((await feature('expired'))?.reservedMicros, 0);
    });
  });
