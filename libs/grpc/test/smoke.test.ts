import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@superagent/logging';
import { createClient, unary, startTestServer, serverStream } from '../src/index';
import { EchoServiceDefinition, ECHO_SERVICE_NAME, type EchoRequest, type EchoResponse } from './support';

test('smoke: unary and server stream round trip', async () => {
  const srv = await startTestServer([
    {
      definition: EchoServiceDefinition,
      name: ECHO_SERVICE_NAME,
      implementation: {
        echo: unary<EchoRequest, EchoResponse>(async (req, ctx) => ({ text: req.text, deadline: ctx.deadline ?? 0 })),
        count: serverStream<EchoRequest, EchoResponse>(async (req, ctx) => {
          for (let i = 0; i < (req.count ?? 0); i++) await ctx.write({ text: `${req.text}${i}`, deadline: 0 });
        }),
      },
    },
  ]);
  const client = createClient(EchoServiceDefinition, srv.address, { target: 'echo', defaultDeadlineMs: 2000, logger: silentLogger() });
  try {
    const res = await client.unary('echo', { text: 'hi' });
    assert.equal(res.text, 'hi');
    assert.ok(res.deadline > Date.now());
    const got: string[] = [];
    for await (const m of client.serverStream('count', { text: 'n', count: 3 })) got.push(m.text);
    assert.deepEqual(got, ['n0', 'n1', 'n2']);
  } finally {
    client.close();
    await srv.stop();
  }
});
