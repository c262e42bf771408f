import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '@superagent/cli';
import { freePort, startServiceProcess, waitFor, type ServiceProcess } from '@superagent/devkit';
import { captureLogger, silentLogger, type Logger } from '@superagent/logging';
import { common, cost, router } from '@superagent/proto';
import { createCostClient } from '../../../src/clients/cost-client';
import { createRunnerClient } from '../../../src/clients/runner-client';
import { createScribeClient } from '../../../src/clients/scribe-client';
import { DEFAULT_POLICY_PATH } from '../../../src/config';
import { StaticBudgetView } from '../../../src/domain/budget-view';
import type { Transition } from '../../../src/pipeline/draft';
import { createStageRunner } from '../../../src/pipeline/stages';
import type { PipelinePolicy } from '../../../src/pipeline/transitions';
import { loadPolicyFile } from '../../../src/policy-reloader';
import { createRoutingCore } from '../../../src/routing-core';
import { createRoutingEngine } from '../../../src/routing-stack';
import type { TaskRecord } from '../../../src/store/task-record';
import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import type { TaskStore } from '../../../src/store/task-store';
import { startPipelineWorkers } from '../../../src/pipeline/worker';
import { event, newRecord } from '../support/records';

// The routing and money stages against the real cost service (a process): a paid tier reserves its
// cap; over budget the task continues on the free local tier (or ends, per policy); a dead cost
// service refuses paid tiers and keeps the free one (issue 10); settling releases what was unused.

const E = router.TaskEventType;
let stack: Stack | undefined;
const closers: { close(): void }[] = [];

before(async () => {
  stack = await startStack({ only: ['cost'], env: { LOG_LEVEL: 'warn' } });
});
after(async () => {
  for (const c of closers) c.close();
  await stack?.stop();
});

async function stageRunner(
  costAddress: string,
  budgetAction: PipelinePolicy['budgetAction'],
  unavailableMs = 0,
  { costMs = 2_000, logger = silentLogger() }: { costMs?: number; logger?: Logger } = {},
) {
  const engine = createRoutingEngine({
    policy: await loadPolicyFile(DEFAULT_POLICY_PATH),
    // A provider key is configured, so hard features route to a paid tier.
    providers: ['anthropic'],
    budgets: StaticBudgetView.off(),
    cacheSize: 100,
  });
  const costClient = createCostClient(costAddress, logger, { defaultMs: costMs });
  // Never called by the stages exercised here (route, reserve, settle without usage).
  const scribe = createScribeClient('127.0.0.1:1', logger, { generateMs: 1_000, rememberMs: 1_000 });
  const runner = createRunnerClient('127.0.0.1:1', logger, { runMs: 1_000 });
  closers.push(costClient, scribe, runner);
  const run = createStageRunner({
    routing: createRoutingCore(engine),
    scribe,
    runner,
    cost: costClient,
    policy: { defaultMaxAttempts: 3, budgetAction },
    timeouts: {
      generateMs: 1_000,
      runMs: 1_000,
      costMs,
      rememberMs: 1_000,
      unavailableMs,
      overloadedMs: 0,
    },
    logger,
  });
  return { run, costClient };
}

/** A hard feature (payment + login): the policy starts it on sonnet. */
function hardTask(featureId: string): TaskRecord {
  return newRecord({
    description: 'Log in, then pay for the order at checkout with a card',
    tenantId: 'reserve-test',
    sessionId: `s-${featureId}`,
    featureId,
  });
}

/** Runs stages until the task reaches `phase` (or finishes); returns the record and all events. */
async function runUntil(
  run: Awaited<ReturnType<typeof stageRunner>>['run'],
  record: TaskRecord,
  phase: string,
) {
  const events: router.TaskEvent[] = [];
  let current = record;
  while (current.checkpoint.phase !== phase && current.checkpoint.phase !== 'done') {
    const t = await run(current, new AbortController().signal);
    events.push(...t.events);
    current = t.record;
  }
  return { record: current, events };
}

