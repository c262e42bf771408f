import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import {
  assertServing,
  assertStatus,
  BEYOND_2_53,
  hostileTests,
  invalidField as invalid,
  INVALID_UTF8,
  rawClient,
  rawServerStream,
  rawUnary,
  standardRows,
  startRedisServer,
  wire,
  type HostileRow,
  type RawCallOptions,
  type RawSend,
  type RedisServer,
} from '@superagent/devkit';
import { startTestServer, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, router } from '@superagent/proto';
import { closeRedis, createRedis, type Redis } from '@superagent/redis';
import { API_KEY_HEADER, createApiKeyAuth } from '../../src/auth/api-keys';
import { createPipelineHandlers } from '../../src/pipeline/handlers';
import { createRouterService } from '../../src/server';
import { idempotencyKey, PREFIX } from '../../src/store/redis-keys';
import { createRedisTaskStore } from '../../src/store/redis-task-store';
import type { TaskStore } from '../../src/store/task-store';
import { engineWith } from '../support/routing';

// Bad and extreme input for every RouterService RPC, as raw bytes over real gRPC, against the real
// routing engine and the pipeline RPCs on a real Redis task store, every RPC behind per-tenant API
// keys. Each row must get its status code (INVALID_ARGUMENT naming the field; UNAUTHENTICATED or
// PERMISSION_DENIED for a missing, wrong or other tenant's key) and the server must answer after it.

const SERVICE = '/superagent.router.v1.RouterService/';
const ACME_KEY = 'acme-key-0123456789abcdef';
const GLOBEX_KEY = 'globex-key-0123456789abcdef';
const KNOWN_TASK = randomUUID();

let redisServer: RedisServer;
let redis: Redis;
let store: TaskStore;
let server: TestServer;
let client: ReturnType<typeof rawClient>;

before(async () => {
  redisServer = await startRedisServer();
  redis = createRedis({ url: redisServer.url, name: 'router-hostile' }, silentLogger());
  store = await createRedisTaskStore(redis, {
    ttlMs: 60_000,
    leaseMs: 5_000,
    waitReplicas: 0,
    waitTimeoutMs: 500,
    logger: silentLogger(),
  });
  const ids = [KNOWN_TASK];
  const auth = createApiKeyAuth([`acme:${ACME_KEY}`, `globex:${GLOBEX_KEY}`]);
  const pipeline = createPipelineHandlers({
    store,
    auth,
    watchPollMs: 200,
    newTaskId: () => ids.shift() ?? randomUUID(),
  });
  server = await startTestServer(
    [createRouterService({ engine: engineWith(), logger: silentLogger(), pipeline, auth })],
    {
      name: 'router',
    },
  );
  client = rawClient(server.address);
  // The task the GetTask / WatchTask rows look at (it stays queued: no worker runs here).
  assertStatus(await send('SubmitFeature')(submit({})), status.OK);
});
after(async () => {
  client?.close();
  await server?.stop();
  await store?.close();
  if (redis) await closeRedis(redis);
  await redisServer?.stop();
});

const withKey = (key: string | null, options: RawCallOptions = {}): RawCallOptions =>
  key === null ? options : { ...options, metadata: { [API_KEY_HEADER]: key } };

/** Unary calls; every call carries acme's key unless `key` says otherwise (null: no key). */
const send =
  (method: string, key: string | null = ACME_KEY): RawSend =>
  (body, options) =>
    rawUnary(client, SERVICE + method, body, withKey(key, options));
const watch =
  (key: string | null = ACME_KEY): RawSend =>
  (body, options) =>
    rawServerStream(client, `${SERVICE}WatchTask`, body, withKey(key, options));

const route = (r: Partial<router.RouteRequest>): router.RouteRequest =>
  router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: 'Open the help dialog and close it',
    ...r,
  });
const routeBytes = (r: Partial<router.RouteRequest>): Buffer =>
  Buffer.from(router.RouteRequest.encode(route(r)).finish());
const batch = (rs: router.RouteRequest[]): Buffer =>
  Buffer.from(router.RouteBatchRequest.encode({ requests: rs }).finish());
