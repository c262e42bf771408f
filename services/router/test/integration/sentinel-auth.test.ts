import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  freePort,
  startSentinelTopology,
  startServiceProcess,
  type ServiceProcess,
  type SentinelTopology,
} from '@superagent/devkit';
import { createClient } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { cost, router } from '@superagent/proto';

// The bundled Redis chart's default: the Sentinels require the same password as the data nodes.
// Router and cost used to send it to the data nodes only, got NOAUTH from every Sentinel and never
// reported SERVING. With REDIS_SENTINEL_PASSWORD both get ready and write through the master.

const PASSWORD = 'bundled-chart-secret';
let topology: SentinelTopology | undefined;
const services: ServiceProcess[] = [];

before(async () => {
  topology = await startSentinelTopology({ replicas: 1, sentinels: 1, quorum: 1, password: PASSWORD });
});
after(async () => {
  await Promise.all(services.map((s) => s.process.stop()));
  await topology?.stop();
});

test('router and cost get ready and write through Sentinels that require a password', async () => {
  assert.ok(topology);
  const redisEnv = {
    REDIS_SENTINELS: topology.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
    REDIS_MASTER_NAME: topology.masterName,
    REDIS_PASSWORD: PASSWORD,
    REDIS_SENTINEL_PASSWORD: PASSWORD,
  };
  // startServiceProcess resolves only once the service reports SERVING, which both do only with a
  // ready Redis store.
  const costService = await startServiceProcess('cost', {
    timeoutMs: 20_000,
    env: { ...redisEnv, COST_STORE: 'redis', COST_WAIT_REPLICAS: '1' },
  });
  services.push(costService);
  const routerService = await startServiceProcess('router', {
    timeoutMs: 20_000,
    env: {
      ...redisEnv,
      PIPELINE_STORE: 'redis',
      PIPELINE_REDIS_WAIT_REPLICAS: '1',
      COST_ADDR: costService.address,
      SCRIBE_ADDR: `127.0.0.1:${await freePort()}`,
      RUNNER_ADDR: `127.0.0.1:${await freePort()}`,
    },
  });
  services.push(routerService);

  const options = { defaultDeadlineMs: 5_000, breaker: false as const, logger: silentLogger() };
  const costClient = createClient(cost.CostServiceService, costService.address, {
    ...options,
    target: 'cost',
  });
  const routerClient = createClient(router.RouterServiceService, routerService.address, {
    ...options,
    target: 'router',
  });
  try {
    const recorded = await costClient.unary(
      'record',
      cost.RecordRequest.fromPartial({
        record: cost.UsageRecord.fromPartial({
          agent: 'scribe',
          model: 'claude-sonnet-4-5',
          costMicros: 1_234,
          tenantId: 'sentinel-auth',
          idempotencyKey: `sentinel-auth-${process.pid}`,
        }),
      }),
    );
    assert.equal(recorded.result?.recorded, true);
    const submitted = await routerClient.unary(
      'submitFeature',
      router.SubmitFeatureRequest.fromPartial({
        description: 'Open the home page and see the heading "Welcome"',
        baseUrl: 'http://127.0.0.1:9/',
        startPath: '/',
        idempotencyKey: `sentinel-auth-${process.pid}`,
      }),
    );
    const task = await routerClient.unary('getTask', { taskId: submitted.taskId });
    assert.equal(task.task?.taskId, submitted.taskId);
  } finally {
    costClient.close();
    routerClient.close();
  }
});