/**
 * A hard feature routed and reserved on sonnet, then taken to settle as if its attempt had
 * generated with real usage (20k in, 4k out) and passed.
 */
async function passedOnSonnet(
  run: Awaited<ReturnType<typeof stageRunner>>['run'],
  featureId: string,
): Promise<TaskRecord> {
  const reserved = await runUntil(run, hardTask(featureId), 'generate');
  const decision = reserved.record.checkpoint.decision;
  assert.equal(decision?.tier, common.Tier.SONNET);
  return {
    ...reserved.record,
    checkpoint: {
      ...reserved.record.checkpoint,
      phase: 'settle',
      outcome: { kind: 'passed' },
      usage: common.TokenUsage.fromPartial({
        model: decision?.modelId ?? '',
        inputTokens: 20_000,
        outputTokens: 4_000,
      }),
    },
  };
}

/**
 * A settled paid attempt that passed with its cost recorded, and the cost service's view of the
 * feature agreeing with the task; returns that view.
 */
async function assertSettledAndRecorded(
  settled: Transition,
  costClient: Awaited<ReturnType<typeof stageRunner>>['costClient'],
  featureId: string,
): Promise<cost.Budget | undefined> {
  const committed = settled.events.find((e) => e.type === E.COST_COMMITTED);
  assert.doesNotMatch(committed?.message ?? '', /not recorded/);
  assert.ok(settled.record.task.costMicros > 0, 'the attempt has its cost');
  assert.equal(settled.record.task.status, router.TaskStatus.PASSED);
  const budget = await costClient.unary(
    'getBudget',
    cost.GetBudgetRequest.fromPartial({ tenantId: 'reserve-test', featureId }),
  );
  const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
  assert.equal(feature?.spentMicros, settled.record.task.costMicros, 'the task and the cost service agree');
  return feature;
}

test('a paid tier reserves its cap; over budget the task is downgraded to local; settling releases the hold', async () => {
  assert.ok(stack);
  const { run, costClient } = await stageRunner(stack.address('cost'), 'downgrade');
  const first = await runUntil(run, hardTask('checkout'), 'generate');
  assert.deepEqual(
    first.events.map((e) => e.type),
    [E.ROUTED, E.RESERVED, E.GENERATING],
  );
  assert.equal(first.events[0]?.tier, common.Tier.SONNET);
  const reservedEvent = first.events[1];
  assert.equal(reservedEvent?.amountMicros, 500_000, "the policy's default cap");
  assert.ok(reservedEvent?.reservationId);
  assert.equal(first.record.task.reservedMicros, 500_000);

  // The feature's $0.50 budget is held by the first task: the second cannot reserve.
  const second = await runUntil(run, hardTask('checkout'), 'generate');
  const downgraded = second.events[1];
  assert.equal(downgraded?.type, E.RESERVED);
  assert.equal(downgraded?.amountMicros, 0);
  assert.equal(downgraded?.tier, common.Tier.LOCAL);
  assert.match(downgraded?.message ?? '', /over budget: .*downgraded to the local tier/);
  assert.equal(second.record.task.tier, common.Tier.LOCAL);
  assert.equal(second.events[2]?.tier, common.Tier.LOCAL, 'generation runs on the free tier');

  // The first task fails without spending anything: settling gives the whole hold back.
  const settledRecord: TaskRecord = {
    ...first.record,
    checkpoint: {
      ...first.record.checkpoint,
      phase: 'settle',
      outcome: { kind: 'error', message: 'stopped by the test' },
    },
  };
  const settled = await run(settledRecord, new AbortController().signal);
  assert.deepEqual(
    settled.events.map((e) => e.type),
    [E.COST_COMMITTED, E.ERROR, E.COMPLETED],
  );
  assert.equal(settled.record.task.reservedMicros, 0);
  const budget = await costClient.unary(
    'getBudget',
    cost.GetBudgetRequest.fromPartial({ tenantId: 'reserve-test', featureId: 'checkout' }),
  );
  const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
  assert.equal(feature?.reservedMicros, 0, 'nothing held any more');
  assert.equal(feature?.spentMicros, 0);
});

