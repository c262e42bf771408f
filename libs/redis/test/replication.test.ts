import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startRedisServer, waitFor, redisInfo, type RedisServer } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import {
  closeRedis,
  connectionEpoch,
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

  it('withholds the acknowledgement when the client reconnected between the write and WAIT', async () => {
    const epoch = connectionEpoch(redis);
    await redis.set('c', '3');
    // The connection drops after the write; ioredis reconnects (and would re-send an unanswered WAIT).
    redis.disconnect(true);
    await waitFor(async () => Promise.resolve(redis.status === 'ready' && connectionEpoch(redis) > epoch), {
      what: 'reconnected',
    });
    // WAIT alone vouches for the new connection, which wrote nothing: it cannot speak for 'c'.
    assert.equal(await waitReplicated(redis, 1, 1000), 1);
    await assert.rejects(
      requireReplicated(redis, 1, 1000, epoch),
      /connection changed between the write and WAIT/,
    );
    assert.equal(await requireReplicated(redis, 1, 1000, connectionEpoch(redis)), 1);
  });
});
