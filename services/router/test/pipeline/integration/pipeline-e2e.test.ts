import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '@superagent/cli';
import { demoFeatures, startDemoApp, type DemoApp, type FeatureId } from '@superagent/demo';
import {
  startRedisServer,
  startServiceProcess,
  type ManagedProcess,
  type RedisServer,
} from '@superagent/devkit';
import { createClient, type GrpcClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, cost, router } from '@superagent/proto';

// The pipeline end to end with everything real: the demo app, scribe/runner/cost/embedding as
// processes (the CLI's stack launcher), two router processes sharing one redis-server. Nothing here
// is a test double; "done twice" is detected in the task's own record and event history and in the
// cost service's accounting.

type RouterClient = GrpcClient<typeof router.RouterServiceService>;
const E = router.TaskEventType;
const LEASE_MS = 1_500;

let redis: RedisServer | undefined;
let app: DemoApp | undefined;
let brokenApp: DemoApp | undefined;
let stack: Stack | undefined;
const routers: ManagedProcess[] = [];
const clients: { close(): void }[] = [];

function feature(id: FeatureId) {
  const f = demoFeatures.find((d) => d.id === id);
  if (!f) throw new Error(`no demo feature ${id}`);
  return f;
}

/** One router process, wired to the shared services and Redis, with a short lease so takeover is quick. */
async function startRouter(name: string): Promise<{ process: ManagedProcess; client: RouterClient }> {
  if (!stack || !redis) throw new Error('stack not started');
  const { address, process: proc } = await startServiceProcess('router', {
    label: name,
    env: {
      SCRIBE_ADDR: stack.address('scribe'),
      RUNNER_ADDR: stack.address('runner'),
      COST_ADDR: stack.address('cost'),
      PIPELINE_STORE: 'redis',
      REDIS_URL: redis.url,
      PIPELINE_LEASE_MS: String(LEASE_MS),
      ANTHROPIC_API_KEY: undefined,
      GOOGLE_API_KEY: undefined,
      ROUTER_API_KEYS: undefined,
    },
  });
  routers.push(proc);
  const client = createClient(router.RouterServiceService, address, {
    target: name,
    defaultDeadlineMs: 10_000,
    methodDeadlinesMs: { watchTask: 120_000 },
    breaker: false,
    logger: silentLogger(),
  });
  clients.push(client);
  return { process: proc, client };
}

async function submit(
  client: RouterClient,
  id: FeatureId,
  baseUrl: string,
  key: string,
  options?: Partial<router.FeatureOptions>,
) {
  const f = feature(id);
  return client.unary(
    'submitFeature',
    router.SubmitFeatureRequest.fromPartial({
      description: f.description,
      baseUrl,
      startPath: f.startPath,
      tenantId: 'e2e',
      sessionId: `e2e-${process.pid}`,
      idempotencyKey: key,
      featureId: `${id}-${key}`,
      ...(options ? { options: router.FeatureOptions.fromPartial(options) } : {}),
    }),
  );
}

/** Events after `after` until COMPLETED, or until `stopWhen` says so. */
async function watch(
  client: RouterClient,
  taskId: string,
  after = 0,
  stopWhen: (e: router.TaskEvent) => boolean = () => false,
): Promise<router.TaskEvent[]> {
  const got: router.TaskEvent[] = [];
  for await (const { event } of client.serverStream(
    'watchTask',
    router.WatchTaskRequest.fromPartial({ taskId, afterSequence: after }),
  )) {
    assert.ok(event);
    got.push(event);
    if (event.type === E.COMPLETED || stopWhen(event)) break;
  }
  return got;
}

async function getTask(client: RouterClient, taskId: string): Promise<router.Task> {
  const { task } = await client.unary('getTask', router.GetTaskRequest.fromPartial({ taskId }));
  assert.ok(task);
  return task;
}

function assertGapFree(events: readonly router.TaskEvent[]): void {
  assert.deepEqual(
    events.map((e) => e.sequence),
    events.map((_, i) => i + 1),
    'sequences are 1..n without gaps or repeats',
  );
}

before(async () => {
  redis = await startRedisServer();
  app = await startDemoApp();
  brokenApp = await startDemoApp({ broken: ['product-search'] });
  stack = await startStack({
    only: ['scribe', 'runner', 'cost'],
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: { runner: { RUNNER_EXTRA_ORIGINS: 'http://127.0.0.1:*' } },
  });
});

after(async () => {
  for (const c of clients) c.close();
  for (const r of routers) await r.stop('SIGTERM', 10_000);
  await stack?.stop();
  await brokenApp?.stop();
  await app?.stop();
  await redis?.stop();
});