test('with budget action "refuse", an exhausted budget ends the task with ERROR naming the budget', async () => {
  assert.ok(stack);
  const { run } = await stageRunner(stack.address('cost'), 'refuse');
  await runUntil(run, hardTask('refund'), 'generate');
  const refused = await runUntil(run, hardTask('refund'), 'generate');
  assert.deepEqual(
    refused.events.map((e) => e.type),
    [E.ROUTED, E.ERROR, E.COMPLETED],
  );
  assert.equal(refused.record.task.status, router.TaskStatus.ERROR);
  assert.match(refused.record.task.error, /budget refused: over budget: .*refund/);
});

test('a dead cost service refuses paid tiers but keeps the free one', async () => {
  const dead = `127.0.0.1:${await freePort()}`;
  const { run } = await stageRunner(dead, 'refuse');
  const { record, events } = await runUntil(run, hardTask('dead-cost'), 'generate');
  assert.deepEqual(
    events.map((e) => e.type),
    [E.ROUTED, E.RESERVED, E.GENERATING],
  );
  assert.equal(events[0]?.tier, common.Tier.SONNET);
  assert.match(
    events[1]?.message ?? '',
    /paid tiers refused: cost UNAVAILABLE.*downgraded to the local tier/,
  );
  assert.equal(record.task.tier, common.Tier.LOCAL);
  assert.equal(record.checkpoint.decision?.modelId, 'local');
});

test("the policy's cap for the test path is the feature's cap at the cost service, whatever the feature id", async () => {
  assert.ok(stack);
  const { run } = await stageRunner(stack.address('cost'), 'downgrade');
  // The cost service's own cap for a feature id like "login-flow" is $0.50; the policy gives
  // tests under auth/ $2.
  const login = newRecord({
    description: 'Log in, then pay for the order at checkout with a card',
    tenantId: 'reserve-test',
    sessionId: 's-login-flow',
    featureId: 'login-flow',
    testPath: 'tests/auth/login.spec.ts',
  });
  const { events } = await runUntil(run, login, 'generate');
  assert.equal(events[0]?.tier, common.Tier.SONNET);
  assert.equal(events[1]?.type, E.RESERVED);
  assert.equal(events[1]?.tier, common.Tier.SONNET, events[1]?.message);
  assert.equal(events[1]?.amountMicros, 2_000_000);
});

test('a later attempt reserves only what the earlier attempts left under the cap', async () => {
  assert.ok(stack);
  const { run } = await stageRunner(stack.address('cost'), 'downgrade');
  const attempt = (featureId: string, spentMicros: number): TaskRecord => {
    const record = newRecord({
      description: 'Log in, then pay for the order at checkout with a card',
      tenantId: 'reserve-test',
      sessionId: `s-${featureId}`,
      featureId,
      testPath: 'tests/payment/checkout.spec.ts',
    });
    record.task.costMicros = spentMicros;
    return record;
  };
  const second = await runUntil(run, attempt('pay-retry', 2_600_000), 'generate');
  assert.equal(second.events[1]?.amountMicros, 400_000, 'the $3.00 cap less the $2.60 spent');
  const spent = await runUntil(run, attempt('pay-spent', 3_000_000), 'generate');
  assert.equal(spent.events[1]?.tier, common.Tier.LOCAL);
  assert.match(spent.events[1]?.message ?? '', /cost cap reached: this task spent \$3\.00 of its \$3\.00/);
});

