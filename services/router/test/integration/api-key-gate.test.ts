import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { assertServing, rawClient, wire } from '@superagent/devkit';
import {
  createClient,
  startTestServer,
  type GrpcClient,
  type ServiceImplementation,
  type TestServer,
} from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { common, descriptorSetPath, router } from '@superagent/proto';
import { gateRouterService } from '../../src/auth/api-key-gate';
import { API_KEY_HEADER, createApiKeyAuth } from '../../src/auth/api-keys';
import { createRouterService } from '../../src/server';
import { engineWith } from '../support/routing';

// The API-key gate in front of RouterService over real gRPC: which tenant a keyed call acts for
// (what the routing engine's budget lookups see), that health and reflection stay open for probes
// and tooling, and that without keys the handlers are served untouched.

const ACME_KEY = 'acme-key-0123456789abcdef';
const GLOBEX_KEY = 'globex-key-0123456789abcdef';

type RouterClient = GrpcClient<typeof router.RouterServiceService>;

const withKey = (key: string) => {
  const metadata = new grpc.Metadata();
  metadata.set(API_KEY_HEADER, key);
  return { metadata };
};
const route = (r: Partial<router.RouteRequest> = {}): router.RouteRequest =>
  router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: 'Open the help dialog and close it',
    ...r,
  });

/** Lists the services over reflection (v1) with no metadata at all. */
function listServices(client: grpc.Client): Promise<string> {
  return new Promise((resolve, reject) => {
    const call = client.makeBidiStreamRequest(
      '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo',
      (b: Buffer) => b,
      (b: Buffer) => b,
    );
    call.on('data', (reply: Buffer) => {
      resolve(reply.toString('latin1'));
      call.end();
    });
    call.on('error', reject);
    // ServerReflectionRequest { list_services (7) = "*" }
    call.write(wire.string(7, '*'));
  });
}

describe('RouterService behind API keys', () => {
  let server: TestServer;
  let client: RouterClient;
  let raw: grpc.Client;
  /** Tenant of every budget lookup the engine made, in order. */
  const tenantsSeen: string[] = [];

  before(async () => {
    const engine = engineWith({
      budgets: (scope) => {
        tenantsSeen.push(scope.tenantId);
        return { kind: 'known', budgets: [] };
      },
      cacheSize: 0,
    });
    const auth = createApiKeyAuth([`acme:${ACME_KEY}`, `globex:${GLOBEX_KEY}`]);
    server = await startTestServer([createRouterService({ engine, logger: silentLogger(), auth })], {
      name: 'router',
      reflection: { descriptorSetPath },
    });
    client = createClient(router.RouterServiceService, server.address, {
      target: 'router',
      defaultDeadlineMs: 5_000,
      breaker: false,
      logger: silentLogger(),
    });
    raw = rawClient(server.address);
  });
  after(async () => {
    client?.close();
    raw?.close();
    await server?.stop();
  });

  test("Route without tenant_id acts for the key's tenant (its budget, not the default tenant's)", async () => {
    tenantsSeen.length = 0;
    await client.unary('route', route(), withKey(ACME_KEY));
    await client.unary('route', route({ tenantId: 'globex' }), withKey(GLOBEX_KEY));
    assert.deepEqual([...new Set(tenantsSeen)], ['acme', 'globex']);
  });

  test("RouteBatch items without tenant_id act for the key's tenant", async () => {
    tenantsSeen.length = 0;
    const res = await client.unary(
      'routeBatch',
      router.RouteBatchRequest.fromPartial({ requests: [route(), route({ tenantId: 'globex' }), route()] }),
      withKey(GLOBEX_KEY),
    );
    assert.deepEqual(
      res.results.map((r) => r.code),
      [grpc.status.OK, grpc.status.OK, grpc.status.OK],
    );
    assert.deepEqual([...new Set(tenantsSeen)], ['globex']);
  });

  test('health and reflection answer without a key', async () => {
    await assertServing(raw);
    await assertServing(raw, 'superagent.router.v1.RouterService');
    assert.match(await listServices(raw), /superagent\.router\.v1\.RouterService/);
  });
});

describe('RouterService without API keys', () => {
  const implementation: ServiceImplementation = {
    getStats: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, {}),
  };

  test('no keys configured: the handlers are served as they are (nothing added per call)', () => {
    assert.equal(gateRouterService(implementation, undefined), implementation);
    assert.equal(gateRouterService(implementation, createApiKeyAuth([])), implementation);
  });

  test('with keys every handler is wrapped; a method RouterService lacks is refused at start-up', () => {
    const auth = createApiKeyAuth([`acme:${ACME_KEY}`]);
    const gated = gateRouterService(implementation, auth);
    assert.notEqual(gated.getStats, implementation.getStats);
    assert.throws(
      () => gateRouterService({ ...implementation, deleteEverything: implementation.getStats }, auth),
      /RouterService has no method deleteEverything/,
    );
  });

  test('every RPC answers without a key', async () => {
    const server = await startTestServer(
      [createRouterService({ engine: engineWith(), logger: silentLogger(), auth: createApiKeyAuth([]) })],
      { name: 'router' },
    );
    const client = createClient(router.RouterServiceService, server.address, {
      target: 'router',
      defaultDeadlineMs: 5_000,
      breaker: false,
      logger: silentLogger(),
    });
    try {
      assert.ok((await client.unary('route', route())).agent !== '');
      assert.equal((await client.unary('routeBatch', { requests: [route()] })).results.length, 1);
      assert.ok((await client.unary('getStats', {})).decisionsTotal >= 2);
    } finally {
      client.close();
      await server.stop();
    }
  });
});
