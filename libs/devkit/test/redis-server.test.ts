import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { redisCommand, redisPing, startRedisServer, type RedisServer } from '../src/index';

describe('startRedisServer', () => {
  const started: RedisServer[] = [];
  after(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it('starts a loopback server without persistence and stops it', async () => {
    const server = await startRedisServer();
    started.push(server);
    assert.equal(server.host, '127.0.0.1');
    assert.equal(server.url, `redis://127.0.0.1:${server.port}`);
    assert.equal(await redisPing(server), true);
    assert.deepEqual(await redisCommand(server, 'CONFIG', ['GET', 'save']), ['save', '']);
    assert.deepEqual(await redisCommand(server, 'CONFIG', ['GET', 'appendonly']), ['appendonly', 'no']);
    await server.stop();
    assert.equal(server.process().running(), false);
    assert.equal(existsSync(server.dir), false, 'temp dir removed');
    await assert.rejects(redisPing(server));
  });

  it('kills and restarts on the same port', async () => {
    const server = await startRedisServer();
    started.push(server);
    server.kill('SIGKILL');
    assert.equal((await server.exited()).signal, 'SIGKILL');
    await assert.rejects(redisPing(server));
    await server.restart();
    assert.equal(await redisPing(server), true);
  });

  it('requires the password when one is set', async () => {
    const server = await startRedisServer({ password: 's3cret' });
    started.push(server);
    const bare = { host: server.host, port: server.port };
    await assert.rejects(redisCommand(bare, 'GET', ['k']), /NOAUTH/);
    // The server is itself an address with its password: probes given it authenticate.
    assert.equal(await redisCommand(server, 'GET', ['k']), null);
    assert.match(server.url, /^redis:\/\/:s3cret@127\.0\.0\.1:\d+$/);
  });

  it('fails with the server output when redis-server rejects its config', async () => {
    await assert.rejects(startRedisServer({ config: { 'no-such-directive': 'x' } }), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /did not start/);
      assert.match(err.message, /no-such-directive|Bad directive/i);
      return true;
    });
  });
});
