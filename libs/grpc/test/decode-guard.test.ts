import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import {
  bidiStream,
  clientStream,
  serverStream,
  startTestServer,
  unary,
  type TestServer,
} from '../src/index';
import { ECHO_SERVICE_NAME, until } from './support';

// A JSON codec that fails the way ts-proto (forceLong=number) does: it decodes text leniently
// (invalid UTF-8 becomes U+FFFD) and throws on an integer beyond 2^53.
interface Msg {
  text: string;
  n?: number;
}
function decode(buf: Buffer): Msg {
  const msg = JSON.parse(new TextDecoder().decode(buf)) as Msg;
  if (msg.n !== undefined && msg.n > Number.MAX_SAFE_INTEGER) {
    throw new Error('Value is larger than Number.MAX_SAFE_INTEGER');
  }
  return msg;
}
const encode = (msg: Msg): Buffer => Buffer.from(JSON.stringify(msg));
function method(name: string, requestStream: boolean, responseStream: boolean) {
  return {
    path: `/${ECHO_SERVICE_NAME}/${name}`,
    requestStream,
    responseStream,
    requestSerialize: encode,
    requestDeserialize: decode,
    responseSerialize: encode,
    responseDeserialize: decode,
  };
}
const definition = {
  echo: method('Echo', false, false),
  count: method('Count', false, true),
  sum: method('Sum', true, false),
  chat: method('Chat', true, true),
} satisfies grpc.ServiceDefinition;

const raw = (s: string): Buffer => Buffer.from(s, 'utf8');
const identity = (b: Buffer): Buffer => b;
/** `{"text":"a<bytes>b"}` with arbitrary bytes inside the string. */
const withBytes = (bytes: number[]): Buffer =>
  Buffer.concat([raw('{"text":"a'), Buffer.from(bytes), raw('b"}')]);
const BIG = raw('{"text":"x","n":9007199254740993}');

describe('decode guard: undecodable requests are INVALID_ARGUMENT, never INTERNAL', () => {
  let server: TestServer;
  let client: grpc.Client;
  const handled: string[] = [];
  let sumsSettled = 0;

  before(async () => {
    server = await startTestServer([
      {
        definition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          echo: unary<Msg, Msg>(async (req) => {
            handled.push(req.text);
            return { text: req.text };
          }),
          count: serverStream<Msg, Msg>(async (req, ctx) => {
            handled.push(req.text);
            await ctx.write({ text: req.text });
          }),
          sum: clientStream<Msg, Msg>(async (requests) => {
            let text = '';
            try {
              for await (const r of requests) text += r.text;
            } finally {
              sumsSettled++;
            }
            handled.push(text);
            return { text };
          }),
          chat: bidiStream<Msg, Msg>(async (call, ctx) => {
            for await (const r of call) await ctx.write({ text: (r as Msg).text });
          }),
        },
      },
    ]);
    client = new grpc.Client(server.address, grpc.credentials.createInsecure());
  });
  after(async () => {
    client?.close();
    await server?.stop();
  });

  function callUnary(
    path: string,
    body: Buffer,
  ): Promise<{ code: grpc.status; details: string; reply?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(path, identity, identity, body, (err, reply) => {
        if (err) resolve({ code: err.code, details: err.details });
        else resolve({ code: grpc.status.OK, details: '', ...(reply === undefined ? {} : { reply }) });
      });
    });
  }

  function callStreaming(
    path: string,
    bodies: Buffer[],
    responseStream: boolean,
  ): Promise<{ code: grpc.status; details: string }> {
    return new Promise((resolve) => {
      if (!responseStream) {
        const call = client.makeClientStreamRequest(path, identity, identity, (err) => {
          resolve(err ? { code: err.code, details: err.details } : { code: grpc.status.OK, details: '' });
        });
        for (const b of bodies) call.write(b);
        call.end();
        return;
      }
      const onStatus = (
        stream: grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer>,
      ): void => {
        stream.on('data', () => undefined);
        stream.on('error', () => undefined);
        stream.on('status', (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details }));
      };
      if (path.endsWith('/Count')) {
        onStatus(client.makeServerStreamRequest(path, identity, identity, bodies[0] ?? Buffer.alloc(0)));
        return;
      }
      const call = client.makeBidiStreamRequest(path, identity, identity);
      onStatus(call);
      for (const b of bodies) call.write(b);
      call.end();
    });
  }

  test('an int64 beyond 2^53 is INVALID_ARGUMENT naming the request; the handler never runs', async () => {
    handled.length = 0;
    const res = await callUnary(`/${ECHO_SERVICE_NAME}/Echo`, BIG);
    assert.equal(res.code, grpc.status.INVALID_ARGUMENT, res.details);
    assert.match(res.details, /^request: an integer field is outside ±2\^53/);
    assert.deepEqual(handled, []);
    assert.equal((await callUnary(`/${ECHO_SERVICE_NAME}/Echo`, raw('{"text":"ok"}'))).code, grpc.status.OK);
  });

  test('bytes that cannot be decoded at all are INVALID_ARGUMENT', async () => {
    const res = await callUnary(`/${ECHO_SERVICE_NAME}/Echo`, raw('{not json'));
    assert.equal(res.code, grpc.status.INVALID_ARGUMENT, res.details);
    assert.match(res.details, /^request: cannot be decoded/);
  });

  test('invalid UTF-8 in a string is INVALID_ARGUMENT; a genuine U+FFFD is accepted', async () => {
    for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbd, 0xfe]]) {
      const res = await callUnary(`/${ECHO_SERVICE_NAME}/Echo`, withBytes(bytes));
      assert.equal(res.code, grpc.status.INVALID_ARGUMENT, `${bytes.join(',')}: ${res.details}`);
      assert.equal(res.details, 'request: a string field is not valid UTF-8');
    }
    const ok = await callUnary(`/${ECHO_SERVICE_NAME}/Echo`, withBytes([0xef, 0xbf, 0xbd, 0xc3, 0xa9]));
    assert.equal(ok.code, grpc.status.OK, ok.details);
    assert.equal(decode(ok.reply ?? Buffer.alloc(0)).text, 'a\uFFFDéb');
  });

  test('server-streaming, client-streaming and bidi calls are refused the same way', async () => {
    const good = raw('{"text":"g"}');
    const count = await callStreaming(`/${ECHO_SERVICE_NAME}/Count`, [BIG], true);
    assert.equal(count.code, grpc.status.INVALID_ARGUMENT, count.details);
    const settledBefore = sumsSettled;
    const sum = await callStreaming(`/${ECHO_SERVICE_NAME}/Sum`, [good, withBytes([0xff]), good], false);
    assert.equal(sum.code, grpc.status.INVALID_ARGUMENT, sum.details);
    assert.match(sum.details, /UTF-8/);
    // The handler that was reading the stream is released, not left waiting for more messages.
    await until(() => sumsSettled > settledBefore, 5_000, 'the Sum handler to settle');
    const chat = await callStreaming(`/${ECHO_SERVICE_NAME}/Chat`, [good, BIG], true);
    assert.equal(chat.code, grpc.status.INVALID_ARGUMENT, chat.details);
    // The same shapes still work with good input.
    assert.equal(
      (await callStreaming(`/${ECHO_SERVICE_NAME}/Sum`, [good, good], false)).code,
      grpc.status.OK,
    );
    assert.equal(
      (await callStreaming(`/${ECHO_SERVICE_NAME}/Chat`, [good, good], true)).code,
      grpc.status.OK,
    );
  });
});
