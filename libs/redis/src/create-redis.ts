import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '@superagent/logging';
import { connectionEpoch } from './replication';
import type { SentinelAddress } from './sentinels';

export interface RedisConnectionOptions {
  /** redis://[:password@]host:port[/db] for a standalone server. Exactly one of url / sentinels. */
  url?: string;
  /** Sentinels to ask for the current master of `masterName`. */
  sentinels?: readonly SentinelAddress[];
  masterName?: string;
  /** Password for the data nodes (overrides one in the URL). */
  password?: string;
  /** Password for the sentinels themselves, if they require one. */
  sentinelPassword?: string;
  db?: number;
  /** Connection name: CLIENT SETNAME and the `redis` field of log lines. */
  name: string;
  /**
   * Reconnection attempts a command may wait through before failing (default 1). Small, so a
   * caller learns of an outage in seconds; 1 still lets a write ride through a Sentinel failover.
   */
  maxRetriesPerRequest?: number;
  /** TCP connect timeout per attempt (default 2000 ms). */
  connectTimeoutMs?: number;
  /** Upper bound on any single command, queued time included (default 5000 ms). */
  commandTimeoutMs?: number;
  /** Longest pause between reconnection attempts (default 2000 ms). */
  maxReconnectDelayMs?: number;
}

export type { Redis } from 'ioredis';

/**
 * Exponential backoff from 50 ms, capped, with jitter so a fleet does not reconnect in lockstep.
 * It never gives up: a Redis outage makes a service unready, and it must recover on its own
 * when Redis returns (per-command waiting is bounded by maxRetriesPerRequest instead).
 */
export function reconnectDelay(attempt: number, maxDelayMs: number): number {
  const base = Math.min(50 * 2 ** Math.min(attempt, 16), maxDelayMs);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function validate(options: RedisConnectionOptions): void {
  const hasUrl = options.url !== undefined && options.url !== '';
  const hasSentinels = options.sentinels !== undefined && options.sentinels.length > 0;
  if (hasUrl === hasSentinels) {
    throw new Error(
      `redis "${options.name}": set exactly one of url or sentinels (got ${hasUrl ? 'both' : 'neither'})`,
    );
  }
  if (hasSentinels && (options.masterName === undefined || options.masterName === '')) {
    throw new Error(`redis "${options.name}": sentinels need a masterName`);
  }
  if (hasUrl && !/^rediss?:\/\//.test(options.url ?? '')) {
    throw new Error(`redis "${options.name}": url must start with redis:// or rediss://`);
  }
  if (options.db !== undefined && (!Number.isInteger(options.db) || options.db < 0)) {
    throw new Error(`redis "${options.name}": db must be a non-negative integer, got ${options.db}`);
  }
}

function ioredisOptions(options: RedisConnectionOptions): RedisOptions {
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const commandTimeout = options.commandTimeoutMs ?? 5000;
  const common: RedisOptions = {
    connectionName: options.name,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    commandTimeout,
    /*
     * A connection that owes replies and receives nothing for as long as a command may take is
     * dead: drop it and reconnect (Sentinel mode then asks for the current master). Without this, a
     * master that hangs or is cut off without closing its sockets (frozen process, network
     * partition) kept every command of this client timing out after Sentinel had promoted a
     * replica: TCP alone notices only after many minutes. Blocking reads must stay below
     * commandTimeout anyway (it bounds them too), so they never trip this.
     */
    socketTimeout: commandTimeout,
    maxRetriesPerRequest: options.maxRetriesPerRequest ?? 1,
    retryStrategy: (attempt) => reconnectDelay(attempt, maxDelay),
    /*
     * Offline queue ON, deliberately. With it off, every command issued while the connection is
     * (re)establishing fails at once, including the first command of a lazy client and every write
     * during a Sentinel failover. With it on, such commands wait for the reconnection, and the wait
     * is bounded twice: maxRetriesPerRequest flushes the queue with an error after that many failed
     * attempts, and commandTimeout rejects any command older than its limit. Readiness checks do
     * not use the queue (redisReady answers false while disconnected).
     */
    enableOfflineQueue: true,
    enableReadyCheck: true,
    // A write that lands on a demoted master fails with READONLY without being applied: reconnect
    // (Sentinel mode then asks for the new master) and resend it.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
  if (options.db !== undefined) common.db = options.db;
  if (options.password !== undefined) common.password = options.password;
  if (options.sentinels !== undefined && options.sentinels.length > 0) {
    return {
      ...common,
      sentinels: options.sentinels.map((s) => ({ host: s.host, port: s.port })),
      name: options.masterName,
      role: 'master',
      // No +switch-master subscription. With it (ioredis 6), a failover announced while the client
      // is already reconnecting — the usual case when the master crashed and closed its sockets —
      // disconnects the connector mid-resolution; connect() then fails with "Connection is closed."
      // and the client ends for good (status "end", never retried): 19 of 20 clients in one run
      // of a SIGKILLed master (services/router/test/integration/sentinel-failover.test.ts found
      // it). Without it a crashed master is still noticed at once (its sockets close); a
      // partitioned one shows as command timeouts until Redis closes its clients on demotion.
      failoverDetector: false,
      sentinelPassword: options.sentinelPassword,
      sentinelRetryStrategy: (attempt) => reconnectDelay(attempt, maxDelay),
      sentinelReconnectStrategy: (attempt) => reconnectDelay(attempt, maxDelay),
      sentinelCommandTimeout: options.connectTimeoutMs ?? 2000,
      updateSentinels: true,
    };
  }
  return common;
}

function describeTarget(options: RedisConnectionOptions): string {
  if (options.sentinels !== undefined && options.sentinels.length > 0) {
    return `sentinel:${options.masterName ?? ''}@${options.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  }
  // Never log the password from the URL.
  return (options.url ?? '').replace(/\/\/[^@/]*@/, '//***@');
}

/** Logs connection trouble once per episode, so an outage is one warning and one recovery line. */
function attachLogging(redis: Redis, logger: Logger, name: string, target: string): void {
  const log = logger.child({ redis: name });
  let failing = false;
  let errors = 0;
  redis.on('error', (err: Error) => {
    errors++;
    if (failing) {
      log.debug({ err: err.message, errors }, 'redis error');
      return;
    }
    failing = true;
    log.warn({ err: err.message, target }, 'redis connection problem; reconnecting in the background');
  });
  redis.on('ready', () => {
    if (failing) log.info({ errors, target }, 'redis connection recovered');
    else log.info({ target }, 'redis connected');
    failing = false;
    errors = 0;
  });
  redis.on('close', () => log.debug({ target }, 'redis connection closed'));
}

/**
 * An ioredis client for a standalone server (url) or a Sentinel-managed master (sentinels +
 * masterName). It connects lazily (no I/O until the first command or redisReady), reconnects
 * forever with capped backoff, and logs errors instead of crashing.
 */
export function createRedis(options: RedisConnectionOptions, logger: Logger): Redis {
  validate(options);
  const redis =
    options.url !== undefined && options.url !== ''
      ? new Redis(options.url, ioredisOptions(options))
      : new Redis(ioredisOptions(options));
  attachLogging(redis, logger, options.name, describeTarget(options));
  connectionEpoch(redis); // count from the first connection on
  return redis;
}
