import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { loadSync, type PackageDefinition } from '@grpc/proto-loader';
import { silentLogger } from '@superagent/logging';
import {
  checkHealth,
  HEALTH_SERVICE_NAME,
  LIVENESS_HEALTH_NAME,
  startServer,
  startTestServer,
  unary,
  waitForServing,
  type GrpcServer,
  type TestServer,
} from '../src/index';
import { ECHO_SERVICE_NAME, EchoServiceDefinition, type EchoRequest, type EchoResponse } from './support';

const echoService = {
  definition: EchoServiceDefinition,
  name: ECHO_SERVICE_NAME,
  implementation: {
    echo: unary<EchoRequest, EchoResponse>(async (req) => ({ text: req.text, deadline: 0 })),
  },
};

describe('health', () => {
  let server: GrpcServer;
  before(async () => {
    server = await startServer({
      name: 'health-test',
      host: '127.0.0.1',
      port: 0,
      services: [echoService],
      reflection: false,
      logger: silentLogger(),
    });
  });
  after(() => server.shutdown({ graceMs: 0 }));

  test('NOT_SERVING until setServing(true), then SERVING for the server and each service', async () => {
    assert.equal(await checkHealth(server.address, ''), 'NOT_SERVING');
    assert.equal(await checkHealth(server.address, ECHO_SERVICE_NAME), 'NOT_SERVING');
    await assert.rejects(waitForServing(server.address, '', 1500), /not SERVING after 1500 ms: NOT_SERVING/);

    server.setServing(true);
    assert.equal(server.isServing(), true);
    await waitForServing(server.address, '', 2_000);
    assert.equal(await checkHealth(server.address, ''), 'SERVING');
    assert.equal(await checkHealth(server.address, ECHO_SERVICE_NAME), 'SERVING');
    assert.equal(await checkHealth(server.address, 'no.such.Service'), 'SERVICE_UNKNOWN');

    server.setServing(false);
    assert.equal(await checkHealth(server.address, ECHO_SERVICE_NAME), 'NOT_SERVING');
  });

  test('liveness has its own status: SERVING from the start, apart from readiness, until setAlive(false)', async () => {
    const fresh = await startServer({
      name: 'liveness-test',
      host: '127.0.0.1',
      port: 0,
      services: [echoService],
      reflection: false,
      logger: silentLogger(),
    });
    try {
      // The Helm chart's liveness probes ask this name (checked in libs/deploy-checks).
      assert.equal(LIVENESS_HEALTH_NAME, 'liveness');
      assert.equal(await checkHealth(fresh.address, LIVENESS_HEALTH_NAME), 'SERVING');
      assert.equal(await checkHealth(fresh.address, ''), 'NOT_SERVING');
      fresh.setServing(true);
      fresh.setServing(false); // a dependency went down: unready, still alive
      assert.equal(await checkHealth(fresh.address, ''), 'NOT_SERVING');
      assert.equal(await checkHealth(fresh.address, LIVENESS_HEALTH_NAME), 'SERVING');
      fresh.setAlive(false);
      assert.equal(await checkHealth(fresh.address, LIVENESS_HEALTH_NAME), 'NOT_SERVING');
      fresh.setServing(true);
      assert.equal(await checkHealth(fresh.address, LIVENESS_HEALTH_NAME), 'NOT_SERVING');
      assert.equal(await checkHealth(fresh.address, ''), 'SERVING');
    } finally {
      await fresh.shutdown({ graceMs: 0 });
    }
  });

  test('waitForServing reports an unreachable address', async () => {
    const gone = await startTestServer([]);
    const address = gone.address;
    await gone.stop();
    await assert.rejects(waitForServing(address, '', 200), /not SERVING after 200 ms/);
  });

  test('the address is dialable when bound to 0.0.0.0', async () => {
    const all = await startServer({
      name: 'any',
      port: 0,
      services: [],
      reflection: false,
      logger: silentLogger(),
    });
    try {
      assert.equal(all.address, `127.0.0.1:${all.port}`);
      assert.equal(await checkHealth(all.address), 'NOT_SERVING');
    } finally {
      await all.shutdown({ graceMs: 0 });
    }
  });
});

/** FileDescriptorSet = `repeated FileDescriptorProto file = 1`: field 1, length-delimited, per file. */
function encodeDescriptorSet(pkg: PackageDefinition): Buffer {
  const files = new Map<string, Buffer>();
  for (const definition of Object.values(pkg)) {
    const protos: unknown =
      'fileDescriptorProtos' in definition ? definition.fileDescriptorProtos : undefined;
    if (!Array.isArray(protos)) continue;
    for (const bytes of protos) if (Buffer.isBuffer(bytes)) files.set(bytes.toString('base64'), bytes);
  }
  const parts: Buffer[] = [];
  for (const bytes of files.values()) {
    const length: number[] = [];
    let n = bytes.length;
    while (n > 0x7f) {
      length.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    length.push(n);
    parts.push(Buffer.from([0x0a, ...length]), bytes);
  }
  return Buffer.concat(parts);
}

interface ReflectionResponse {
  list_services_response?: { service: Array<{ name: string }> };
  error_response?: { error_code: number };
}

function listServices(address: string): Promise<string[]> {
  const reflectionProto =
    require.resolve('@grpc/reflection/build/proto/grpc/reflection/v1alpha/reflection.proto');
  const loaded = grpc.loadPackageDefinition(loadSync(reflectionProto, { keepCase: true }));
  const ns = loaded.grpc as grpc.GrpcObject;
  const v1alpha = (ns.reflection as grpc.GrpcObject).v1alpha as grpc.GrpcObject;
  const Ctor = v1alpha.ServerReflection as grpc.ServiceClientConstructor;
  const client = new Ctor(address, grpc.credentials.createInsecure());
  return new Promise<string[]>((resolve, reject) => {
    const call = (
      client as unknown as { ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> }
    ).ServerReflectionInfo();
    call.on('data', (res: ReflectionResponse) => {
      resolve((res.list_services_response?.service ?? []).map((s) => s.name).sort());
      call.end();
    });
    call.on('error', reject);
    call.on('end', () => client.close());
    call.write({ list_services: '*' });
  });
}

describe('reflection', () => {
  let dir: string;
  let descriptorSetPath: string;
  let withReflection: TestServer;
  let without: TestServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'grpc-reflection-'));
    const protoPath = join(dir, 'echo.proto');
    writeFileSync(
      protoPath,
      `syntax = "proto3";
package test.v1;
message EchoRequest { string text = 1; }
message EchoResponse { string text = 1; }
service EchoService { rpc Echo(EchoRequest) returns (EchoResponse); }
service OtherService { rpc Echo(EchoRequest) returns (EchoResponse); }
`,
    );
    descriptorSetPath = join(dir, 'descriptor-set.binpb');
    writeFileSync(descriptorSetPath, encodeDescriptorSet(loadSync(protoPath)));
    withReflection = await startTestServer([echoService], { reflection: { descriptorSetPath } });
    without = await startTestServer([echoService]);
  });
  after(async () => {
    await withReflection.stop();
    await without.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('lists the hosted services and health, not the other services in the descriptor set', async () => {
    assert.deepEqual(
      await listServices(withReflection.address),
      [HEALTH_SERVICE_NAME, ECHO_SERVICE_NAME].sort(),
    );
  });

  test('answers UNIMPLEMENTED when switched off', async () => {
    await assert.rejects(
      listServices(without.address),
      (err: grpc.ServiceError) => err.code === grpc.status.UNIMPLEMENTED,
    );
  });
});
