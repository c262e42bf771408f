import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { createFileRegistry } from '@bufbuild/protobuf';
import {
  common,
  cost,
  descriptorSetPath,
  embedding,
  router,
  runner,
  scribe,
  serviceNames,
  WireWriter,
} from '../src';

// Each generated grpc-js service definition, keyed like serviceNames.
const definitions: Record<keyof typeof serviceNames, grpc.ServiceDefinition> = {
  router: router.RouterServiceService,
  scribe: scribe.ScribeServiceService,
  embedding: embedding.EmbeddingServiceService,
  runner: runner.RunnerServiceService,
  cost: cost.CostServiceService,
};

// The RPCs every service must expose (the API the service issues implement), with stream shapes.
const expected: Record<
  keyof typeof serviceNames,
  Record<string, [clientStream: boolean, serverStream: boolean]>
> = {
  router: {
    Route: [false, false],
    RouteBatch: [false, false],
    GetStats: [false, false],
    SubmitFeature: [false, false],
    GetTask: [false, false],
    WatchTask: [false, true],
  },
  scribe: {
    GenerateTest: [false, false],
    ValidateTest: [false, false],
    RememberPattern: [false, false],
    SearchPatterns: [false, false],
  },
  embedding: { Embed: [false, false], GetInfo: [false, false] },
  runner: {
    RunSpec: [false, false],
    Explore: [true, true],
    GetArtifact: [false, true],
    GetPoolStats: [false, false],
  },
  cost: {
    Record: [false, false],
    RecordBatch: [false, false],
    Reserve: [false, false],
    Commit: [false, false],
    Release: [false, false],
    GetReport: [false, false],
    GetBudget: [false, false],
    GetPrices: [false, false],
  },
};

const keys = Object.keys(serviceNames) as (keyof typeof serviceNames)[];

void test('RouteRequest survives an encode/decode round trip, int64 money as number', () => {
  const request = router.RouteRequest.fromPartial({
    taskType: common.TaskType.WRITE_TEST,
    description: 'Log in with a valid e-mail and password, then see the dashboard (5 steps)',
    testPath: 'tests/auth/login.spec.ts',
    sessionId: 's-1',
    tenantId: 'acme',
    previousTier: common.Tier.HAIKU,
    previousFailure: router.FailureKind.RUN_FAILED,
    attemptsMade: 1,
  });
  const decoded = router.RouteRequest.decode(router.RouteRequest.encode(request).finish());
  assert.deepEqual(decoded, request);

  const response = router.RouteResponse.fromPartial({
    tier: common.Tier.SONNET,
    costCapMicros: 9_000_000_000_123,
  });
  const back = router.RouteResponse.decode(router.RouteResponse.encode(response).finish());
  assert.equal(back.costCapMicros, 9_000_000_000_123);
  assert.equal(typeof back.costCapMicros, 'number');
  // JSON uses the proto enum names even though TypeScript drops the prefix.
  assert.deepEqual(router.RouteResponse.toJSON(back), {
    tier: 'TIER_SONNET',
    costCapMicros: 9_000_000_000_123,
  });
});

void test('ExploreRequest oneof keeps exactly the command that was set', () => {
  const request = runner.ExploreRequest.fromPartial({
    act: {
      action: runner.Action.CLICK,
      locator: {
        kind: runner.LocatorKind.ROLE,
        role: 'button',
        name: 'Log in',
        within: { kind: runner.LocatorKind.ROLE, role: 'dialog' },
      },
    },
  });
  const decoded = runner.ExploreRequest.decode(runner.ExploreRequest.encode(request).finish());
  assert.equal(decoded.open, undefined);
  assert.equal(decoded.close, undefined);
  assert.equal(decoded.act?.locator?.within?.role, 'dialog');
});

void test('every generated service definition has exactly the expected methods and stream shapes', () => {
  for (const key of keys) {
    const definition = definitions[key];
    const methods = Object.values(definition).map((m) => m.path);
    const want = Object.keys(expected[key]).map((rpc) => `/${serviceNames[key]}/${rpc}`);
    assert.deepEqual([...methods].sort(), [...want].sort(), key);
    for (const method of Object.values(definition)) {
      const rpc = method.path.split('/').pop() ?? '';
      assert.deepEqual([method.requestStream, method.responseStream], expected[key][rpc], method.path);
    }
  }
});

void test('the descriptor set holds all five services with the same methods, and their imports', () => {
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath));
  const registry = createFileRegistry(set);
  assert.ok(registry.getFile('superagent/common/v1/common.proto'));
  for (const key of keys) {
    const service = registry.getService(serviceNames[key]);
    assert.ok(service, serviceNames[key]);
    const methods = Object.fromEntries(
      service.methods.map((m) => [
        m.name,
        [
          m.methodKind === 'client_streaming' || m.methodKind === 'bidi_streaming',
          m.methodKind === 'server_streaming' || m.methodKind === 'bidi_streaming',
        ],
      ]),
    );
    assert.deepEqual(methods, expected[key], key);
  }
});

void test('generated grpc-js client and server talk over loopback (unary and server stream)', async () => {
  const server = new grpc.Server();
  const handlers: router.RouterServiceServer = {
    route: (call, callback) => {
      callback(
        null,
        router.RouteResponse.fromPartial({
          tier: common.Tier.LOCAL,
          modelId: 'local',
          reason: call.request.description,
        }),
      );
    },
    routeBatch: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED }),
    getStats: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED }),
    submitFeature: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED }),
    getTask: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED }),
    watchTask: (call) => {
      for (let sequence = call.request.afterSequence + 1; sequence <= 3; sequence += 1) {
        call.write(
          router.WatchTaskResponse.fromPartial({ event: { taskId: call.request.taskId, sequence } }),
        );
      }
      call.end();
    },
  };
  server.addService(router.RouterServiceService, handlers);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  const client = new router.RouterServiceClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  try {
    const decision = await new Promise<router.RouteResponse>((resolve, reject) => {
      client.route(
        router.RouteRequest.fromPartial({ taskType: common.TaskType.WRITE_TEST, description: 'hello' }),
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
    assert.equal(decision.tier, common.Tier.LOCAL);
    assert.equal(decision.reason, 'hello');

    const sequences: number[] = [];
    for await (const message of client.watchTask(
      router.WatchTaskRequest.fromPartial({ taskId: 't-1', afterSequence: 1 }),
    ) as AsyncIterable<router.WatchTaskResponse>) {
      sequences.push(message.event?.sequence ?? -1);
    }
    assert.deepEqual(sequences, [2, 3]);
  } finally {
    client.close();
    server.forceShutdown();
  }
});

test('WireWriter writes what the generated encoders write, growing past its first buffer', () => {
  const writer = new WireWriter(8);
  const reason = 'é'.repeat(3000);
  writer.reset().varint(1, common.Tier.SONNET).string(2, reason);
  assert.deepEqual(
    writer.finish(),
    Buffer.from(router.SkippedTier.encode({ tier: common.Tier.SONNET, reason }).finish()),
  );
  // A negative int32 is ten bytes; an int64 above 2^31 needs more than plain bit operations.
  const decoded = router.Complexity.decode(writer.reset().varint(1, -7).varint(4, 2_000_000_000).finish());
  assert.equal(decoded.score, -7);
  assert.equal(decoded.stepCount, 2_000_000_000);
  assert.deepEqual(
    writer.reset().varint(5, 5_000_000_000).finish(),
    Buffer.from(
      router.RouteResponse.encode({
        ...router.RouteResponse.fromPartial({}),
        costCapMicros: 5_000_000_000,
      }).finish(),
    ),
  );
});
