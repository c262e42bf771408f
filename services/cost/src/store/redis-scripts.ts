// Lua run inside Redis, so each check-and-write is one atomic step (no other client's command can
// run in between). Keys are computed by redis-keys.ts and passed in ARGV, not KEYS: that is valid on
// a standalone or Sentinel-managed Redis (our deployments), not on Redis Cluster.
//
// Numbers: Lua numbers are doubles, exact for integers below 2^53 (all our µ$ sums). Where a
// script computes a number for Redis it formats it with %.0f, because tostring() would print 1e+15;
// increments computed in Node arrive as decimal strings and are passed through untouched.

/**
 * apply_batch(base): the shared body of Record, RecordBatch and Commit. The aggregation itself is
 * done in Node (one code path with the in-memory store, and fast); the script only makes it
 * idempotent and atomic: if any record's idempotency key is already known it writes NOTHING and
 * returns the positions of those records, and the caller sends the batch again without them.
 * Otherwise it remembers every key, applies the increments and appends the log, in one step.
 *
 * ARGV from `base`:
 *   g, then g idempotency groups (one per tenant) of: current hash, previous hash, ttlS, c, c keys,
 *   h, then h hashes of: key, ttlS, "field delta field delta …" (fields never contain a space),
 *   l, logMaxLen, then l logs of: stream key, ttlS, entry (JSON array of the records).
 * Positions count keys across groups in order, from 1.
 * Returns {1} (written) or {0, positions of records whose key is known...}.
 */
const APPLY_BATCH = `
local function apply_batch(base)
  local g = tonumber(ARGV[base])
  local p = base + 1
  local dups, groups, pos = {}, {}, 0
  for _ = 1, g do
    local current, previous, ttl, c = ARGV[p], ARGV[p + 1], ARGV[p + 2], tonumber(ARGV[p + 3])
    local keys = {}
    for j = 1, c do keys[j] = ARGV[p + 3 + j] end
    if c > 0 then
      local now, before = redis.call('HMGET', current, unpack(keys)), redis.call('HMGET', previous, unpack(keys))
      for j = 1, c do
        if now[j] or before[j] then dups[#dups + 1] = pos + j end
      end
    end
    groups[#groups + 1] = { current, ttl, keys }
    pos = pos + c
    p = p + 4 + c
  end
  if #dups > 0 then
    table.insert(dups, 1, 0)
    return dups
  end
  for _, grp in ipairs(groups) do
    local keys = grp[3]
    if #keys > 0 then
      local pairs_ = {}
      for j = 1, #keys do
        pairs_[2 * j - 1] = keys[j]
        pairs_[2 * j] = '1'
      end
      redis.call('HSET', grp[1], unpack(pairs_))
      redis.call('EXPIRE', grp[1], grp[2])
    end
  end
  local h = tonumber(ARGV[p])
  p = p + 1
  for _ = 1, h do
    local key = ARGV[p]
    for field, delta in string.gmatch(ARGV[p + 2], '(%S+) (%S+)') do redis.call('HINCRBY', key, field, delta) end
    redis.call('EXPIRE', key, ARGV[p + 1])
    p = p + 3
  end
  local l, logMax = tonumber(ARGV[p]), ARGV[p + 1]
  p = p + 2
  for _ = 1, l do
    redis.call('XADD', ARGV[p], 'MAXLEN', '~', logMax, '*', 'usages', ARGV[p + 2])
    redis.call('EXPIRE', ARGV[p], ARGV[p + 1])
    p = p + 3
  end
  return { 1 }
end
`;

/** ARGV: an apply_batch section from 1. */
export const RECORD_SCRIPT = `${APPLY_BATCH}
return apply_batch(1)
`;

/**
 * Check every budget, then hold in all of them, in one step. A reservation id that already exists
 * is an idempotent repeat: nothing is checked or held again ({2}), and the reservation is marked
 * `repeated` (its id now reaches a caller, so ABANDON_SCRIPT leaves it alone).
 * ARGV: nowMs, expiresAtMs, amount, resKey, resTtlMs, member, nb, then nb × (holdKey, aggKey,
 * limit, holdTtlMs), then nh and nh (field, value) pairs for the reservation hash.
 * Hold members are "<id>:<amount>" scored by expiry, so the held sum needs no second lookup and
 * expired holds are dropped with one ZREMRANGEBYSCORE.
 * A budget's spend is its hash's priced µ$ (c) plus the charge of its unpriced records (uc).
 * Returns {1}, {2} (exists) or {0, index of the first exceeded budget, spent, held, of which
 * spent the unpriced charge}.
 */
