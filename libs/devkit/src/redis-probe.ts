import Redis from 'ioredis';

export interface RedisAddress {
  host: string;
  port: number;
  /** AUTH sent first when set (a server or Sentinel with `requirepass`). */
  password?: string | undefined;
}

/**
 * Sends one command on a fresh connection and closes it. Used to poll servers and sentinels that
 * may be down: no retries, no offline queue, short timeouts, errors reported to the caller only.
 */
export async function redisCommand(
  address: RedisAddress,
  command: string,
  args: ReadonlyArray<string | number> = [],
  timeoutMs = 1000,
): Promise<unknown> {
  const client = new Redis({
    host: address.host,
    port: address.port,
    ...(address.password === undefined ? {} : { password: address.password }),
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: false,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    protocol: 2,
    disableClientInfo: true,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command, [...args]);
  } finally {
    client.disconnect();
  }
}

/** True when the server answers PING with PONG. */
export async function redisPing(address: RedisAddress, timeoutMs = 500): Promise<boolean> {
  return (await redisCommand(address, 'PING', [], timeoutMs)) === 'PONG';
}

/** `INFO <section>` parsed into key → value. */
export async function redisInfo(
  address: RedisAddress,
  section: string,
  timeoutMs = 1000,
): Promise<Map<string, string>> {
  const reply = await redisCommand(address, 'INFO', [section], timeoutMs);
  const info = new Map<string, string>();
  if (typeof reply !== 'string') return info;
  for (const line of reply.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0 && !line.startsWith('#')) info.set(line.slice(0, at), line.slice(at + 1));
  }
  return info;
}
