// Lua scripts of the Redis task store: each check-and-write is one atomic step on the server.
// Keys are always passed in KEYS (the layout is in redis-keys.ts).
import { createHash } from 'node:crypto';
import type { Redis } from '@superagent/redis';

export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

function lua(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * EVALSHA, falling back to EVAL when the server does not know the script (first use, restart, a
 * failover to a replica that never saw it); EVAL loads it for next time.
 */
export async function runScript(
  redis: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
      return redis.eval(script.source, keys.length, ...keys, ...args);
    }
    throw err;
  }
}

/**
 * KEYS: task, events, queue, idempotency key (ignored unless ARGV[5] = '1').
 * ARGV: task id, record JSON, first event JSON, ttl ms, has idempotency key.
 * → {1, id} created (or already created by an earlier, unacknowledged attempt of this same call),
 * or {0, existing id} when the idempotency key is taken.
 */
export const CREATE = lua(`
if redis.call('EXISTS', KEYS[1]) == 1 then return {1, ARGV[1]} end
if ARGV[5] == '1' then
  local existing = redis.call('GET', KEYS[4])
  if existing then return {0, existing} end
  redis.call('SET', KEYS[4], ARGV[1], 'PX', ARGV[4])
end
redis.call('HSET', KEYS[1], 'r', ARGV[2], 'o', '', 's', '1', 't', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('XADD', KEYS[2], '0-1', 'e', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('XADD', KEYS[3], '*', 't', ARGV[1])
return {1, ARGV[1]}
`);

/**
 * KEYS: task, events, idempotency key (or the task key again when there is none).
 * ARGV: owner, transition, record JSON, ttl ms, notify channel, expected previous sequence, event JSONs...
 * → 'OK', 'DUP' (this transition was already applied), or an error: GONE, NOTOWNER, CONFLICT.
 */
export const COMMIT = lua(`
local owner = redis.call('HGET', KEYS[1], 'o')
if not owner then return redis.error_reply('GONE task record expired') end
if owner ~= ARGV[1] then return redis.error_reply('NOTOWNER task owned by ' .. owner) end
local t = tonumber(redis.call('HGET', KEYS[1], 't'))
local transition = tonumber(ARGV[2])
if t == transition then return 'DUP' end
if t ~= transition - 1 then
  return redis.error_reply('CONFLICT transition ' .. transition .. ' after stored ' .. t)
end
local s = tonumber(redis.call('HGET', KEYS[1], 's'))
if s ~= tonumber(ARGV[6]) then
  return redis.error_reply('CONFLICT sequence ' .. ARGV[6] .. ' but stored ' .. s)
end
for i = 7, #ARGV do
  s = s + 1
  redis.call('XADD', KEYS[2], '0-' .. s, 'e', ARGV[i])
end
redis.call('HSET', KEYS[1], 'r', ARGV[3], 's', tostring(s), 't', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if KEYS[3] ~= KEYS[1] then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
if #ARGV >= 7 then redis.call('PUBLISH', ARGV[5], tostring(s)) end
return 'OK'
`);

/**
 * Makes a consumer the owner of a task it took from the queue.
 * KEYS: task. ARGV: consumer. → the record JSON, or false when the record expired.
 */
export const ACQUIRE = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('HSET', KEYS[1], 'o', ARGV[1])
return redis.call('HGET', KEYS[1], 'r')
`);

/**
 * Heartbeat: resets the idle time of the consumer's queue entries, but only for tasks it still owns
 * (a plain XCLAIM would steal an entry back from the worker that took it over).
 * KEYS: queue, task keys... ARGV: group, consumer, entry ids (same order as the task keys).
 * → 1-based positions of the claims no longer owned.
 */
export const RENEW = lua(`
local lost = {}
for i = 2, #KEYS do
  local owner = redis.call('HGET', KEYS[i], 'o')
  if owner == ARGV[2] then
    local kept = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i + 1], 'JUSTID')
    if #kept == 0 then lost[#lost + 1] = i - 1 end
  else
    lost[#lost + 1] = i - 1
  end
end
return lost
`);