test('settling again after a takeover (the first Commit went through, its checkpoint was lost) keeps the cost once', async () => {
  assert.ok(stack);
  const { run, costClient } = await stageRunner(stack.address('cost'), 'downgrade');
  // The attempt generated with real usage and passed; the next stage is settle.
  const beforeSettle = await passedOnSonnet(run, 'settle-twice');
  const first = await run(beforeSettle, new AbortController().signal);
  const spent = first.record.task.costMicros;
  assert.ok(spent > 0, 'the usage is priced');
  assert.equal(first.record.task.status, router.TaskStatus.PASSED);
  // The worker died before committing that transition: whoever takes the task over settles the
  // same checkpoint again. The cost service counts the usage once; the task must still show it.
  const again = await run(beforeSettle, new AbortController().signal);
  assert.equal(again.record.task.costMicros, spent, "the task's cost after the repeated settle");
  assert.equal(again.events.find((e) => e.type === E.COST_COMMITTED)?.amountMicros, spent);
  const budget = await costClient.unary(
    'getBudget',
    cost.GetBudgetRequest.fromPartial({ tenantId: 'reserve-test', featureId: 'settle-twice' }),
  );
  const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
  assert.equal(feature?.spentMicros, spent, 'counted once by the cost service');
  assert.equal(feature?.reservedMicros, 0);
});

test('a cost service that is restarting while a paid attempt settles: the spend is recorded once it is back', async () => {
  const port = await freePort();
  const costProcesses: ServiceProcess[] = [];
  const startCost = async () => {
    const p = await startServiceProcess('cost', { port });
    costProcesses.push(p);
    return p;
  };
  try {
    const first = await startCost();
    const { run, costClient } = await stageRunner(first.address, 'downgrade', 20_000);
    const beforeSettle = await passedOnSonnet(run, 'settle-outage');
    first.process.kill('SIGKILL');
    await first.process.exited;
    const settling = run(beforeSettle, new AbortController().signal);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await startCost();
    // The restarted (embedded-store) service lost the reservation; the usage was recorded all the same.
    await assertSettledAndRecorded(await settling, costClient, 'settle-outage');
  } finally {
    for (const p of costProcesses) await p.process.stop();
  }
});

test('a cost service that stalls while a paid attempt settles (its calls pass their deadline): the spend is recorded once it answers', async () => {
  const cost_ = await startServiceProcess('cost', {});
  try {
    const { logger, lines } = captureLogger('router', 'warn');
    const { run, costClient } = await stageRunner(cost_.address, 'downgrade', 30_000, {
      costMs: 500,
      logger,
    });
    const beforeSettle = await passedOnSonnet(run, 'settle-stall');
    // Frozen (a GC pause, a node under pressure, its Redis failing over): the connection stays
    // open and nothing answers, so each Commit ends DEADLINE_EXCEEDED, not UNAVAILABLE.
    cost_.process.kill('SIGSTOP');
    let outcome: 'settled' | undefined;
    const settling = run(beforeSettle, new AbortController().signal).finally(() => {
      outcome = 'settled';
    });
    try {
      // Until the stage either gave up or is waiting for the cost service to answer again.
      await waitFor(
        () =>
          outcome === 'settled' ||
          lines.some((l) => l.msg === 'downstream not taking work; waiting' && l.target === 'cost'),
        { timeoutMs: 20_000, what: 'the settle stage to give up or wait' },
      );
    } finally {
      cost_.process.kill('SIGCONT');
    }
    const feature = await assertSettledAndRecorded(await settling, costClient, 'settle-stall');
    assert.equal(feature?.reservedMicros, 0, 'the hold is gone');
  } finally {
    cost_.process.kill('SIGCONT');
    await cost_.process.stop();
  }
});

