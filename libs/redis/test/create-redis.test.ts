import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, startRedisServer, waitFor, type RedisServer } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import {
  closeRedis,
  createRedis,
  reconnectDelay,
  redisReady,
  requireReplicated,
  ReplicationError,
  waitReplicated,
  type Redis,
} from '../src/index';
import { captureLogger } from './log-capture';

describe('createRedis (standalone)', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  const track = (r: Redis): Redis => {
    clients.push(r);
    return r;
  };

  before(async () => {
    server = await startRedisServer({ password: 'pw' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
    await server.stop();
  });

  it('is lazy: no connection until used, then ready and named', async () => {
    const redis = track(
      createRedis(
        { url: `redis://127.0.0.1:${server.port}`, password: 'pw', db: 2, name: 'lazy' },
        silentLogger(),
      ),
    );
    assert.equal(redis.status, 'wait');
    assert.equal(await redisReady(redis), false, 'first probe starts connecting');
    await waitFor(() => redisReady(redis), { what: 'redis ready' });
    await redis.set('k', 'v');
    assert.equal(await redis.call('CLIENT', ['GETNAME']), 'lazy');
    assert.equal(await redis.call('CLIENT', ['INFO']).then((s) => / db=2 /.test(String(s))), true);
  });

  it('rejects ambiguous or incomplete options with a clear message', () => {
    const logger = silentLogger();
    assert.throws(
      () => createRedis({ name: 'x' }, logger),
      /exactly one of url or sentinels \(got neither\)/,
    );
    assert.throws(
      () =>
        createRedis(
          { name: 'x', url: 'redis://a:1', sentinels: [{ host: 'a', port: 1 }], masterName: 'm' },
          logger,
        ),
      /got both/,
    );
    assert.throws(
      () => createRedis({ name: 'x', sentinels: [{ host: 'a', port: 1 }] }, logger),
      /need a masterName/,
    );
    assert.throws(() => createRedis({ name: 'x', url: 'http://a:1' }, logger), /redis:\/\//);
    assert.throws(() => createRedis({ name: 'x', url: 'redis://a:1', db: -1 }, logger), /db must be/);
  });

  it('survives a server outage: logs once, fails commands fast, recovers without help', async () => {
    const { logger, lines } = captureLogger();
    const redis = track(
      createRedis({ url: server.url, name: 'outage', connectTimeoutMs: 300, commandTimeoutMs: 2000 }, logger),
    );
    await waitFor(() => redisReady(redis), { what: 'redis ready' });
    server.kill('SIGKILL');
    await server.exited();
    await waitFor(async () => !(await redisReady(redis)), { what: 'redis unready' });
    const started = Date.now();
    await assert.rejects(redis.get('k'));
    assert.ok(Date.now() - started <= 2500, `command failed within its bound (${Date.now() - started} ms)`);
    await server.restart();
    await waitFor(() => redisReady(redis), { timeoutMs: 10_000, what: 'redis recovered' });
    assert.equal(await redis.ping(), 'PONG');
    const warnings = lines.filter((l) => l.level === 'warn');
    assert.equal(warnings.length, 1, `one warning per outage: ${JSON.stringify(warnings)}`);
    assert.ok(lines.some((l) => l.msg === 'redis connection recovered'));
    assert.ok(!JSON.stringify(lines).includes(':pw@'), 'password never logged');
  });

  it('reports unready and never crashes when nothing listens', async () => {
    const port = await freePort();
    const { logger, lines } = captureLogger();
    const redis = track(
      createRedis({ url: `redis://127.0.0.1:${port}`, name: 'nobody', connectTimeoutMs: 200 }, logger),
    );
    assert.equal(await redisReady(redis), false);
    await waitFor(() => lines.some((l) => l.level === 'warn'), { what: 'warning logged' });
    assert.equal(await redisReady(redis), false);
    await assert.rejects(redis.get('k'));
    const closing = Date.now();
    await closeRedis(redis);
    assert.ok(Date.now() - closing < 1500, 'close does not wait for a dead server');
    assert.notEqual(redis.status, 'ready');
  });

  it('closeRedis quits a live client and is idempotent', async () => {
    const redis = createRedis({ url: server.url, name: 'closer' }, silentLogger());
    await waitFor(() => redisReady(redis), { what: 'redis ready' });
    await closeRedis(redis);
    assert.equal(redis.status, 'end');
    await closeRedis(redis);
    const never = createRedis({ url: server.url, name: 'never' }, silentLogger());
    await closeRedis(never);
    assert.equal(never.status, 'end');
  });

  it('waitReplicated validates its arguments; requireReplicated throws UNAVAILABLE without replicas', async () => {
    const redis = track(createRedis({ url: server.url, name: 'wait' }, silentLogger()));
    await redis.set('w', '1');
    assert.equal(await waitReplicated(redis, 0, 100), 0);
    await assert.rejects(waitReplicated(redis, 1, 0), /positive integer/);
    await assert.rejects(waitReplicated(redis, 1, 10_000), /below the client's commandTimeout/);
    await assert.rejects(requireReplicated(redis, 1, 100), (err: unknown) => {
      assert.ok(err instanceof ReplicationError);
      assert.equal(err.grpcCode, 14);
      assert.equal(err.acknowledged, 0);
      assert.equal(err.required, 1);
      return true;
    });
  });
});

describe('reconnectDelay', () => {
  it('backs off exponentially up to the cap, with jitter', () => {
    for (let attempt = 1; attempt < 40; attempt++) {
      const d = reconnectDelay(attempt, 2000);
      const base = Math.min(50 * 2 ** attempt, 2000);
      assert.ok(d >= base / 2 && d <= base, `attempt ${attempt}: ${d}`);
    }
  });
});
