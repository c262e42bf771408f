import type { RedisConnectionOptions } from './create-redis';
import { parseSentinels } from './sentinels';

/** The Redis variables of `@superagent/config`'s `redisSpec()`, as a service's parsed config holds them. */
export interface RedisSettings {
  REDIS_URL?: string | undefined;
  REDIS_SENTINELS?: readonly string[] | undefined;
  REDIS_MASTER_NAME: string;
  REDIS_PASSWORD?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
}

export type RedisTarget = Pick<
  RedisConnectionOptions,
  'url' | 'sentinels' | 'masterName' | 'password' | 'sentinelPassword'
>;

/**
 * Where and how to connect, from the parsed settings: the Sentinels when any are listed (with their
 * own password, which bundled Sentinels usually require), else the URL. Services reject both at once
 * in their config check; this throws only when neither is set.
 */
export function redisTargetOf(settings: RedisSettings): RedisTarget {
  const secrets = {
    ...(settings.REDIS_PASSWORD === undefined ? {} : { password: settings.REDIS_PASSWORD }),
  };
  if (settings.REDIS_SENTINELS !== undefined && settings.REDIS_SENTINELS.length > 0) {
    return {
      ...secrets,
      sentinels: parseSentinels(settings.REDIS_SENTINELS),
      masterName: settings.REDIS_MASTER_NAME,
      ...(settings.REDIS_SENTINEL_PASSWORD === undefined
        ? {}
        : { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD }),
    };
  }
  if (settings.REDIS_URL !== undefined && settings.REDIS_URL !== '')
    return { ...secrets, url: settings.REDIS_URL };
  throw new Error('no Redis to connect to: set REDIS_URL or REDIS_SENTINELS');
}