test('a request whose cost cap is $0 reserves nothing and runs on the free local tier, whatever the budget action', async () => {
  assert.ok(stack);
  const { run, costClient } = await stageRunner(stack.address('cost'), 'refuse');
  const free = newRecord({
    description: 'Log in, then pay for the order at checkout with a card',
    tenantId: 'reserve-test',
    sessionId: 's-zero-cap',
    featureId: 'zero-cap',
    options: router.FeatureOptions.fromPartial({ costCapMicros: 0 }),
  });
  const { record, events } = await runUntil(run, free, 'generate');
  assert.deepEqual(
    events.map((e) => e.type),
    [E.ROUTED, E.RESERVED, E.GENERATING],
  );
  assert.equal(events[0]?.tier, common.Tier.SONNET, 'routed to a paid tier');
  assert.equal(events[1]?.tier, common.Tier.LOCAL, events[1]?.message);
  assert.equal(events[1]?.amountMicros, 0);
  assert.match(events[1]?.message ?? '', /cost cap of \$0\.00.*downgraded to the local tier/);
  assert.equal(record.task.tier, common.Tier.LOCAL);
  assert.equal(record.task.reservedMicros, 0);
  const budget = await costClient.unary(
    'getBudget',
    cost.GetBudgetRequest.fromPartial({ tenantId: 'reserve-test', featureId: 'zero-cap' }),
  );
  const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
  assert.equal(feature?.reservedMicros ?? 0, 0, 'nothing held for a task that may spend nothing');
});

/** The task's record once the workers have finished it. */
async function finished(store: TaskStore, taskId: string): Promise<TaskRecord> {
  let stored: TaskRecord | undefined;
  await waitFor(
    async () => {
      stored = await store.get(taskId);
      return stored?.checkpoint.phase === 'done';
    },
    { what: `task ${taskId} to finish` },
  );
  assert.ok(stored);
  return stored;
}

test('a bug in a paid attempt ends the task with ERROR and gives its reservation back at once', async () => {
  assert.ok(stack);
  const { run, costClient } = await stageRunner(stack.address('cost'), 'downgrade');
  const store = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: 5_000 });
  const record = hardTask('bug');
  await store.create({ record, event: event(record, 1) });
  const phasesRun: string[] = [];
  // The real stages, with generation failing the way a bug would (not a status from scribe).
  const buggy = (r: TaskRecord, signal: AbortSignal): Promise<Transition> => {
    phasesRun.push(r.checkpoint.phase);
    if (r.checkpoint.phase === 'generate') return Promise.reject(new TypeError('x is undefined'));
    return run(r, signal);
  };
  const workers = startPipelineWorkers(store, buggy, {
    consumer: 'bug-test',
    concurrency: 1,
    leaseMs: 5_000,
    blockMs: 20,
    logger: silentLogger(),
  });
  try {
    const done = await finished(store, record.task.taskId);
    assert.deepEqual(phasesRun, ['route', 'reserve', 'generate', 'settle']);
    assert.equal(done.task.status, router.TaskStatus.ERROR);
    assert.match(done.task.error, /internal error in the router pipeline/);
    assert.equal(done.task.reservedMicros, 0);
    const budget = await costClient.unary(
      'getBudget',
      cost.GetBudgetRequest.fromPartial({ tenantId: 'reserve-test', featureId: 'bug' }),
    );
    const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
    assert.equal(feature?.reservedMicros, 0, 'the hold was released, not left to expire');
    assert.equal(feature?.spentMicros, 0);
  } finally {
    await workers.stop(1_000);
    await store.close();
  }
});

test('a bug while settling ends the task with ERROR instead of settling again and again', async () => {
  const store = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: 5_000 });
  const record = hardTask('settle-bug');
  record.checkpoint.phase = 'settle';
  await store.create({ record, event: event(record, 1) });
  let settles = 0;
  const workers = startPipelineWorkers(
    store,
    () => {
      settles++;
      return Promise.reject(new RangeError('bad settlement'));
    },
    { consumer: 'bug-test', concurrency: 1, leaseMs: 5_000, blockMs: 20, logger: silentLogger() },
  );
  try {
    const done = await finished(store, record.task.taskId);
    assert.equal(done.task.status, router.TaskStatus.ERROR);
    assert.equal(settles, 1);
  } finally {
    await workers.stop(1_000);
    await store.close();
  }
});
