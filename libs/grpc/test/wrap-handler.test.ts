import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  createClient,
  INTERNAL_MESSAGE,
  startTestServer,
  unary,
  wrapHandler,
  type TestServer,
} from '../src/index';
import {
  captureLogger,
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  type EchoRequest,
  type EchoResponse,
} from './support';

// A layer wrapped around a unary() adapter (e.g. an auth gate) runs on every call, and the adapter
// behind it still logs through the server's logger, not the fallback one.

const { logger, lines } = captureLogger();
let server: TestServer;
let layerCalls = 0;

before(async () => {
  const echo = unary<EchoRequest, EchoResponse>(() => Promise.reject(new Error('unexpected boom')));
  const layer =
    (inner: grpc.UntypedHandleCall): grpc.UntypedHandleCall =>
    (call: grpc.ServerUnaryCall<EchoRequest, EchoResponse>, callback: grpc.sendUnaryData<EchoResponse>) => {
      layerCalls += 1;
      (inner as grpc.handleUnaryCall<EchoRequest, EchoResponse>)(call, callback);
    };
  server = await startTestServer(
    [
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: { echo: wrapHandler(echo, layer) },
      },
    ],
    { logger },
  );
});
after(() => server.stop());

test('the wrapping layer runs and the adapter logs through the server logger', async () => {
  const client = createClient(EchoServiceDefinition, server.address, {
    target: 'echo',
    defaultDeadlineMs: 2_000,
    logger: captureLogger().logger,
    breaker: false,
  });
  try {
    assert.deepEqual(await codeOf(client.unary('echo', { text: 'x' })), {
      code: grpc.status.INTERNAL,
      details: INTERNAL_MESSAGE,
    });
  } finally {
    client.close();
  }
  assert.equal(layerCalls, 1);
  const errors = lines.filter((l) => l.msg === 'rpc failed with an unexpected error');
  assert.equal(errors.length, 1, 'the unexpected error reached the server logger');
  assert.match(JSON.stringify(errors[0]), /unexpected boom/);
});
