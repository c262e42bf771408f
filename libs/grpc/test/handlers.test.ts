import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '@superagent/logging';
import {
  bidiStream,
  clientStream,
  createClient,
  resourceExhausted,
  serverStream,
  startTestServer,
  type GrpcClient,
  type TestServer,
} from '../src/index';
import {
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  until,
  type EchoRequest,
  type EchoResponse,
} from './support';

describe('stream handler adapters', () => {
  let server: TestServer;
  let client: GrpcClient<typeof EchoServiceDefinition>;
  const seen = { written: 0, stoppedBy: '' };

  before(async () => {
    server = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          // Writes `count` messages of `delayMs` KiB each (big enough to hit backpressure),
          // then fails with RESOURCE_EXHAUSTED if the text says so.
          count: serverStream<EchoRequest, EchoResponse>(async (req, ctx) => {
            seen.written = 0;
            seen.stoppedBy = '';
            const padding = 'x'.repeat((req.delayMs ?? 0) * 1024);
            try {
              for (let i = 0; i < (req.count ?? 0); i++) {
                await ctx.write({ text: `${i}${padding}`, deadline: 0 });
                seen.written++;
              }
            } catch (err) {
              seen.stoppedBy = err instanceof Error ? err.name : String(err);
              throw err;
            }
            if (req.text === 'exhaust') throw resourceExhausted('quota', 'used up');
          }),
          sum: clientStream<EchoRequest, EchoResponse>(async (requests) => {
            let total = 0;
            for await (const r of requests) total += r.count ?? 0;
            return { text: String(total), deadline: 0 };
          }),
          chat: bidiStream<EchoRequest, EchoResponse>(async (call, ctx) => {
            for await (const raw of call) {
              const req = raw as EchoRequest;
              await ctx.write({ text: req.text.toUpperCase(), deadline: 0 });
            }
          }),
        },
      },
    ]);
    client = createClient(EchoServiceDefinition, server.address, {
      target: 'streams',
      defaultDeadlineMs: 10_000,
      logger: silentLogger(),
    });
  });
  after(async () => {
    client.close();
    await server.stop();
  });

  test('server stream: every message arrives in order under backpressure', async () => {
    const texts: string[] = [];
    for await (const msg of client.serverStream('count', { text: 'big', count: 200, delayMs: 64 })) {
      texts.push(msg.text.slice(0, msg.text.indexOf('x')));
    }
    assert.equal(texts.length, 200);
    assert.deepEqual(texts.slice(0, 3), ['0', '1', '2']);
    assert.equal(texts.at(-1), '199');
  });

  test('server stream: a status thrown after some writes reaches the client', async () => {
    const got: string[] = [];
    const { code, details } = await codeOf(
      (async () => {
        for await (const msg of client.serverStream('count', { text: 'exhaust', count: 3 }))
          got.push(msg.text);
      })(),
    );
    assert.deepEqual(got, ['0', '1', '2']);
    assert.equal(code, grpc.status.RESOURCE_EXHAUSTED);
    assert.equal(details, 'quota: used up');
  });

  test('server stream: the consumer stopping early cancels the call and the handler stops writing', async () => {
    let received = 0;
    for await (const _ of client.serverStream('count', { text: 'endless', count: 1_000_000, delayMs: 16 })) {
      if (++received === 5) break;
    }
    await until(() => seen.stoppedBy !== '', 3_000, 'the handler to notice the cancellation');
    assert.equal(seen.stoppedBy, 'AbortError');
    assert.ok(seen.written < 1_000_000);
  });

  test('client stream: requests are consumed as an async iterable', async () => {
    const { call, response } = client.clientStream('sum');
    for (const n of [1, 2, 3, 4]) call.write({ text: '', count: n });
    call.end();
    assert.equal((await response).text, '10');
  });

  test('bidi stream: each request answered, stream ends when the client ends', async () => {
    const call = client.bidi('chat');
    const answers: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (msg: EchoResponse) => answers.push(msg.text));
      call.on('end', resolve);
      call.on('error', reject);
    });
    for (const word of ['a', 'b', 'c']) call.write({ text: word });
    call.end();
    await done;
    assert.deepEqual(answers, ['A', 'B', 'C']);
  });

  test('types: method kinds, requests and responses come from the definition', () => {
    // Compile-time checks; the calls below are never awaited against the server.
    const typed = (c: GrpcClient<typeof EchoServiceDefinition>): void => {
      // @ts-expect-error 'count' is server-streaming, not unary
      void c.unary('count', { text: '' });
      // @ts-expect-error 'echo' is unary, not server-streaming
      void c.serverStream('echo', { text: '' });
      // @ts-expect-error the request type is EchoRequest
      void c.unary('echo', { nope: 1 });
      // @ts-expect-error no such method
      void c.unary('missing', { text: '' });
      const res: Promise<EchoResponse> = c.unary('echo', { text: '' });
      void res;
    };
    assert.equal(typeof typed, 'function');
  });
});
