import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, test } from 'node:test';
import { freePort, startServiceProcess, waitFor, type ServiceProcess } from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router } from '@superagent/proto';

// Issue 10, breakers and degradation, with real processes: the router and the cost service run as
// their own processes; the cost service is SIGKILLed and later restarted on the same port. While it
// is dead the router keeps answering Route, refusing the paid tiers (budgets unknown) but keeping
// the free `local` one; its breaker for the budget calls (target `cost-budgets`) opens, which shows as a log line and as the
// rpc.client.breaker.state gauge on the router's Prometheus endpoint; a feature submitted then runs
// on `local` with nothing reserved. After the restart the breaker goes half-open, closes, and paid
// tiers come back.

type RouterClient = GrpcClient<typeof router.RouterServiceService>;

const HARD = 'Log in with the account, add two items to the cart and pay by card';

const started: ServiceProcess[] = [];
const clients: { close(): void }[] = [];

after(async () => {
  for (const c of clients) c.close();
  await Promise.all(started.map((s) => s.process.stop('SIGTERM', 5_000)));
});

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** The router's breaker state for the cost service's budgets (target `cost-budgets`) as Prometheus shows it (0 closed, 1 half-open, 2 open). */
async function breakerGauge(metricsUrl: string): Promise<number | undefined> {
  const body = await httpGet(metricsUrl);
  const line = body
    .split('\n')
    .find((l) => /^rpc_client_breaker_state\{[^}]*rpc_target="cost-budgets"/.test(l));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

interface BreakerLine {
  target?: string;
  state?: string;
  msg?: string;
}

/** Breaker state changes for `cost-budgets`, in the order the router logged them. */
function breakerLog(service: ServiceProcess): string[] {
  const states: string[] = [];
  for (const line of service.process.tail()) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as BreakerLine;
    if (entry.target === 'cost-budgets' && entry.msg?.startsWith('circuit breaker') && entry.state)
      states.push(entry.state);
  }
  return states;
}

test('a dead cost service: the router keeps the free tier, refuses paid ones, and recovers after a restart', async (t) => {
  const costPort = await freePort();
  let costService = await startServiceProcess('cost', { env: { COST_STORE: 'memory' }, port: costPort });
  started.push(costService);
  const metricsPort = await freePort();
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const routerService = await startServiceProcess('router', {
    env: {
      COST_ADDR: costService.address,
      ANTHROPIC_API_KEY: 'present-only',
      // Every decision asks the cost service afresh, so the outage is seen at once.
      ROUTER_BUDGET_TTL_MS: '0',
      ROUTER_BUDGET_MAX_STALE_MS: '0',
      ROUTER_BUDGET_FAILURE_TTL_MS: '0',
      ROUTER_POLICY_WATCH: 'false',
      // The pipeline is not the subject here: nothing listens on these, its tasks end in ERROR.
      SCRIBE_ADDR: `127.0.0.1:${await freePort()}`,
      RUNNER_ADDR: `127.0.0.1:${await freePort()}`,
      LOG_LEVEL: 'info',
      OTEL_SDK_DISABLED: 'false',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_METRICS_EXPORTER: 'prometheus',
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    },
  });
  started.push(routerService);
  const client: RouterClient = createClient(router.RouterServiceService, routerService.address, {
    target: 'router',
    defaultDeadlineMs: 5_000,
    breaker: false,
    logger: silentLogger(),
  });
  clients.push(client);
  let n = 0;
  // A new session each time: no answer can come from a cached budget.
  const route = () =>
    client.unary(
      'route',
      router.RouteRequest.fromPartial({
        taskType: common.TaskType.WRITE_TEST,
        description: HARD,
        tenantId: 'acme',
        sessionId: `s${n++}`,
      }),
    );

  const healthy = await route();
  assert.equal(healthy.tier, common.Tier.SONNET, healthy.reason);
  assert.equal(await breakerGauge(metricsUrl), 0, 'closed before the outage');

  costService.process.kill('SIGKILL');
  await costService.process.exited;
  const killedAt = Date.now();
  let degraded = 0;
  await waitFor(
    async () => {
      const res = await route();
      assert.equal(res.tier, common.Tier.LOCAL, `while cost is dead: ${res.reason}`);
      assert.match(res.reason, /budgets unknown \(cost service unreachable.*paid tiers are not used/);
      degraded++;
      return breakerLog(routerService).includes('open');
    },
    { timeoutMs: 15_000, intervalMs: 20, what: 'the cost breaker to open' },
  );
  const openedAfterMs = Date.now() - killedAt;
  assert.equal(await breakerGauge(metricsUrl), 2, 'the gauge shows the circuit open');
  // Open: decisions no longer wait for a call at all, and still keep the free tier.
  const fast = await route();
  assert.equal(fast.tier, common.Tier.LOCAL);
  assert.match(fast.reason, /circuit open/);

  // The pipeline routes through the same view: a hard feature submitted now runs on `local`,
  // with nothing reserved, instead of on a paid tier nobody can account for.
  const { taskId } = await client.unary(
    'submitFeature',
    router.SubmitFeatureRequest.fromPartial({
      description: HARD,
      baseUrl: 'http://127.0.0.1:9/',
      startPath: '/',
      tenantId: 'acme',
      sessionId: `s${n++}`,
      featureId: 'checkout',
    }),
  );
  const seen: router.TaskEvent[] = [];
  for await (const { event } of client.serverStream(
    'watchTask',
    router.WatchTaskRequest.fromPartial({ taskId, afterSequence: 0 }),
  )) {
    if (!event) continue;
    seen.push(event);
    if (event.type === router.TaskEventType.RESERVED) break;
  }
  const routed = seen.find((e) => e.type === router.TaskEventType.ROUTED);
  assert.equal(routed?.tier, common.Tier.LOCAL, routed?.message);
  assert.match(routed?.message ?? '', /budgets unknown/);
  assert.match(seen.at(-1)?.message ?? '', /local tier is free: nothing reserved/);

  costService = await startServiceProcess('cost', { env: { COST_STORE: 'memory' }, port: costPort });
  started.push(costService);
  const restartedAt = Date.now();
  await waitFor(async () => (await route()).tier === common.Tier.SONNET, {
    timeoutMs: 20_000,
    intervalMs: 100,
    what: 'paid tiers after the restart',
  });
  const recoveredAfterMs = Date.now() - restartedAt;
  // The answer and the router's log line travel separately (gRPC vs its stdout pipe): the close
  // happened before the paid answer, its line may still be on the way.
  await waitFor(() => breakerLog(routerService).at(-1) === 'closed', {
    timeoutMs: 5_000,
    what: 'the breaker close in the router log',
  }).catch(() => undefined);
  // open → half-open (→ open again when the trial call came before the restart) → closed.
  const states = breakerLog(routerService);
  assert.equal(states[0], 'open', states.join());
  assert.deepEqual(states.slice(-2), ['half-open', 'closed'], states.join());
  assert.ok(!states.slice(0, -1).includes('closed'), states.join());
  assert.equal(await breakerGauge(metricsUrl), 0, 'closed again');
  assert.equal(routerService.process.running(), true);
  t.diagnostic(
    `${degraded} local-only decisions before the breaker opened (${openedAfterMs} ms after the kill); ` +
      `paid tiers back ${recoveredAfterMs} ms after the restart`,
  );
});