test('a task survives its router being killed mid-task: a second router finishes it, nothing lost, nothing done twice', async () => {
  assert.ok(app && stack);
  const first = await startRouter('router-a');
  const { taskId, created } = await submit(first.client, 'product-details', app.url, 'survive');
  assert.equal(created, true);
  // Kill the first router as soon as it is generating: the work in flight dies with it.
  const seenByFirst = await watch(first.client, taskId, 0, (e) => e.type === E.GENERATING);
  assert.equal(seenByFirst.at(-1)?.type, E.GENERATING);
  first.process.kill('SIGKILL');
  await first.process.exited;

  const second = await startRouter('router-b');
  // Resume the watch on the other instance from the last event seen: no gap, no repeat.
  const rest = await watch(second.client, taskId, seenByFirst.at(-1)?.sequence ?? 0);
  const all = [...seenByFirst, ...rest];
  assertGapFree(all);
  assert.deepEqual(
    (await watch(second.client, taskId)).map((e) => e.sequence),
    all.map((e) => e.sequence),
  );

  const task = await getTask(second.client, taskId);
  assert.equal(task.status, router.TaskStatus.PASSED, task.error);
  assert.equal(task.attempts.length, 1, 'the interrupted attempt was resumed, not repeated as a new attempt');
  const once = [
    E.SUBMITTED,
    E.ROUTED,
    E.RESERVED,
    E.GENERATING,
    E.VALIDATING,
    E.RUNNING,
    E.PASSED,
    E.COST_COMMITTED,
    E.COMPLETED,
  ];
  for (const type of once) {
    assert.equal(
      all.filter((e) => e.type === type).length,
      1,
      `${router.taskEventTypeToJSON(type)} exactly once`,
    );
  }
  assert.ok(task.specSource.includes('test('), 'the spec is kept');
  assert.equal(task.lastSequence, all.length);

  // The cost service counted the task's usage exactly once.
  const costApi = createClient(cost.CostServiceService, stack.address('cost'), {
    target: 'cost',
    defaultDeadlineMs: 5_000,
    breaker: false,
    logger: silentLogger(),
  });
  clients.push(costApi);
  const report = await costApi.unary(
    'getReport',
    cost.GetReportRequest.fromPartial({
      scope: cost.ReportScope.FEATURE,
      scopeId: task.request?.featureId ?? '',
    }),
  );
  assert.equal(report.count, 1, 'one usage record for one attempt');
  assert.equal(report.totalMicros, 0, 'the local tier is free');
  assert.equal(task.costMicros, 0);

  // Idempotent resubmission, on the other instance: the same task, not a new one.
  const again = await submit(second.client, 'product-details', app.url, 'survive');
  assert.deepEqual(again, { taskId, created: false, status: router.TaskStatus.PASSED });
});

test('WatchTask delivers every stage in order for a fresh task', async () => {
  assert.ok(app);
  const r = await startRouter('router-c');
  const { taskId } = await submit(r.client, 'dark-mode', app.url, 'stages');
  const events = await watch(r.client, taskId);
  assertGapFree(events);
  assert.deepEqual(
    events.map((e) => e.type),
    [
      E.SUBMITTED,
      E.ROUTED,
      E.RESERVED,
      E.GENERATING,
      E.VALIDATING,
      E.RUNNING,
      E.PASSED,
      E.REMEMBERED,
      E.COST_COMMITTED,
      E.COMPLETED,
    ],
  );
  assert.deepEqual(
    events.map((e) => e.stage),
    [
      router.TaskStage.QUEUED,
      router.TaskStage.ROUTING,
      router.TaskStage.RESERVING,
      router.TaskStage.GENERATING,
      router.TaskStage.VALIDATING,
      router.TaskStage.RUNNING,
      router.TaskStage.REMEMBERING,
      router.TaskStage.COMMITTING,
      router.TaskStage.COMMITTING,
      router.TaskStage.DONE,
    ],
  );
  assert.equal(events.at(-1)?.status, router.TaskStatus.PASSED);
  assert.equal(events.find((e) => e.type === E.ROUTED)?.tier, common.Tier.LOCAL);
});

test('a failed run escalates with the failure as feedback; with no paid tier configured it retries locally, then fails honestly', async () => {
  assert.ok(brokenApp);
  const r = await startRouter('router-d');
  // The app's search is broken: a test of it, generated from the description, must fail its run.
  const { taskId } = await submit(r.client, 'product-search', brokenApp.url, 'escalate', { maxAttempts: 2 });
  const events = await watch(r.client, taskId);
  assertGapFree(events);
  const escalated = events.filter((e) => e.type === E.ESCALATED);
  assert.equal(escalated.length, 1, 'one escalation between the two attempts');
  assert.equal(escalated[0]?.attempt, 2);
  assert.equal(escalated[0]?.tier, common.Tier.LOCAL);
  assert.match(escalated[0]?.message ?? '', /no higher tier available \(haiku: .*anthropic/);
  const task = await getTask(r.client, taskId);
  assert.equal(task.status, router.TaskStatus.FAILED);
  assert.equal(task.handedToHuman, true);
  assert.deepEqual(
    task.attempts.map((a) => a.tier),
    [common.Tier.LOCAL, common.Tier.LOCAL],
  );
  assert.ok(task.attempts.every((a) => a.failure !== router.FailureKind.UNSPECIFIED));
  assert.match(task.error, /no passing test after 2 attempt\(s\)/);
  assert.deepEqual(
    events.slice(-2).map((e) => e.type),
    [E.FAILED, E.COMPLETED],
  );
});
