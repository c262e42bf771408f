export { createRedis, reconnectDelay, type Redis, type RedisConnectionOptions } from './create-redis';
export { parseSentinels, type SentinelAddress } from './sentinels';
export { redisReady, closeRedis } from './lifecycle';
export { connectionEpoch, waitReplicated, requireReplicated } from './replication';
export { RedisUnavailableError, ReplicationError } from './errors';
export { REDIS_BREAKER_OPTIONS } from './breaker';
export { redisTargetOf, type RedisSettings, type RedisTarget } from './redis-settings';
