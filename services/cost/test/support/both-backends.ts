import { after, before } from 'node:test';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '@superagent/devkit';
import type { CostStore } from '../../src/store/cost-store';
import { createMemoryCostStore } from '../../src/store/memory-store';
import { createRedisCostStore } from '../../src/store/redis-store';
import type { TestClock } from './fixtures';

/**
 * The two store backends, each on the test's clock: the in-memory store, and Redis on a real
 * redis-server started before the file's tests and stopped after them.
 */
export function bothBackends(): [string, (clock: TestClock) => CostStore][] {
  let redisServer: RedisServer;
  const clients: Redis[] = [];
  before(async () => {
    redisServer = await startRedisServer();
  });
  after(async () => {
    for (const c of clients) c.disconnect();
    await redisServer?.stop();
  });
  return [
    ['memory', (clock) => createMemoryCostStore({ now: clock.now })],
    [
      'redis',
      (clock) => {
        const redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
        clients.push(redis);
        return createRedisCostStore(redis, { now: clock.now });
      },
    ],
  ];
}
