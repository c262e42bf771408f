import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServiceProcess, waitFor, type ServiceProcess } from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { captureLogger, silentLogger, type Logger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { CostBudgetView } from '../../src/clients/cost-budget-view';
import type { BudgetScope, BudgetSnapshot } from '../../src/domain/budget';
import type { RouteDecision } from '../../src/domain/decide';
import type { RoutingEngine } from '../../src/domain/routing-engine';
import { createRoutingEngine } from '../../src/routing-stack';
import { DEFAULT_POLICY, input } from '../support/routing';

// The budget view against the real cost service process (memory store, its default budgets:
// $5 per session, $50 per tenant per day): cached answers, background refresh, and the cost
// service killed and restarted (issue 10: paid tiers refused, the free tier kept).

type CostClient = GrpcClient<typeof cost.CostServiceService>;

const HARD = 'Log in and pay by card';

describe('budget view backed by the cost service', () => {
  let costService: ServiceProcess | undefined;
  let client: CostClient;
  let view: CostBudgetView;
  let engine: RoutingEngine;
  let now = 1_000_000;

  before(async () => {
    costService = await startServiceProcess('cost', { env: { COST_STORE: 'memory' } });
    client = createClient(cost.CostServiceService, costService.address, {
      target: 'cost',
      defaultDeadlineMs: 2_000,
      breaker: false,
      logger: silentLogger(),
    });
    view = budgetView(silentLogger(), () => now);
    engine = createRoutingEngine({
      policy: DEFAULT_POLICY,
      providers: ['anthropic'],
      budgets: view,
      cacheSize: 100,
    });
  });

  /** A view on the test's cost service: answers fresh for 1 s, failures kept for 0.5 s. */
  const budgetView = (logger: Logger, clock?: () => number): CostBudgetView =>
    new CostBudgetView({
      client,
      ttlMs: 1_000,
      maxStaleMs: 10_000,
      failureTtlMs: 500,
      deadlineMs: 1_000,
      maxEntries: 100,
      logger,
      ...(clock ? { now: clock } : {}),
    });

  after(async () => {
    view?.close();
    client?.close();
    await costService?.process.stop();
  });

  const spend = (sessionId: string, micros: number) =>
    client.unary('record', {
      record: cost.UsageRecord.fromPartial({
        agent: 'scribe',
        model: 'claude-sonnet-4-5',
        costMicros: micros,
        sessionId,
        tenantId: 'acme',
      }),
    });

  const sessionUse = (snapshot: BudgetSnapshot): number | string =>
    snapshot.kind === 'known'
      ? (snapshot.budgets.find((b) => b.kind === 'session')?.usedMicros ?? 0)
      : snapshot.kind;

  const peek = (scope: BudgetScope): BudgetSnapshot => {
    const s = view.status(scope, 0);
    assert.ok(!(s instanceof Promise), 'answered from memory');
    return s;
  };

  const decide = async (sessionId: string): Promise<RouteDecision> => {
    const out = await engine.decide(
      input({ description: HARD, scope: { tenantId: 'acme', sessionId, featureId: '' } }),
    );
    assert.equal(out.kind, 'route');
    return out;
  };

  it('waits only for the first look, then answers from memory and refreshes in the background', async () => {
    const scope = { tenantId: 'acme', sessionId: 's1', featureId: '' };
    const first = view.status(scope, 0);
    const second = view.status(scope, 0);
    assert.ok(first instanceof Promise);
    assert.equal(second, first, 'one GetBudget per scope at a time');
    assert.equal(sessionUse(await first), 0);

    await spend('s1', 4_000_000);
    assert.equal(sessionUse(peek(scope)), 0, 'fresh: no call, the cached answer');
    assert.equal((await decide('s1')).budget, 'ok');

    now += 1_500; // stale: the old answer now, a refresh behind it
    assert.equal(sessionUse(peek(scope)), 0);
    await waitFor(() => sessionUse(peek(scope)) === 4_000_000, { what: 'background refresh' });
    const warned = await decide('s1');
    assert.deepEqual([warned.rank, warned.budget], [2, 'warn']);

    await spend('s1', 1_000_000);
    now += 1_500;
    peek(scope);
    await waitFor(() => sessionUse(peek(scope)) === 5_000_000, { what: 'refresh to 100 %' });
    const stopped = await decide('s1');
    assert.deepEqual([stopped.rank, stopped.budget, stopped.downgraded], [0, 'stop', true]);
    assert.match(stopped.reason, /budget session:s1 at 100% \(\$5\.00 of \$5\.00/);

    now += 20_000; // far too old: the next look waits for a fresh answer
    assert.ok(view.status(scope, 0) instanceof Promise);
  });

  it('a scope the cost service refuses is unknown with that reason, not a cost service outage', async () => {
    const { logger, lines } = captureLogger('router-test', 'info');
    const strict = budgetView(logger);
    try {
      const refused = await strict.status({ tenantId: 'acme', sessionId: 's\n1', featureId: '' }, 0);
      assert.equal(refused.kind, 'unknown');
      assert.match(
        refused.kind === 'unknown' ? refused.reason : '',
        /^the cost service refused the budget scope: .*session_id: must not contain control characters/,
      );
      assert.deepEqual(
        lines.filter((l) => /cost service/.test(l.msg)).map((l) => l.msg),
        [],
        'no "unreachable" (or "reachable again") line',
      );
      assert.equal(
        (await strict.status({ tenantId: 'acme', sessionId: 's3', featureId: '' }, 0)).kind,
        'known',
      );
    } finally {
      strict.close();
    }
  });

  it("judges a feature's budget under the router's cap for the test path, the one its Reserve gives", async () => {
    // $1 on feature "login-flow": past the cost service's own $0.50 cap for that id, within the
    // router's $2 for tests/auth/**.
    await client.unary('record', {
      record: cost.UsageRecord.fromPartial({
        agent: 'scribe',
        model: 'claude-sonnet-4-5',
        costMicros: 1_000_000,
        featureId: 'login-flow',
        sessionId: 's-feature',
        tenantId: 'acme',
      }),
    });
    const scope = { tenantId: 'acme', sessionId: 's-feature', featureId: 'login-flow' };
    const feature = (s: BudgetSnapshot) =>
      s.kind === 'known' ? s.budgets.find((b) => b.kind === 'feature') : undefined;
    const own = feature(await view.status(scope, 0));
    assert.deepEqual([own?.limitMicros, own?.status], [500_000, 'stop']);
    const routers = feature(await view.status(scope, 2_000_000));
    assert.deepEqual([routers?.limitMicros, routers?.status], [2_000_000, 'ok']);
    // The engine asks with the cap its plan chose: paid work goes on, as Reserve would allow it.
    const out = await engine.decide(
      input({ description: HARD, testPath: 'tests/auth/login.spec.ts', scope }),
    );
    assert.ok(out.kind === 'route');
    assert.deepEqual([out.budget, out.costCapMicros, out.downgraded], ['ok', 2_000_000, false]);
    assert.ok((out.rank ?? 0) > 0, out.reason);
  });

  it('with the cost service dead: paid tiers off, local kept, no call per decision; then recovers', async () => {
    const running = costService;
    assert.ok(running);
    const port = running.port;
    await decide('s2');
    await running.process.stop();
    costService = undefined;

    const known = { tenantId: 'acme', sessionId: 's2', featureId: '' };
    now += 1_500;
    peek(known);
    await waitFor(() => peek(known).kind === 'unknown', { what: 'the view to notice the dead cost service' });
    const degraded = await decide('s2');
    assert.equal(degraded.rank, 0);
    assert.equal(degraded.budget, 'unknown');
    assert.match(
      degraded.reason,
      /sonnet skipped: budgets unknown \(cost service unreachable: .*\): paid tiers are not used; using local/,
    );
    const fresh = await decide('never-seen');
    assert.equal(fresh.rank, 0);
    assert.equal(peek({ tenantId: 'acme', sessionId: 'never-seen', featureId: '' }).kind, 'unknown');
    const easy = await engine.decide(input({ description: 'Open the menu', scope: known }));
    assert.ok(easy.kind === 'route' && easy.rank === 0 && easy.skipped.length === 0);

    costService = await startServiceProcess('cost', { env: { COST_STORE: 'memory' }, port });
    now += 600; // past the failure TTL: the next look retries in the background
    peek(known);
    await waitFor(() => peek(known).kind === 'known', { timeoutMs: 10_000, what: 'recovery' });
    const recovered = await decide('s2');
    assert.deepEqual([recovered.rank, recovered.budget], [2, 'ok']);
  });
});
