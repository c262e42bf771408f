import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  INTERNAL_MESSAGE,
  ServiceError,
  alreadyExists,
  createClient,
  failedPrecondition,
  invalidArgument,
  notFound,
  resourceExhausted,
  startTestServer,
  toStatus,
  unary,
  unavailable,
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

/** What grpc-js rejects a client call with (built the way grpc-js builds it: an Error with code/details/metadata). */
function downstreamError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code]}: ${details}`), {
    code,
    details,
    metadata: new grpc.Metadata(),
  });
}

describe('toStatus mapping', () => {
  const aborted = AbortSignal.abort();
  const live = new AbortController().signal;
  const table: Array<{
    name: string;
    err: unknown;
    signal?: AbortSignal;
    code: grpc.status;
    details: string;
    unexpected: boolean;
  }> = [
    {
      name: 'invalidArgument names the field',
      err: invalidArgument('spec.steps[2]', 'must not be empty'),
      code: grpc.status.INVALID_ARGUMENT,
      details: 'spec.steps[2]: must not be empty',
      unexpected: false,
    },
    {
      name: 'resourceExhausted',
      err: resourceExhausted('budget', 'daily limit reached'),
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: 'budget: daily limit reached',
      unexpected: false,
    },
    {
      name: 'notFound',
      err: notFound('run r-1'),
      code: grpc.status.NOT_FOUND,
      details: 'run r-1: not found',
      unexpected: false,
    },
    {
      name: 'alreadyExists',
      err: alreadyExists('run r-1'),
      code: grpc.status.ALREADY_EXISTS,
      details: 'run r-1: already exists',
      unexpected: false,
    },
    {
      name: 'failedPrecondition',
      err: failedPrecondition('index not built'),
      code: grpc.status.FAILED_PRECONDITION,
      details: 'index not built',
      unexpected: false,
    },
    {
      name: 'unavailable',
      err: unavailable('redis unreachable'),
      code: grpc.status.UNAVAILABLE,
      details: 'redis unreachable',
      unexpected: false,
    },
    {
      name: 'downstream NOT_FOUND keeps code and message',
      err: downstreamError(grpc.status.NOT_FOUND, 'x: not found'),
      code: grpc.status.NOT_FOUND,
      details: 'x: not found',
      unexpected: false,
    },
    {
      name: 'downstream UNAVAILABLE keeps code',
      err: downstreamError(grpc.status.UNAVAILABLE, 'No connection established'),
      code: grpc.status.UNAVAILABLE,
      details: 'No connection established',
      unexpected: false,
    },
    {
      name: 'downstream DEADLINE_EXCEEDED stays DEADLINE_EXCEEDED',
      err: downstreamError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
      code: grpc.status.DEADLINE_EXCEEDED,
      details: 'Deadline exceeded',
      unexpected: false,
    },
    {
      name: 'downstream INTERNAL hides its message',
      err: downstreamError(grpc.status.INTERNAL, 'stack trace of another service'),
      code: grpc.status.INTERNAL,
      details: INTERNAL_MESSAGE,
      unexpected: true,
    },
    {
      name: 'downstream CANCELLED while our caller is still there → UNAVAILABLE',
      err: downstreamError(grpc.status.CANCELLED, 'Cancelled on client'),
      signal: live,
      code: grpc.status.UNAVAILABLE,
      details: 'downstream call cancelled: Cancelled on client',
      unexpected: false,
    },
    {
      name: 'downstream CANCELLED because our caller cancelled → CANCELLED',
      err: downstreamError(grpc.status.CANCELLED, 'Cancelled by parent call'),
      signal: aborted,
      code: grpc.status.CANCELLED,
      details: 'Cancelled by parent call',
      unexpected: false,
    },
    {
      name: 'AbortError → CANCELLED',
      err: new DOMException('stop', 'AbortError'),
      code: grpc.status.CANCELLED,
      details: 'cancelled',
      unexpected: false,
    },
    {
      name: 'TimeoutError → DEADLINE_EXCEEDED',
      err: new DOMException('late', 'TimeoutError'),
      code: grpc.status.DEADLINE_EXCEEDED,
      details: 'deadline exceeded',
      unexpected: false,
    },
    {
      name: 'plain Error → INTERNAL, generic message',
      err: new Error('ECONNREFUSED 10.0.0.3:6379 password=hunter2'),
      code: grpc.status.INTERNAL,
      details: INTERNAL_MESSAGE,
      unexpected: true,
    },
    {
      name: 'non-Error throw → INTERNAL',
      err: 'a string',
      code: grpc.status.INTERNAL,
      details: INTERNAL_MESSAGE,
      unexpected: true,
    },
    {
      name: 'object with a non-status code → INTERNAL',
      err: Object.assign(new Error('x'), { code: 'ENOENT' }),
      code: grpc.status.INTERNAL,
      details: INTERNAL_MESSAGE,
      unexpected: true,
    },
  ];
  for (const row of table) {
    test(row.name, () => {
      const { logger, lines } = captureLogger();
      const status = toStatus(row.err, { logger, ...(row.signal ? { signal: row.signal } : {}) });
      assert.equal(grpc.status[status.code], grpc.status[row.code]);
      assert.equal(status.details, row.details);
      assert.equal(status.unexpected, row.unexpected);
      // Unexpected errors are logged exactly once; deliberate statuses are not error logs.
      assert.equal(lines.filter((l) => l.level === 'error').length, row.unexpected ? 1 : 0);
    });
  }

  test('ServiceError is shaped like a grpc-js ServiceError', () => {
    const err = invalidArgument('name', 'required');
    assert.ok(err instanceof ServiceError && err instanceof Error);
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.equal(err.details, 'name: required');
    assert.equal(err.message, 'name: required');
    assert.ok(err.metadata instanceof grpc.Metadata);
  });
});

describe('errors over the wire', () => {
  const { logger, lines } = captureLogger();
  let server: TestServer;
  before(async () => {
    server = await startTestServer(
      [
        {
          definition: EchoServiceDefinition,
          name: ECHO_SERVICE_NAME,
          implementation: {
            echo: unary<EchoRequest, EchoResponse>(async (req) => {
              if (req.text === '') throw invalidArgument('text', 'must not be empty');
              if (req.text === 'boom') throw new Error('db password=hunter2 leaked');
              return { text: req.text, deadline: 0 };
            }),
            // Not async: a synchronous throw must not take the process down either.
            fail: unary<EchoRequest, EchoResponse>(() => {
              throw new TypeError('sync failure at /srv/secret/path');
            }),
          },
        },
      ],
      { logger },
    );
  });
  after(() => server.stop());

  test('INVALID_ARGUMENT names the field; unknown errors are INTERNAL, generic and logged once', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'echo',
      defaultDeadlineMs: 2_000,
      logger,
      breaker: false,
    });
    try {
      assert.deepEqual(await codeOf(client.unary('echo', { text: '' })), {
        code: grpc.status.INVALID_ARGUMENT,
        details: 'text: must not be empty',
      });

      const boom = await codeOf(client.unary('echo', { text: 'boom' }));
      assert.deepEqual(boom, { code: grpc.status.INTERNAL, details: INTERNAL_MESSAGE });
      const sync = await codeOf(client.unary('fail', { text: 'x' }));
      assert.deepEqual(sync, { code: grpc.status.INTERNAL, details: INTERNAL_MESSAGE });

      const errors = lines.filter((l) => l.msg === 'rpc failed with an unexpected error');
      assert.equal(errors.length, 2);
      assert.match(JSON.stringify(errors[0]), /db password=hunter2 leaked/);
      assert.equal(errors[0]!.method, `/${ECHO_SERVICE_NAME}/Echo`);
      assert.match(JSON.stringify(errors[1]), /sync failure/);
      // The server is still up.
      assert.equal((await client.unary('echo', { text: 'still here' })).text, 'still here');
    } finally {
      client.close();
    }
  });

  test('unimplemented methods answer UNIMPLEMENTED', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'echo',
      defaultDeadlineMs: 2_000,
      logger,
      breaker: false,
    });
    try {
      const streamCode = await codeOf(
        (async () => {
          for await (const _ of client.serverStream('count', { text: 'x', count: 1 })) {
            // unreachable: the method is not implemented
          }
        })(),
      );
      assert.equal(streamCode.code, grpc.status.UNIMPLEMENTED);
    } finally {
      client.close();
    }
  });
});
