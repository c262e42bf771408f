import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA, falling back to EVAL when the server does not have the script yet (first use, restart,
 * failover to a replica that never saw it). EVAL also loads it, so the next call is an EVALSHA again.
 */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, 0, ...args);
  } catch (err: unknown) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT'))
      return redis.eval(script.source, 0, ...args);
    throw err;
  }
}