const submit = (r: Partial<router.SubmitFeatureRequest>): Buffer =>
  Buffer.from(
    router.SubmitFeatureRequest.encode(
      router.SubmitFeatureRequest.fromPartial({
        description: 'open the cart',
        baseUrl: 'http://127.0.0.1:4173',
        ...r,
      }),
    ).finish(),
  );
const taskRef = (taskId: string): Buffer => wire.string(1, taskId);

const huge = 'x'.repeat(300_000);

const rows: HostileRow[] = [
  ...standardRows('Route', send('Route'), {
    empty: invalid('task_type'),
    valid: routeBytes({}),
    invalidUtf8: Buffer.concat([wire.varint(1, 1), wire.bytes(2, INVALID_UTF8)]),
  }),
  {
    name: 'Route: huge description',
    send: () => send('Route')(routeBytes({ description: huge })),
    ...invalid('description'),
  },
  {
    name: 'Route: huge tenant_id',
    send: () => send('Route')(routeBytes({ tenantId: `acme${huge}` })),
    code: status.PERMISSION_DENIED,
    details: /^tenant_id: this API key is not valid for tenant "acmexxx/,
  },
  {
    name: 'Route: negative attempts_made',
    send: () => send('Route')(routeBytes({ attemptsMade: -1 })),
    ...invalid('attempts_made'),
  },
  { name: 'Route: negative enum', send: () => send('Route')(wire.varint(1, -1)), ...invalid('task_type') },
  {
    name: 'Route: unknown tier',
    send: () => send('Route')(Buffer.concat([routeBytes({}), wire.varint(11, 99)])),
    ...invalid('max_tier'),
  },
  {
    name: 'Route: message over the 4 MiB limit',
    send: () => send('Route')(routeBytes({ description: 'x'.repeat(5 * 1024 * 1024) })),
    code: status.RESOURCE_EXHAUSTED,
  },

  ...standardRows('RouteBatch', send('RouteBatch'), {
    empty: invalid('requests'),
    valid: batch([route({})]),
    invalidUtf8: wire.message(1, wire.varint(1, 1), wire.bytes(3, INVALID_UTF8)),
  }),
  {
    name: 'RouteBatch: 10k requests',
    send: () => send('RouteBatch')(batch(Array.from({ length: 10_000 }, () => route({})))),
    ...invalid('requests'),
  },

  // Auth: every RPC needs a key; a request naming another tenant is refused.
  {
    name: 'Route: no API key',
    send: () => send('Route', null)(routeBytes({})),
    code: status.UNAUTHENTICATED,
    details: /missing x-api-key/,
  },
  {
    name: 'Route: wrong API key',
    send: () => send('Route', 'not-a-key-0123456789abcdef')(routeBytes({})),
    code: status.UNAUTHENTICATED,
    details: /invalid API key/,
  },
  {
    name: 'Route: empty API key',
    send: () => send('Route', '')(routeBytes({})),
    code: status.UNAUTHENTICATED,
  },
  {
    name: 'Route: a key with one character changed',
    send: () => send('Route', `${ACME_KEY.slice(0, -1)}0`)(routeBytes({})),
    code: status.UNAUTHENTICATED,
    details: /invalid API key/,
  },
  {
    name: "Route: another tenant's key",
    send: () => send('Route', GLOBEX_KEY)(routeBytes({ tenantId: 'acme' })),
    code: status.PERMISSION_DENIED,
    details: /^tenant_id: this API key is not valid for tenant "acme"/,
  },
  {
    name: 'Route: its own tenant',
    send: () => send('Route')(routeBytes({ tenantId: 'acme' })),
    code: status.OK,
  },
  {
    name: 'RouteBatch: no API key',
    send: () => send('RouteBatch', null)(batch([route({})])),
    code: status.UNAUTHENTICATED,
  },
  {
    name: 'RouteBatch: wrong API key',
    send: () => send('RouteBatch', 'y'.repeat(32))(batch([route({})])),
    code: status.UNAUTHENTICATED,
  },
  {
    name: 'RouteBatch: one item of another tenant refuses the batch',
    send: () =>
      send('RouteBatch')(batch([route({}), route({ tenantId: 'acme' }), route({ tenantId: 'globex' })])),
    code: status.PERMISSION_DENIED,
    details: /^requests\[2\]\.tenant_id: this API key is not valid for tenant "globex"/,
  },
  {
    name: 'GetStats: no API key',
    send: () => send('GetStats', null)(Buffer.alloc(0)),
    code: status.UNAUTHENTICATED,
    details: /missing x-api-key/,
  },
  {
    name: 'GetStats: wrong API key',
    send: () => send('GetStats', 'not-a-key-0123456789abcdef')(Buffer.alloc(0)),
    code: status.UNAUTHENTICATED,
  },
  {
    name: "GetStats: any tenant's valid key",
    send: () => send('GetStats', GLOBEX_KEY)(Buffer.alloc(0)),
    code: status.OK,
  },

  ...standardRows('GetStats', send('GetStats'), { empty: { code: status.OK }, valid: Buffer.alloc(0) }),

  ...standardRows('SubmitFeature', send('SubmitFeature'), {
    empty: invalid('description'),
    valid: submit({}),
    invalidUtf8: Buffer.concat([wire.bytes(1, INVALID_UTF8), wire.string(2, 'http://127.0.0.1:4173')]),
    beyond2to53: Buffer.concat([submit({}), wire.message(9, wire.varint(5, BEYOND_2_53))]),
  }),
  {
    name: 'SubmitFeature: huge description',
    send: () => send('SubmitFeature')(submit({ description: huge })),
    ...invalid('description'),
  },
  {
    name: 'SubmitFeature: huge idempotency_key',
    send: () => send('SubmitFeature')(submit({ idempotencyKey: huge })),
    ...invalid('idempotency_key'),
  },
  {
    name: 'SubmitFeature: newline in session_id',
    send: () => send('SubmitFeature')(submit({ sessionId: 'a\nb' })),
    ...invalid('session_id'),
  },
  {
    name: 'SubmitFeature: negative cost cap',
    send: () =>
      send('SubmitFeature')(submit({ options: router.FeatureOptions.fromPartial({ costCapMicros: -1 }) })),
    ...invalid('options.cost_cap_micros'),
  },
  {
    name: 'SubmitFeature: negative max_attempts',
    send: () =>
      send('SubmitFeature')(submit({ options: router.FeatureOptions.fromPartial({ maxAttempts: -1 }) })),
    ...invalid('options.max_attempts'),
  },
  {
    name: 'SubmitFeature: javascript: base_url',
    send: () => send('SubmitFeature')(submit({ baseUrl: 'javascript:alert(1)' })),
    ...invalid('base_url'),
  },
  // Auth: per-tenant API keys.
  {
    name: 'SubmitFeature: no API key',
    send: () => send('SubmitFeature', null)(submit({})),
    code: status.UNAUTHENTICATED,
    details: /missing x-api-key/,
  },
  {
    name: 'SubmitFeature: wrong API key',
    send: () => send('SubmitFeature', 'not-a-key-0123456789abcdef')(submit({})),
    code: status.UNAUTHENTICATED,
    details: /invalid API key/,
  },
  {
    name: "SubmitFeature: another tenant's key",
    send: () => send('SubmitFeature', GLOBEX_KEY)(submit({ tenantId: 'acme' })),
    code: status.PERMISSION_DENIED,
  },

  ...standardRows('GetTask', send('GetTask'), {
    empty: invalid('task_id'),
    valid: taskRef(KNOWN_TASK),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
  }),
  { name: 'GetTask: huge task_id', send: () => send('GetTask')(taskRef(huge)), ...invalid('task_id') },
  {
    name: 'GetTask: a key pattern as task_id',
    send: () => send('GetTask')(taskRef('*')),
    ...invalid('task_id'),
  },
  {
    name: 'GetTask: no API key',
    send: () => send('GetTask', null)(taskRef(KNOWN_TASK)),
    code: status.UNAUTHENTICATED,
  },
  {
    name: 'GetTask: wrong API key',
    send: () => send('GetTask', 'x'.repeat(20))(taskRef(KNOWN_TASK)),
    code: status.UNAUTHENTICATED,
  },
  // Another tenant's task does not exist as far as this tenant can tell.
  {
    name: "GetTask: another tenant's task",
    send: () => send('GetTask', GLOBEX_KEY)(taskRef(KNOWN_TASK)),
    code: status.NOT_FOUND,
  },

  ...standardRows('WatchTask', watch(), {
    empty: invalid('task_id'),
    valid: taskRef(KNOWN_TASK),
    invalidUtf8: wire.bytes(1, INVALID_UTF8),
    beyond2to53: Buffer.concat([taskRef(KNOWN_TASK), wire.varint(2, BEYOND_2_53)]),
  }),
  {
    name: 'WatchTask: negative after_sequence',
    send: () => watch()(Buffer.concat([taskRef(KNOWN_TASK), wire.varint(2, -1)])),
    ...invalid('after_sequence'),
  },
  {
    name: 'WatchTask: cancelled while waiting',
    send: () => watch()(taskRef(KNOWN_TASK), { cancelAfterMs: 100 }),
    code: status.CANCELLED,
  },
  {
    name: 'WatchTask: no API key',
    send: () => watch(null)(taskRef(KNOWN_TASK), { deadlineMs: 5_000 }),
    code: status.UNAUTHENTICATED,
  },
  {
    name: "WatchTask: another tenant's task",
    send: () => watch(GLOBEX_KEY)(taskRef(KNOWN_TASK), { deadlineMs: 5_000 }),
    code: status.NOT_FOUND,
  },
];

