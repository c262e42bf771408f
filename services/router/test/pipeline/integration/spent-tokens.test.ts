import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '@superagent/cli';
import { startDemoApp, type DemoApp } from '@superagent/demo';
import {
  startMessagesApi,
  startServiceProcess,
  toolUse,
  type MessagesApi,
  type ServiceProcess,
} from '@superagent/devkit';
import { createClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { cost, router } from '@superagent/proto';

// A paid generation that fails after the model was paid (two answered turns, then the Messages API
// fails): scribe answers with an error carrying the tokens it spent, and the router still settles
// them with the attempt. Everything real: the demo app, scribe/runner/embedding/cost and the router
// as processes; the model is a local server speaking the Messages API.

const MODEL = 'claude-sonnet-4-5';
let api: MessagesApi | undefined;
let app: DemoApp | undefined;
let stack: Stack | undefined;
let routerService: ServiceProcess | undefined;

before(async () => {
  api = await startMessagesApi([
    toolUse('toolu_1', 'snapshot', {}, { input: 40_000, output: 1_000 }, MODEL),
    toolUse('toolu_2', 'snapshot', {}, { input: 50_000, output: 2_000 }, MODEL),
  ]);
  app = await startDemoApp({ port: 0 });
  stack = await startStack({
    only: ['scribe', 'cost'],
    env: { LOG_LEVEL: 'warn' },
    serviceEnv: { scribe: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: api.url } },
  });
  routerService = await startServiceProcess('router', {
    env: {
      SCRIBE_ADDR: stack.address('scribe'),
      RUNNER_ADDR: stack.address('runner'),
      COST_ADDR: stack.address('cost'),
      ANTHROPIC_API_KEY: 'present-only',
    },
  });
});
after(async () => {
  await routerService?.process.stop();
  await stack?.stop();
  await app?.stop();
  await api?.close();
});

test('a paid generation that fails after paying the model still records what it spent', async () => {
  assert.ok(routerService && stack && app && api);
  const options = { defaultDeadlineMs: 60_000, breaker: false as const, logger: silentLogger() };
  const routerClient = createClient(router.RouterServiceService, routerService.address, {
    ...options,
    target: 'router',
  });
  const costClient = createClient(cost.CostServiceService, stack.address('cost'), {
    ...options,
    target: 'cost',
  });
  try {
    const submitted = await routerClient.unary(
      'submitFeature',
      router.SubmitFeatureRequest.fromPartial({
        // Login and payment: hard, so the policy starts it on a paid tier.
        description: 'Log in, then pay for the order at checkout with a card',
        baseUrl: app.url,
        startPath: '/login',
        tenantId: 'spent-tokens',
        featureId: 'spent-tokens',
        idempotencyKey: `spent-tokens-${process.pid}`,
      }),
    );
    let task: router.Task | undefined;
    for (let i = 0; i < 600; i++) {
      task = (await routerClient.unary('getTask', { taskId: submitted.taskId })).task;
      if (task?.status !== router.TaskStatus.QUEUED && task?.status !== router.TaskStatus.RUNNING) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(task, 'the task exists');
    assert.notEqual(task.status, router.TaskStatus.PASSED);
    assert.ok(api.calls.length >= 3, `the model was called and then failed (${api.calls.length} calls)`);
    const attempt = task.attempts[0];
    assert.deepEqual(
      [attempt?.usage?.inputTokens, attempt?.usage?.outputTokens],
      [90_000, 3_000],
      JSON.stringify(task.attempts),
    );
    assert.ok(task.costMicros > 0, 'the spend is priced into the task');
    const budget = await costClient.unary(
      'getBudget',
      cost.GetBudgetRequest.fromPartial({ tenantId: 'spent-tokens', featureId: 'spent-tokens' }),
    );
    const feature = budget.budgets.find((b) => b.kind === cost.BudgetKind.FEATURE);
    assert.equal(feature?.spentMicros, task.costMicros, 'the cost service counted it');
    assert.equal(feature?.reservedMicros, 0, 'and nothing stays reserved');
  } finally {
    routerClient.close();
    costClient.close();
  }
});
