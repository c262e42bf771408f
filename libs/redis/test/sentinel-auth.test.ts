import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSentinelTopology, waitFor, type SentinelTopology } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { closeRedis, createRedis, redisReady, redisTargetOf, type Redis } from '../src/index';
import { captureLogger } from './log-capture';

const PASSWORD = 'sentinel-and-node-secret';

describe('Sentinels that require a password (the bundled chart’s default)', () => {
  let topology: SentinelTopology;
  const clients: Redis[] = [];
  const settings = (): { REDIS_SENTINELS: string[]; REDIS_MASTER_NAME: string; REDIS_PASSWORD: string } => ({
    REDIS_SENTINELS: topology.sentinels.map((s) => `${s.host}:${s.port}`),
    REDIS_MASTER_NAME: topology.masterName,
    REDIS_PASSWORD: PASSWORD,
  });

  before(async () => {
    topology = await startSentinelTopology({ replicas: 1, sentinels: 1, quorum: 1, password: PASSWORD });
  });
  after(async () => {
    await Promise.all(clients.map((c) => closeRedis(c)));
    await topology?.stop();
  });

  it('connects with REDIS_SENTINEL_PASSWORD and writes to the master', async () => {
    const redis = createRedis(
      { name: 'sentinel-auth', ...redisTargetOf({ ...settings(), REDIS_SENTINEL_PASSWORD: PASSWORD }) },
      silentLogger(),
    );
    clients.push(redis);
    await waitFor(() => redisReady(redis), { what: 'redis ready through password-protected sentinels' });
    assert.equal(await redis.set('k', 'v'), 'OK');
  });

  it('without it, is never ready and says why (NOAUTH from the sentinel)', async () => {
    const { logger, lines } = captureLogger();
    const redis = createRedis({ name: 'sentinel-no-auth', ...redisTargetOf(settings()) }, logger);
    clients.push(redis);
    assert.equal(await redisReady(redis), false);
    await waitFor(() => JSON.stringify(lines).includes('NOAUTH'), { what: 'a NOAUTH warning' });
    assert.equal(await redisReady(redis), false);
  });
});

describe('redisTargetOf', () => {
  it('prefers the sentinels, and passes each password where it belongs', () => {
    assert.deepEqual(
      redisTargetOf({
        REDIS_SENTINELS: ['10.0.0.1:26379', '[::1]:26380'],
        REDIS_MASTER_NAME: 'm',
        REDIS_PASSWORD: 'node',
        REDIS_SENTINEL_PASSWORD: 'sentinel',
      }),
      {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        masterName: 'm',
        password: 'node',
        sentinelPassword: 'sentinel',
      },
    );
  });

  it('uses the URL without sentinels; a sentinel password alone changes nothing there', () => {
    assert.deepEqual(
      redisTargetOf({ REDIS_URL: 'redis://r:6379/1', REDIS_MASTER_NAME: 'm', REDIS_SENTINEL_PASSWORD: 's' }),
      { url: 'redis://r:6379/1' },
    );
  });

  it('names both variables when neither is set', () => {
    assert.throws(
      () => redisTargetOf({ REDIS_MASTER_NAME: 'm', REDIS_SENTINELS: [] }),
      /REDIS_URL or REDIS_SENTINELS/,
    );
  });
});
