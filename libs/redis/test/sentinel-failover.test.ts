import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { redisCommand, startSentinelTopology, waitFor, type SentinelTopology } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import {
  closeRedis,
  connectionEpoch,
  createRedis,
  redisReady,
  requireReplicated,
  type Redis,
} from '../src/index';
import { captureLogger } from './log-capture';

/** The port of the server this client is connected to, as the server reports it. */
async function serverPort(redis: Redis): Promise<number> {
  const info = String(await redis.call('CLIENT', ['INFO']));
  const laddr = / laddr=[^ ]*:(\d+) /.exec(info);
  assert.ok(laddr, `CLIENT INFO has laddr: ${info}`);
  return Number(laddr[1]);
}

describe('createRedis through Sentinel', () => {
  let topology: SentinelTopology;
  const clients: Redis[] = [];

  before(async () => {
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3, quorum: 2, downAfterMs: 1000 });
  });
  after(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
    await topology?.stop();
  });

  it('finds the master by name', async () => {
    const redis = createRedis(
      { sentinels: topology.sentinels, masterName: topology.masterName, name: 'sentinel-basic' },
      silentLogger(),
    );
    clients.push(redis);
    await waitFor(() => redisReady(redis), { what: 'redis ready through sentinel' });
    const master = await topology.master();
    assert.equal(await serverPort(redis), master.port);
    assert.equal(await redis.set('k', 'v'), 'OK');
  });

  it('names a master group the sentinels do not know', async () => {
    const { logger, lines } = captureLogger();
    const redis = createRedis(
      { sentinels: topology.sentinels, masterName: 'nope', name: 'sentinel-unknown' },
      logger,
    );
    clients.push(redis);
    assert.equal(await redisReady(redis), false);
    await waitFor(() => lines.some((l) => l.level === 'warn'), { what: 'a warning' });
    assert.match(JSON.stringify(lines), /nope/);
    await closeRedis(redis);
  });

  it('keeps every replicated write across a SIGKILL failover and resumes writing', async (t) => {
    const { logger, lines } = captureLogger();
    const redis = createRedis(
      {
        sentinels: topology.sentinels,
        masterName: topology.masterName,
        name: 'sentinel-writer',
        connectTimeoutMs: 500,
        commandTimeoutMs: 3000,
      },
      logger,
    );
    clients.push(redis);
    await waitFor(() => redisReady(redis), { what: 'writer ready' });

    const acknowledged: number[] = [];
    let failures = 0;
    let lastAckBeforeKill = 0;
    let firstAckAfterKill = 0;
    let killedAt = 0;
    let i = 0;
    const deadline = Date.now() + 25_000;
    // Write sequentially; after the kill, stop once 50 writes have been acknowledged again.
    while (Date.now() < deadline) {
      if (i === 50) {
        await topology.killMaster('SIGKILL');
        killedAt = Date.now();
      }
      i++;
      try {
        const epoch = connectionEpoch(redis);
        await redis.set(`task:${i}`, String(i));
        await requireReplicated(redis, 1, 500, epoch);
        acknowledged.push(i);
        const now = Date.now();
        if (killedAt === 0) lastAckBeforeKill = now;
        else if (firstAckAfterKill === 0) firstAckAfterKill = now;
        if (killedAt !== 0 && acknowledged.filter((n) => n > 50).length >= 50) break;
      } catch {
        failures++;
      }
    }
    assert.ok(firstAckAfterKill > 0, `writes resumed after failover (${failures} failures, ${i} attempts)`);
    const windowMs = firstAckAfterKill - lastAckBeforeKill;
    const elections = topology.elections();
    t.diagnostic(
      `write-unavailability window: ${windowMs} ms (${failures} failed attempts during failover, ${elections} sentinel election(s))`,
    );
    // One split Sentinel vote, retried after 2 × failover-timeout, still fits; the log says why a
    // window was long.
    assert.ok(
      windowMs < 15_000,
      `window ${windowMs} ms, master killed at ${new Date(killedAt).toISOString()}; sentinels:\n${topology.failoverLog().join('\n')}`,
    );

    const master = await topology.master();
    const missing: number[] = [];
    for (const n of acknowledged) {
      if ((await redisCommand(master, 'GET', [`task:${n}`])) !== String(n)) missing.push(n);
    }
    assert.deepEqual(missing, [], 'no acknowledged write lost');
    assert.equal(await serverPort(redis), master.port, 'client follows the new master');
    assert.ok(
      lines.some((l) => l.level === 'warn'),
      'the outage was logged',
    );
  });

  it('follows the new master when the old one hangs without closing its sockets', async (t) => {
    const redis = createRedis(
      {
        sentinels: topology.sentinels,
        masterName: topology.masterName,
        name: 'sentinel-hung-master',
        connectTimeoutMs: 500,
        commandTimeoutMs: 2000,
      },
      silentLogger(),
    );
    clients.push(redis);
    await waitFor(() => redisReady(redis), { what: 'client ready' });
    assert.equal(await redis.set('before-hang', '1'), 'OK');
    const old = await topology.master();
    const node = topology.nodes.find((n) => n.port === old.port);
    assert.ok(node, 'the master is one of the topology nodes');
    // A frozen process: its sockets stay open and TCP sees nothing wrong (as in a partition).
    node.kill('SIGSTOP');
    const frozenAt = Date.now();
    try {
      await topology.waitForFailover(old, 20_000);
      const failedOverAt = Date.now();
      let resumedAt = 0;
      while (Date.now() - frozenAt < 30_000) {
        try {
          await redis.set('after-hang', '1');
          resumedAt = Date.now();
          break;
        } catch {
          // Timed out on the hung master: the next attempt must reach the new one.
        }
      }
      assert.ok(resumedAt > 0, 'writes resumed on the new master while the old one still hangs');
      t.diagnostic(`writes resumed ${resumedAt - failedOverAt} ms after the failover`);
      assert.equal(await serverPort(redis), (await topology.master()).port, 'client follows the new master');
    } finally {
      node.kill('SIGCONT');
    }
  });
});
