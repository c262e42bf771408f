import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '@superagent/logging';
import {
  createClient,
  invalidArgument,
  startTestServer,
  unary,
  unavailable,
  type ClientOptions,
  type TestServer,
} from '../src/index';
import {
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  type EchoRequest,
  type EchoResponse,
} from './support';

/** A server whose methods fail the first `failures` calls with `failWith`, counting attempts. */
describe('retry on UNAVAILABLE only', () => {
  let server: TestServer;
  const state = { attempts: 0, failures: 0, failWith: 'unavailable' as 'unavailable' | 'invalid' };
  const behave = async (req: EchoRequest): Promise<EchoResponse> => {
    state.attempts++;
    if (state.attempts <= state.failures) {
      throw state.failWith === 'unavailable'
        ? unavailable('warming up')
        : invalidArgument('text', 'rejected');
    }
    return { text: req.text, deadline: 0 };
  };
  const options: ClientOptions<typeof EchoServiceDefinition> = {
    target: 'flaky',
    defaultDeadlineMs: 5_000,
    retry: { maxAttempts: 4, backoffMs: 5 },
    breaker: false,
    logger: silentLogger(),
  };

  before(async () => {
    server = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: { echo: unary(behave), fail: unary(behave) },
      },
    ]);
  });
  after(() => server.stop());
  beforeEach(() => {
    state.attempts = 0;
  });

  test('UNAVAILABLE twice, then success: three attempts, caller sees success', async () => {
    Object.assign(state, { failures: 2, failWith: 'unavailable' });
    const client = createClient(EchoServiceDefinition, server.address, options);
    try {
      assert.equal((await client.unary('echo', { text: 'ok' })).text, 'ok');
      assert.equal(state.attempts, 3);
    } finally {
      client.close();
    }
  });

  test('UNAVAILABLE forever: stops at maxAttempts and returns UNAVAILABLE', async () => {
    Object.assign(state, { failures: 100, failWith: 'unavailable' });
    const client = createClient(EchoServiceDefinition, server.address, options);
    try {
      assert.deepEqual(await codeOf(client.unary('echo', { text: 'x' })), {
        code: grpc.status.UNAVAILABLE,
        details: 'warming up',
      });
      assert.equal(state.attempts, 4);
    } finally {
      client.close();
    }
  });

  test('INVALID_ARGUMENT is never retried', async () => {
    Object.assign(state, { failures: 2, failWith: 'invalid' });
    const client = createClient(EchoServiceDefinition, server.address, options);
    try {
      assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.INVALID_ARGUMENT);
      assert.equal(state.attempts, 1);
    } finally {
      client.close();
    }
  });

  test('a method not listed as idempotent is not retried', async () => {
    Object.assign(state, { failures: 2, failWith: 'unavailable' });
    const client = createClient(EchoServiceDefinition, server.address, {
      ...options,
      retry: { maxAttempts: 4, backoffMs: 5, idempotentMethods: ['echo'] },
    });
    try {
      assert.equal((await codeOf(client.unary('fail', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
      assert.equal(state.attempts, 1);
      state.attempts = 0;
      assert.equal((await client.unary('echo', { text: 'ok' })).text, 'ok');
      assert.equal(state.attempts, 3);
    } finally {
      client.close();
    }
  });

  test('no retry configured: one attempt', async () => {
    Object.assign(state, { failures: 2, failWith: 'unavailable' });
    const { retry: _retry, ...noRetry } = options;
    const client = createClient(EchoServiceDefinition, server.address, noRetry);
    try {
      assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
      assert.equal(state.attempts, 1);
    } finally {
      client.close();
    }
  });

  test('retries never outlive the deadline', async () => {
    Object.assign(state, { failures: 100, failWith: 'unavailable' });
    const client = createClient(EchoServiceDefinition, server.address, {
      ...options,
      defaultDeadlineMs: 300,
      retry: { maxAttempts: 50, backoffMs: 100 },
    });
    try {
      const started = Date.now();
      assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
      assert.ok(Date.now() - started < 400, `gave up after ${Date.now() - started} ms`);
      assert.ok(state.attempts < 50 && state.attempts >= 2, `${state.attempts} attempts`);
    } finally {
      client.close();
    }
  });

  test('a server that is not there: retried, then UNAVAILABLE', async () => {
    const gone = await startTestServer([]);
    const address = gone.address;
    await gone.stop();
    const client = createClient(EchoServiceDefinition, address, {
      ...options,
      retry: { maxAttempts: 3, backoffMs: 5 },
    });
    try {
      assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
    } finally {
      client.close();
    }
  });
});
