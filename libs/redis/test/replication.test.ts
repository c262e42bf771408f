import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisServer, waitFor, redisInfo, type RedisServer } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import {
  closeRedis,
  createRedis,
  requireReplicated,
  ReplicationError,
  waitReplicated,
  type Redis,
} from '../src/index';

describe('WAIT with a real replica', () => {
  let master: RedisServer;
  let replica: RedisServer;
  let redis: Redis;

  before(async () => {
    master = await startRedisServer();
    replica = await startRedisServer({ replicaOf: { host: master.host, port: master.port } });
    await waitFor(async () => (await redisInfo(replica, 'replication')).get('master_link_status') === 'up', {
      what: 'replica link up',
    });
    redis = createRedis({ url: master.url, name: 'replicated' }, silentLogger());
  });
  after(async () => {
    await closeRedis(redis);
    await replica.stop();
    await master.stop();
  });

  it('counts the replica that acknowledged', async () => {
    await redis.set('a', '1');
    assert.equal(await waitReplicated(redis, 1, 1000), 1);
    assert.equal(await requireReplicated(redis, 1, 1000), 1);
  });

  it('withholds the acknowledgement when the replica is gone', async () => {
    replica.kill('SIGSTOP');
    try {
      await redis.set('b', '2');
      await assert.rejects(requireReplicated(redis, 1, 200), ReplicationError);
    } finally {
      replica.kill('SIGCONT');
    }
  });
});