describe('RouterService: hostile input', () => {
  hostileTests(rows, async () => {
    await assertServing(client);
    assertStatus(await send('Route')(routeBytes({})), status.OK);
    assertStatus(await send('GetTask')(taskRef(KNOWN_TASK)), status.OK);
  });
});

describe('RouterService: user ids cannot collide or escape the Redis namespace', () => {
  test('idempotency keys are per tenant, and tricky ids stay inside sa:router:', async () => {
    // Keys are per tenant (acme), so collisions are tried within the key: "a:b" vs "a" + ":b" style.
    const tricky = ['a:b', 'a', 'b:a', '*', 'sa:router:*', '{slot}', 'é', 'k'.repeat(256)];
    const ids = new Set<string>();
    for (const key of tricky) {
      const reply = await send('SubmitFeature')(
        submit({ idempotencyKey: key, sessionId: key.slice(0, 128) }),
      );
      assertStatus(reply, status.OK);
      const res = router.SubmitFeatureResponse.decode(reply.messages[0] ?? Buffer.alloc(0));
      assert.equal(res.created, true, `key ${key} was new`);
      ids.add(res.taskId);
    }
    assert.equal(ids.size, tricky.length);
    // Another tenant with the same keys gets its own tasks.
    for (const key of tricky) {
      const reply = await send('SubmitFeature', GLOBEX_KEY)(submit({ idempotencyKey: key }));
      const res = router.SubmitFeatureResponse.decode(reply.messages[0] ?? Buffer.alloc(0));
      assert.equal(res.created, true, `globex key ${key} was new`);
      assert.ok(!ids.has(res.taskId));
    }
    // The same key again is the same task.
    const again = await send('SubmitFeature')(submit({ idempotencyKey: 'a:b' }));
    assert.equal(router.SubmitFeatureResponse.decode(again.messages[0] ?? Buffer.alloc(0)).created, false);

    // Tenants come from API keys here; the key builder itself keeps "a:b" + "c" apart from "a" + "b:c".
    assert.notEqual(idempotencyKey('a:b', 'c'), idempotencyKey('a', 'b:c'));
    for (const key of await redis.keys('*')) {
      assert.ok(key.startsWith(PREFIX), key);
      assert.match(key.slice(PREFIX.length), /^[A-Za-z0-9_:-]+$/, key);
    }
  });
});
