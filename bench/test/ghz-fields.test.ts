// Multi-word fields in ghz configs (proto names, as ghz users write them) must reach the server: the
// descriptor set's serializer knows only proto names and silently drops anything else, so a config
// renamed to JSON names once loaded the router with requests that had no task type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startTestServer, unary } from '@superagent/grpc';
import { common, cost, router, serviceNames } from '@superagent/proto';
import { runGhzConfigs, GHZ_DIR } from '../src/ghz/run-configs';
import { runLoad } from '../src/load/driver';
import { loadDescriptorRoot, requestTypeOf, toProtoNames } from '../src/load/request-shape';

test('router Route and RouteBatch configs deliver task_type, test_path and tenant_id', async () => {
  const routes: router.RouteRequest[] = [];
  const server = await startTestServer([
    {
      name: serviceNames.router,
      definition: router.RouterServiceService,
      implementation: {
        route: unary(async (req: router.RouteRequest) => {
          routes.push(req);
          return router.RouteResponse.fromPartial({});
        }),
        routeBatch: unary(async (req: router.RouteBatchRequest) => {
          routes.push(...req.requests);
          return router.RouteBatchResponse.fromPartial({});
        }),
      },
    },
  ]);
  try {
    const runs = await runGhzConfigs(
      [join(GHZ_DIR, 'route.json'), join(GHZ_DIR, 'route-batch.json')],
      () => server.address,
      {
        total: 12,
        skipFirst: 0,
      },
    );
    for (const run of runs) assert.deepEqual(run.result.statusCodes, { OK: 12 }, run.path);
    const single = routes.filter((r) => r.testPath === 'tests/auth/login.spec.ts');
    assert.ok(single.length > 0, 'the Route config sends test_path');
    for (const r of single) {
      assert.equal(r.taskType, common.TaskType.WRITE_TEST);
      assert.equal(r.tenantId, 'load');
      assert.match(r.description, /^User logs in .* \d+$/);
    }
    // Every request of both configs names a task type; the batch covers five of them.
    assert.ok(routes.every((r) => r.taskType !== common.TaskType.UNSPECIFIED));
    assert.equal(new Set(routes.map((r) => r.taskType)).size, 5);
  } finally {
    await server.stop();
  }
});

test('cost Record config delivers input_tokens, output_tokens and a unique idempotency_key per call', async () => {
  const records: cost.UsageRecord[] = [];
  const server = await startTestServer([
    {
      name: serviceNames.cost,
      definition: cost.CostServiceService,
      implementation: {
        record: unary(async (req: cost.RecordRequest) => {
          if (req.record) records.push(req.record);
          return cost.RecordResponse.fromPartial({});
        }),
      },
    },
  ]);
  try {
    const [run] = await runGhzConfigs([join(GHZ_DIR, 'cost-record.json')], () => server.address, {
      total: 20,
    });
    assert.deepEqual(run?.result.statusCodes, { OK: 20 });
    assert.equal(records.length, 20);
    for (const r of records) {
      assert.equal(r.inputTokens, 1200);
      assert.equal(r.outputTokens, 300);
      assert.equal(r.featureId, 'load-feature');
      assert.equal(r.tenantId, 'load');
      assert.match(r.taskId, /^load-task-\d+$/);
      assert.match(r.idempotencyKey, /^ghz-[0-9a-f-]{36}$/);
    }
    assert.equal(new Set(records.map((r) => r.idempotencyKey)).size, 20);
  } finally {
    await server.stop();
  }
});

test('JSON names are accepted like proto names; unknown fields and enum values fail the run by name', async () => {
  const type = requestTypeOf(loadDescriptorRoot(), `${serviceNames.cost}/Record`);
  assert.deepEqual(
    toProtoNames(type, {
      record: { inputTokens: 5, output_tokens: '7', tier: 'TIER_HAIKU', cost_micros: null },
    }),
    {
      record: { input_tokens: 5, output_tokens: '7', tier: 'TIER_HAIKU' },
    },
  );
  assert.throws(
    () => toProtoNames(type, { record: { input_token: 5 } }),
    /data\.record\.input_token: superagent\.cost\.v1\.UsageRecord has no field "input_token"/,
  );
  assert.throws(
    () => toProtoNames(type, { record: { tier: 'HAIKU' } }),
    /data\.record\.tier: "HAIKU" is not a value of superagent\.common\.v1\.Tier/,
  );
  assert.throws(
    () => toProtoNames(type, { record: { agent: 3 } }),
    /data\.record\.agent: expected string, got number/,
  );
  assert.throws(
    () => toProtoNames(type, { record: { inputTokens: 1, input_tokens: 2 } }),
    /field input_tokens given twice/,
  );
  await assert.rejects(
    runLoad({
      address: '127.0.0.1:1',
      call: `${serviceNames.router}/Route`,
      data: [{ task_type: 'TASK_TYPE_WRITE_TEST' }, { taskKind: 'x' }],
      concurrency: 1,
      total: 1,
    }),
    /data\[1\]\.taskKind: superagent\.router\.v1\.RouteRequest has no field "taskKind"/,
  );
});
