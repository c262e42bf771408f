import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { createClient, startTestServer, type GrpcClient, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router, serviceNames } from '@superagent/proto';
import { createApiKeyAuth } from '../../../src/auth/api-keys';
import { createPipelineHandlers } from '../../../src/pipeline/handlers';
import { createRouterService } from '../../../src/server';
import { attemptErrored, reservedLocal, routed, settled } from '../../../src/pipeline/transitions';
import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import type { TaskRecord } from '../../../src/store/task-record';
import type { TaskStore } from '../../../src/store/task-store';
import { engineWith } from '../../support/routing';

// SubmitFeature / GetTask / WatchTask over real gRPC on loopback, against the embedded store. No
// workers run here: the test plays the worker by committing real pipeline transitions to the store.

type RouterClient = GrpcClient<typeof router.RouterServiceService>;

let store: TaskStore;
let server: TestServer;
let client: RouterClient;

before(async () => {
  store = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: 5_000 });
  server = await startTestServer([
    {
      definition: router.RouterServiceService,
      name: serviceNames.router,
      implementation: createPipelineHandlers({ store, watchPollMs: 200 }),
    },
  ]);
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
  await store?.close();
});

const submit = (partial: Partial<router.SubmitFeatureRequest>) =>
  client.unary(
    'submitFeature',
    router.SubmitFeatureRequest.fromPartial({
      description: 'open the cart',
      baseUrl: 'http://127.0.0.1:4173',
      ...partial,
    }),
  );

async function rejects(promise: Promise<unknown>, code: grpc.status, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof Error && 'code' in err && 'details' in err, String(err));
    assert.equal(err.code, code, err.message);
    assert.match(String(err.details), message);
    return true;
  });
}

/** Plays the worker: takes the task and commits transitions to the store. */
async function work(
  taskId: string,
  steps: ((r: TaskRecord) => { record: TaskRecord; events: router.TaskEvent[] })[],
): Promise<void> {
  const claimed = await store.claim('test-worker', 100, 0);
  let record = claimed.find((c) => c.claim.taskId === taskId)?.record ?? (await store.get(taskId));
  assert.ok(record);
  for (const step of steps) {
    const t = step(record);
    await store.commit(taskId, 'test-worker', t.record, t.events);
    record = t.record;
  }
}

const NOW = Date.now();
const decision = router.RouteResponse.fromPartial({
  agent: 'scribe',
  tier: common.Tier.LOCAL,
  modelId: 'local',
  reason: 'easy',
  maxAttempts: 3,
});
const policy = { defaultMaxAttempts: 3, budgetAction: 'downgrade' as const };

/** A request whose options.max_tier is 42, as raw protobuf bytes (field 9 { field 1: 42 }) decode it. */
function unknownTier(): router.SubmitFeatureRequest {
  const head = router.SubmitFeatureRequest.encode(
    router.SubmitFeatureRequest.fromPartial({
      description: 'open the cart',
      baseUrl: 'http://127.0.0.1:4173',
    }),
  ).finish();
  return router.SubmitFeatureRequest.decode(Buffer.concat([head, Buffer.from([0x4a, 0x02, 0x08, 42])]));
}

