import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  checkHealth,
  createClient,
  startTestServer,
  type GrpcClient,
  type TestServer,
} from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router, serviceNames } from '@superagent/proto';
import { createRouterService } from '../../src/server';
import { engineWith, policyWith } from '../support/routing';

// Route, RouteBatch and GetStats over real gRPC on loopback, through the real server and generated client.

type RouterClient = GrpcClient<typeof router.RouterServiceService>;

async function rejects(promise: Promise<unknown>, code: grpc.status, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof Error && 'code' in err && 'details' in err, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(String(err.details), message);
    return true;
  });
}

describe('RouterService over gRPC', () => {
  let server: TestServer;
  let client: RouterClient;

  before(async () => {
    const engine = engineWith({
      policy: policyWith([[['budgets', 'at_limit'], 'refuse']]),
      budgets: (scope) => ({
        kind: 'known',
        budgets:
          scope.sessionId === 'spent'
            ? [
                {
                  kind: 'session',
                  name: 'session:spent',
                  usedMicros: 5_000_000,
                  limitMicros: 0,
                  status: 'none',
                },
              ]
            : [],
      }),
    });
    server = await startTestServer([createRouterService({ engine, logger: silentLogger() })]);
    client = createClient(router.RouterServiceService, server.address, {
      target: 'router',
      defaultDeadlineMs: 5_000,
      breaker: false,
      logger: silentLogger(),
    });
  });

  after(async () => {
    client?.close();
    await server?.stop();
  });

  const route = (partial: Partial<router.RouteRequest>) =>
    client.unary(
      'route',
      router.RouteRequest.fromPartial({ taskType: common.TaskType.WRITE_TEST, ...partial }),
    );

  it('reports SERVING on the standard health service', async () => {
    assert.equal(await checkHealth(server.address, serviceNames.router), 'SERVING');
  });

  it('routes a hard feature with the full explanation', async () => {
    const res = await route({
      description: 'Sign in with OAuth, then pay by card: 7 steps',
      testPath: 'tests/payment/checkout.spec.ts',
      sessionId: 's1',
      tenantId: 'acme',
    });
    assert.deepEqual(router.RouteResponse.toJSON(res), {
      agent: 'scribe',
      tier: 'TIER_SONNET',
      modelId: 'claude-sonnet-4-5',
      reason:
        'rule write-hard: hard features (auth, payment, real-time, many steps) start on a capable model',
      costCapMicros: 3_000_000,
      complexity: {
        score: 9,
        difficulty: 'DIFFICULTY_HARD',
        categories: [
          { name: 'steps', points: 2, matched: ['7 steps'] },
          { name: 'auth', points: 3, matched: ['sign in', 'oauth'] },
          { name: 'file_ops' },
          { name: 'realtime' },
          { name: 'payment', points: 4, matched: ['pay', 'payment', 'checkout'] },
          { name: 'mocking' },
        ],
        stepCount: 7,
      },
      budgetStatus: 'BUDGET_STATUS_OK',
      policyVersion: '2025-11-26.1',
      ruleId: 'write-hard',
      maxAttempts: 3,
    });
    const again = await route({
      description: 'Sign in with OAuth, then pay by card: 7 steps',
      testPath: 'tests/payment/checkout.spec.ts',
    });
    assert.equal(again.cacheHit, true);
  });

  it('walks the escalation ladder to "give up, ask a human"', async () => {
    const ladder: string[] = [];
    let previousTier = common.Tier.UNSPECIFIED;
    for (let attempt = 0; attempt < 5; attempt++) {
      const res = await route({
        description: 'Open the cart',
        previousTier,
        previousFailure:
          previousTier === common.Tier.UNSPECIFIED
            ? router.FailureKind.UNSPECIFIED
            : router.FailureKind.RUN_FAILED,
        attemptsMade: attempt,
      });
      if (res.giveUpAskHuman) {
        ladder.push('human');
        assert.equal(res.tier, common.Tier.UNSPECIFIED);
        assert.equal(res.agent, '');
        break;
      }
      ladder.push(common.tierToJSON(res.tier));
      previousTier = res.tier;
    }
    assert.deepEqual(ladder, ['TIER_LOCAL', 'TIER_HAIKU', 'TIER_SONNET', 'human']);
  });

  it('answers RESOURCE_EXHAUSTED naming the budget when the policy refuses', async () => {
    await rejects(
      route({ description: 'Log in and pay', sessionId: 'spent' }),
      grpc.status.RESOURCE_EXHAUSTED,
      /^budget session:spent: at 100% \(\$5\.00 of \$5\.00, policy limit\); the policy refuses paid tier sonnet at the limit$/,
    );
    // Free work goes on.
    assert.equal((await route({ description: 'Open the menu', sessionId: 'spent' })).tier, common.Tier.LOCAL);
  });

  it('answers INVALID_ARGUMENT naming the field', async () => {
    await rejects(
      route({ taskType: common.TaskType.UNSPECIFIED }),
      grpc.status.INVALID_ARGUMENT,
      /^task_type: required$/,
    );
    await rejects(
      route({ taskType: 17 as common.TaskType, description: 'x' }),
      grpc.status.INVALID_ARGUMENT,
      /^task_type: unknown task type 17$/,
    );
    await rejects(
      route({ description: 'x'.repeat(70_000) }),
      grpc.status.INVALID_ARGUMENT,
      /^description: at most 65,536 bytes/,
    );
  });

  it('RouteBatch answers each item in order with its own status', async () => {
    const res = await client.unary('routeBatch', {
      requests: [
        router.RouteRequest.fromPartial({
          taskType: common.TaskType.WRITE_TEST,
          description: 'Upload two files in 5 steps',
        }),
        router.RouteRequest.fromPartial({ taskType: common.TaskType.UNSPECIFIED }),
        router.RouteRequest.fromPartial({
          taskType: common.TaskType.WRITE_TEST,
          description: 'Pay and log in',
          sessionId: 'spent',
        }),
        router.RouteRequest.fromPartial({ taskType: common.TaskType.EXECUTE_TEST }),
      ],
    });
    assert.deepEqual(
      res.results.map((r) => [r.code, r.message, r.decision?.ruleId ?? '']),
      [
        [grpc.status.OK, '', 'write-easy'],
        [grpc.status.INVALID_ARGUMENT, 'requests[1].task_type: required', ''],
        [
          grpc.status.RESOURCE_EXHAUSTED,
          'budget session:spent: at 100% ($5.00 of $5.00, policy limit); the policy refuses paid tier sonnet at the limit',
          '',
        ],
        [grpc.status.OK, '', 'execute'],
      ],
    );
  });

  it('RouteBatch rejects an empty or oversized batch as a whole', async () => {
    await rejects(
      client.unary('routeBatch', { requests: [] }),
      grpc.status.INVALID_ARGUMENT,
      /^requests: at least 1 request$/,
    );
    const many = Array.from({ length: 1_001 }, () =>
      router.RouteRequest.fromPartial({ taskType: common.TaskType.EXECUTE_TEST }),
    );
    await rejects(
      client.unary('routeBatch', { requests: many }),
      grpc.status.INVALID_ARGUMENT,
      /^requests: at most 1,000 requests, got 1,001$/,
    );
    const full = await client.unary('routeBatch', { requests: many.slice(0, 1_000) });
    assert.equal(full.results.length, 1_000);
    assert.ok(full.results.every((r) => r.code === 0)); // grpc.status.OK
  });

  it('GetStats reports the counters of this process', async () => {
    const stats = await client.unary('getStats', {});
    assert.ok(stats.decisionsTotal >= 1_000);
    assert.equal(stats.refusedTotal, 2);
    assert.equal(stats.giveUpTotal, 1);
    assert.equal(stats.byTier.length, 5);
    assert.equal(
      stats.byTier.reduce((sum, t) => sum + t.count, 0) + stats.refusedTotal,
      stats.decisionsTotal,
    );
    assert.ok(stats.byAgent.some((a) => a.agent === 'runner' && a.count >= 1_000));
    assert.ok(stats.cacheHits >= 999);
    assert.equal(stats.cacheHitRate, stats.cacheHits / (stats.cacheHits + stats.cacheMisses));
    assert.ok(stats.estimator && stats.estimator.count > 0 && stats.estimator.meanNs > 0);
    assert.equal(stats.policyVersion, '2025-11-26.1');
    assert.ok(stats.policyLoadedUnixMs > 0 && stats.startedUnixMs > 0);
  });

  it('leaves the pipeline RPCs UNIMPLEMENTED when no pipeline is wired', async () => {
    await rejects(client.unary('getTask', { taskId: 'x' }), grpc.status.UNIMPLEMENTED, /getTask/i);
  });
});
