import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { redisCommand, redisInfo, startSentinelTopology, waitFor, type SentinelTopology } from '../src/index';

describe('startSentinelTopology', () => {
  let topology: SentinelTopology | undefined;
  before(async () => {
    topology = await startSentinelTopology({ replicas: 2, sentinels: 3, quorum: 2, downAfterMs: 1000 });
  });
  after(async () => {
    await topology?.stop();
  });

  it('starts a master with two replicas in sync, watched by three sentinels', async () => {
    const t = topology!;
    assert.equal(t.sentinels.length, 3);
    assert.equal(t.nodes.length, 3);
    const master = await t.master();
    assert.equal(master.port, t.nodes[0]!.port);
    const info = await redisInfo(master, 'replication');
    assert.equal(info.get('role'), 'master');
    assert.equal(info.get('connected_slaves'), '2');
  });

  it('fails over when the master is SIGKILLed, and takes the old master back as a replica', async (t0) => {
    const t = topology!;
    await redisCommand(await t.master(), 'SET', ['before', '1']);
    const old = await t.killMaster();
    const killedAt = Date.now();
    const promoted = await t.waitForFailover(old);
    t0.diagnostic(`failover took ${Date.now() - killedAt} ms`);
    assert.notEqual(promoted.port, old.port);
    assert.equal(await redisCommand(promoted, 'GET', ['before']), '1', 'replicated write survived');
    assert.equal(await redisCommand(promoted, 'SET', ['after', '2']), 'OK');
    const rejoinAt = Date.now();
    await t.restartNode(old);
    await waitFor(async () => (await redisInfo(old, 'replication')).get('master_link_status') === 'up', {
      timeoutMs: 15_000,
      what: 'old master to rejoin as a replica',
    });
    t0.diagnostic(`rejoin took ${Date.now() - rejoinAt} ms`);
  });

  it('removes its temp dir on stop', async () => {
    const t = topology!;
    const dir = t.nodes[0]!.dir;
    assert.equal(existsSync(dir), true);
    await t.stop();
    topology = undefined;
    assert.equal(existsSync(dir), false);
  });
});