describe('SubmitFeature', () => {
  test('bad input is INVALID_ARGUMENT naming the field', async () => {
    const cases: [Partial<router.SubmitFeatureRequest>, RegExp][] = [
      [{ description: '' }, /^description: required/],
      [{ description: '   ' }, /^description: required/],
      [{ description: 'x'.repeat(8_193) }, /^description: at most 8192 bytes/],
      [{ baseUrl: '' }, /^base_url: required/],
      [{ baseUrl: 'not a url' }, /^base_url: not a URL/],
      [{ baseUrl: 'file:///etc/passwd' }, /^base_url: must be http or https/],
      [{ baseUrl: 'http://user:pw@127.0.0.1/' }, /^base_url: must not carry credentials/],
      [{ startPath: 'login' }, /^start_path: must be a path/],
      [{ startPath: '//evil.example/x' }, /^start_path: must be a path/],
      [{ tenantId: 't'.repeat(129) }, /^tenant_id: at most 128 bytes/],
      [{ sessionId: 'a\nb' }, /^session_id: control characters/],
      [{ idempotencyKey: 'k'.repeat(257) }, /^idempotency_key: at most 256 bytes/],
      [{ featureId: '\ufffd' }, /^feature_id: control characters or invalid UTF-8/],
      [
        { options: router.FeatureOptions.fromPartial({ maxAttempts: 0 }) },
        /^options.max_attempts: must be 1 \.\. 10/,
      ],
      [{ options: router.FeatureOptions.fromPartial({ maxAttempts: 11 }) }, /^options.max_attempts/],
      [
        { options: router.FeatureOptions.fromPartial({ costCapMicros: -1 }) },
        /^options.cost_cap_micros: must be ≥ 0/,
      ],
      [{ options: router.FeatureOptions.fromPartial({ runTimeoutMs: 180_001 }) }, /^options.run_timeout_ms/],
      [{ options: router.FeatureOptions.fromPartial({ fileName: '../x.spec.ts' }) }, /^options.file_name/],
      // What scribe would refuse later (the task would end in ERROR instead): its limits, here.
      [{ startPath: '/ cart' }, /^start_path: must not contain spaces/],
      [{ startPath: '/cart\u00a0page' }, /^start_path: must not contain spaces/],
      [{ startPath: '/a\\b' }, /^start_path: must be a path/],
      [
        { options: router.FeatureOptions.fromPartial({ fileName: `${'a'.repeat(113)}.spec.ts` }) },
        /^options.file_name: .*at most 120 characters/,
      ],
      [unknownTier(), /^options.max_tier: unknown tier 42/],
      [
        { options: router.FeatureOptions.fromPartial({ startTier: common.Tier.SONNET }) },
        /^options.start_tier: not supported/,
      ],
    ];
    for (const [partial, message] of cases)
      await rejects(submit(partial), grpc.status.INVALID_ARGUMENT, message);
  });

  test('creates a queued task; a repeated idempotency key (per tenant) returns the same task', async () => {
    const first = await submit({
      idempotencyKey: 'cart-1',
      tenantId: 'acme',
      description: 'Open the cart and see 2 items',
    });
    assert.equal(first.created, true);
    assert.equal(first.status, router.TaskStatus.QUEUED);
    const again = await submit({
      idempotencyKey: 'cart-1',
      tenantId: 'acme',
      description: 'something else entirely',
    });
    assert.deepEqual(again, { ...first, created: false });
    const otherTenant = await submit({ idempotencyKey: 'cart-1', tenantId: 'globex' });
    assert.notEqual(otherTenant.taskId, first.taskId);
    const { task } = await client.unary(
      'getTask',
      router.GetTaskRequest.fromPartial({ taskId: first.taskId }),
    );
    assert.equal(task?.request?.description, 'Open the cart and see 2 items');
    assert.equal(task?.request?.featureId, 'open-the-cart-and-see-2');
    assert.equal(task?.lastSequence, 1);
  });

  test("an empty tenant_id is the default tenant: its idempotency keys are the default tenant's", async () => {
    const named = await submit({ idempotencyKey: 'default-tenant-1', tenantId: 'default' });
    const unnamed = await submit({ idempotencyKey: 'default-tenant-1', tenantId: '' });
    assert.deepEqual(unnamed, { ...named, created: false });
    const fresh = await submit({ idempotencyKey: 'default-tenant-2' });
    const { task } = await client.unary(
      'getTask',
      router.GetTaskRequest.fromPartial({ taskId: fresh.taskId }),
    );
    assert.equal(task?.request?.tenantId, 'default');
  });
});

describe('GetTask', () => {
  test('unknown is NOT_FOUND, malformed is INVALID_ARGUMENT', async () => {
    await rejects(
      client.unary(
        'getTask',
        router.GetTaskRequest.fromPartial({ taskId: '00000000-0000-4000-8000-000000000000' }),
      ),
      grpc.status.NOT_FOUND,
      /not found/,
    );
    await rejects(
      client.unary('getTask', router.GetTaskRequest.fromPartial({ taskId: '' })),
      grpc.status.INVALID_ARGUMENT,
      /^task_id: required/,
    );
    await rejects(
      client.unary('getTask', router.GetTaskRequest.fromPartial({ taskId: 'sa:router:queue' })),
      grpc.status.INVALID_ARGUMENT,
      /^task_id: not a task id/,
    );
  });
});

