import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createBareEchoClient, startBareEchoServer } from '../src/echo';

test('bare echo returns the bytes it was sent', async () => {
  const server = await startBareEchoServer(0);
  const client = createBareEchoClient(server.address);
  try {
    const payload = Buffer.from([0, 1, 2, 250, 255]);
    assert.deepEqual(await client.echo(payload), payload);
    assert.equal((await client.echo(Buffer.alloc(0))).length, 0);
  } finally {
    client.close();
    await server.stop();
  }
});