export const RESERVE_SCRIPT = `
if redis.call('EXISTS', ARGV[4]) == 1 then
  redis.call('HSET', ARGV[4], 'repeated', '1')
  return { 2 }
end
local now, expires, amount = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])
local nb = tonumber(ARGV[7])
local p = 8
for b = 1, nb do
  local hold, agg, limit = ARGV[p], ARGV[p + 1], tonumber(ARGV[p + 2])
  redis.call('ZREMRANGEBYSCORE', hold, '-inf', now)
  local held = 0
  for _, m in ipairs(redis.call('ZRANGE', hold, 0, -1)) do
    held = held + tonumber(string.match(m, ':(%d+)$'))
  end
  local sums = redis.call('HMGET', agg, 'c', 'uc')
  local charge = tonumber(sums[2] or '0')
  local spent = tonumber(sums[1] or '0') + charge
  if spent + held + amount > limit then
    return { 0, b, string.format('%.0f', spent), string.format('%.0f', held), string.format('%.0f', charge) }
  end
  p = p + 4
end
local member = ARGV[6] .. ':' .. ARGV[3]
p = 8
for b = 1, nb do
  local hold, ttl = ARGV[p], tonumber(ARGV[p + 3])
  redis.call('ZADD', hold, expires, member)
  if redis.call('PTTL', hold) < ttl then redis.call('PEXPIRE', hold, ttl) end
  p = p + 4
end
local nh = tonumber(ARGV[p])
local fields = {}
for j = 1, 2 * nh do fields[j] = ARGV[p + j] end
redis.call('HSET', ARGV[4], 'member', member, unpack(fields))
redis.call('PEXPIRE', ARGV[4], ARGV[5])
return { 1 }
`;

/** Drops a reservation's holds. */
const DROP_HOLDS = `
local function drop_holds(res)
  local member = redis.call('HGET', res, 'member')
  for hold in string.gmatch(redis.call('HGET', res, 'holds') or '', '%S+') do
    redis.call('ZREM', hold, member)
  end
end
`;

/**
 * ARGV: resKey, then an apply_batch section from 2. Returns {-1} unknown, {2} already committed,
 * {3} released, {4, positions...} some idempotency keys exist (nothing written: resend without
 * them), or {1} committed: records applied and holds dropped together.
 */
export const COMMIT_SCRIPT = `${APPLY_BATCH}${DROP_HOLDS}
local res = ARGV[1]
local state = redis.call('HGET', res, 'state')
if not state then return { -1 } end
if state == 'committed' then return { 2 } end
if state == 'released' then return { 3 } end
local out = apply_batch(2)
if out[1] == 0 then
  out[1] = 4
  return out
end
drop_holds(res)
redis.call('HSET', res, 'state', 'committed')
return { 1 }
`;

/** ARGV: resKey. Returns {-1} unknown, {2} committed, {3} already released, {1} released now. */
export const RELEASE_SCRIPT = `${DROP_HOLDS}
local res = ARGV[1]
local state = redis.call('HGET', res, 'state')
if not state then return { -1 } end
if state == 'committed' then return { 2 } end
if state == 'released' then return { 3 } end
drop_holds(res)
redis.call('HSET', res, 'state', 'released')
return { 1 }
`;

/**
 * ARGV: resKey. A held reservation loses its holds and is deleted; any other is left alone, and so
 * is one a repeated Reserve was answered with.
 */
export const ABANDON_SCRIPT = `${DROP_HOLDS}
local res = ARGV[1]
if redis.call('HGET', res, 'state') ~= 'held' then return 0 end
if redis.call('HEXISTS', res, 'repeated') == 1 then return 0 end
drop_holds(res)
redis.call('DEL', res)
return 1
`;