describe('WatchTask', () => {
  const collect = async (
    taskId: string,
    afterSequence = 0,
    onEvent?: (e: router.TaskEvent) => Promise<void>,
  ) => {
    const got: router.TaskEvent[] = [];
    for await (const { event } of client.serverStream(
      'watchTask',
      router.WatchTaskRequest.fromPartial({ taskId, afterSequence }),
    )) {
      assert.ok(event);
      got.push(event);
      await onEvent?.(event);
    }
    return got;
  };

  test('delivers every event in order as it happens, ends after COMPLETED, and resumes after any sequence', async () => {
    const { taskId } = await submit({});
    let worked: Promise<void> | undefined;
    const live = await collect(taskId, 0, async (e) => {
      // The watcher is attached and has seen SUBMITTED: now the "worker" moves the task along.
      if (e.sequence === 1) {
        worked = work(taskId, [
          (r) => routed(r, decision, policy, NOW),
          (r) => reservedLocal(r, NOW),
          (r) => attemptErrored(r, 'scribe UNAVAILABLE: connection refused', NOW),
          (r) => settled(r, { committedMicros: 0, priced: true, note: 'nothing spent' }, NOW),
        ]);
      }
    });
    await worked;
    const E = router.TaskEventType;
    assert.deepEqual(
      live.map((e) => e.type),
      [E.SUBMITTED, E.ROUTED, E.RESERVED, E.GENERATING, E.COST_COMMITTED, E.ERROR, E.COMPLETED],
    );
    assert.deepEqual(
      live.map((e) => e.sequence),
      [1, 2, 3, 4, 5, 6, 7],
    );
    const resumed = await collect(taskId, 3);
    assert.deepEqual(
      resumed.map((e) => e.sequence),
      [4, 5, 6, 7],
    );
    assert.deepEqual(await collect(taskId, 7), []);
    const { task } = await client.unary('getTask', router.GetTaskRequest.fromPartial({ taskId }));
    assert.equal(task?.status, router.TaskStatus.ERROR);
    assert.equal(task?.lastSequence, 7);
  });

  test('unknown task is NOT_FOUND; a negative after_sequence is INVALID_ARGUMENT', async () => {
    await rejects(collect('00000000-0000-4000-8000-000000000000'), grpc.status.NOT_FOUND, /not found/);
    const { taskId } = await submit({});
    await rejects(collect(taskId, -1), grpc.status.INVALID_ARGUMENT, /^after_sequence: must be ≥ 0/);
  });

  test('a watcher that goes away frees the server (it keeps answering)', async () => {
    const { taskId } = await submit({});
    for (let i = 0; i < 20; i++) {
      // Leaving the loop cancels the call while the server is waiting for the next event.
      for await (const { event } of client.serverStream(
        'watchTask',
        router.WatchTaskRequest.fromPartial({ taskId }),
      )) {
        assert.equal(event?.sequence, 1);
        break;
      }
    }
    const { task } = await client.unary('getTask', router.GetTaskRequest.fromPartial({ taskId }));
    assert.equal(task?.status, router.TaskStatus.QUEUED);
  });
});

describe('API keys (per tenant)', () => {
  const KEY_ACME = 'acme-key-0123456789abcdef';
  const KEY_GLOBEX = 'globex-key-0123456789abcdef';
  let authServer: TestServer;
  let authClient: RouterClient;
  const withKey = (key: string | undefined) => {
    const metadata = new grpc.Metadata();
    if (key !== undefined) metadata.set('x-api-key', key);
    return { metadata };
  };

  before(async () => {
    // As served: the router service's key gate in front of the pipeline handlers.
    const auth = createApiKeyAuth([`acme:${KEY_ACME}`, `globex:${KEY_GLOBEX}`]);
    authServer = await startTestServer([
      createRouterService({
        engine: engineWith(),
        logger: silentLogger(),
        auth,
        pipeline: createPipelineHandlers({ store, watchPollMs: 200, auth }),
      }),
    ]);
    authClient = createClient(router.RouterServiceService, authServer.address, {
      target: 'router-auth',
      defaultDeadlineMs: 5_000,
      breaker: false,
      logger: silentLogger(),
    });
  });
  after(async () => {
    authClient?.close();
    await authServer?.stop();
  });

  const submitAs = (key: string | undefined, tenantId = '') =>
    authClient.unary(
      'submitFeature',
      router.SubmitFeatureRequest.fromPartial({
        description: 'open the cart',
        baseUrl: 'http://127.0.0.1:4173',
        tenantId,
      }),
      withKey(key),
    );

  test('no key or a wrong key is UNAUTHENTICATED; a key for another tenant is PERMISSION_DENIED', async () => {
    await rejects(submitAs(undefined), grpc.status.UNAUTHENTICATED, /missing x-api-key/);
    await rejects(submitAs('not-a-key-0123456789abcdef'), grpc.status.UNAUTHENTICATED, /invalid API key/);
    await rejects(submitAs(KEY_GLOBEX, 'acme'), grpc.status.PERMISSION_DENIED, /not valid for tenant "acme"/);
  });

  test("a task submitted without tenant_id belongs to the key's tenant", async () => {
    const { taskId } = await submitAs(KEY_GLOBEX);
    const { task } = await authClient.unary(
      'getTask',
      router.GetTaskRequest.fromPartial({ taskId }),
      withKey(KEY_GLOBEX),
    );
    assert.equal(task?.request?.tenantId, 'globex');
  });

  test("a key acts for its own tenant only: another tenant's task does not exist for it", async () => {
    const { taskId } = await submitAs(KEY_ACME);
    const { task } = await authClient.unary(
      'getTask',
      router.GetTaskRequest.fromPartial({ taskId }),
      withKey(KEY_ACME),
    );
    assert.equal(task?.request?.tenantId, 'acme');
    await rejects(
      authClient.unary('getTask', router.GetTaskRequest.fromPartial({ taskId }), withKey(KEY_GLOBEX)),
      grpc.status.NOT_FOUND,
      /not found/,
    );
    const watch = async (key: string) => {
      for await (const { event } of authClient.serverStream(
        'watchTask',
        router.WatchTaskRequest.fromPartial({ taskId }),
        withKey(key),
      )) {
        return event?.sequence;
      }
      return undefined;
    };
    assert.equal(await watch(KEY_ACME), 1);
    await rejects(watch(KEY_GLOBEX), grpc.status.NOT_FOUND, /not found/);
  });
});
