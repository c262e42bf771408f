// Lua run inside Redis, so each check-and-write is one atomic step (no other client's command can
// run in between). Keys are computed by redis-keys.ts and passed in ARGV, not KEYS: that is valid on
// a standalone or Sentinel-managed Redis (our deployments), not on Redis Cluster.
//
// Numbers: Lua numbers are doubles, exact for integers below 2^53 (all our µ$ sums). They are
// formatted with %.0f before reaching HINCRBY, because tostring() would print 1e+15.

/**
 * record_batch(base): the shared body of Record, RecordBatch and Commit.
 * ARGV from `base`: n, idemTtlS, dayTtlS, weekTtlS, sessionTtlS, featureTtlS, logTtlS, logMaxLen,
 * nf, nf log field names, then n records of RECORD_STRIDE(nf) values:
 *   idemKey, logKey, 6 aggregate keys (day global, day tenant, week global, week tenant,
 *   session or '', feature or ''), 4 encoded breakdown ids (agent, model, feature, tier),
 *   priced (1/0), cost µ$, input tokens, output tokens, nf log field values.
 * Returns a list with 1 (recorded) or 0 (duplicate idempotency key) per record. Increments are
 * summed in a Lua table first, so a batch issues one HINCRBY per distinct (key, field).
 */
const RECORD_BATCH = `
local DIMS = { 'a:', 'm:', 'f:', 't:' }
local function record_batch(base)
  local n = tonumber(ARGV[base])
  local idemTtl = ARGV[base + 1]
  local dayTtl, weekTtl = ARGV[base + 2], ARGV[base + 3]
  local ttlOf = { dayTtl, dayTtl, weekTtl, weekTtl, ARGV[base + 4], ARGV[base + 5] }
  local logTtl, logMax = ARGV[base + 6], ARGV[base + 7]
  local nf = tonumber(ARGV[base + 8])
  local logNames = {}
  for j = 1, nf do logNames[j] = ARGV[base + 8 + j] end
  local pos = base + 9 + nf
  local acc, keyTtl, logs, out = {}, {}, {}, {}
  local function add(key, field, delta)
    local h = acc[key]
    if not h then h = {}; acc[key] = h end
    h[field] = (h[field] or 0) + delta
  end
  for r = 1, n do
    if redis.call('SET', ARGV[pos], '1', 'NX', 'EX', idemTtl) then
      out[r] = 1
      local priced = ARGV[pos + 12] == '1'
      local cost = tonumber(ARGV[pos + 13])
      local tin, tout = tonumber(ARGV[pos + 14]), tonumber(ARGV[pos + 15])
      -- Field names are built once per record, then reused for each of its aggregates.
      local metric = priced and 'c' or 'u'
      local delta = priced and cost or 1
      local names = {}
      for d = 1, 4 do
        local dim = DIMS[d] .. ARGV[pos + 7 + d] .. ':'
        names[d] = { dim .. 'n', dim .. 'i', dim .. 'o', dim .. metric }
      end
      for k = 1, 6 do
        local key = ARGV[pos + 1 + k]
        if key ~= '' then
          keyTtl[key] = ttlOf[k]
          add(key, 'n', 1)
          add(key, 'i', tin)
          add(key, 'o', tout)
          add(key, metric, delta)
          for d = 1, 4 do
            local f = names[d]
            add(key, f[1], 1)
            add(key, f[2], tin)
            add(key, f[3], tout)
            add(key, f[4], delta)
          end
        end
      end
      local entry = {}
      for j = 1, nf do
        entry[2 * j - 1] = logNames[j]
        entry[2 * j] = ARGV[pos + 15 + j]
      end
      redis.call('XADD', ARGV[pos + 1], 'MAXLEN', '~', logMax, '*', unpack(entry))
      logs[ARGV[pos + 1]] = true
    else
      out[r] = 0
    end
    pos = pos + 16 + nf
  end
  for key, fields in pairs(acc) do
    for field, delta in pairs(fields) do
      redis.call('HINCRBY', key, field, string.format('%.0f', delta))
    end
    redis.call('EXPIRE', key, keyTtl[key])
  end
  for key in pairs(logs) do redis.call('EXPIRE', key, logTtl) end
  return out
end
`;

export const recordHeaderLength = (logFields: number): number => 9 + logFields;
export const recordStride = (logFields: number): number => 16 + logFields;

/** ARGV: the record_batch section from 1. */
export const RECORD_SCRIPT = `${RECORD_BATCH}
return record_batch(1)
`;

/**
 * Check every budget, then hold in all of them, in one step. A reservation id that already exists
 * is an idempotent repeat: nothing is checked or held again ({2}).
 * ARGV: nowMs, expiresAtMs, amount, resKey, resTtlMs, member, nb, then nb × (holdKey, aggKey,
 * limit, holdTtlMs), then nh and nh (field, value) pairs for the reservation hash.
 * Hold members are "<id>:<amount>" scored by expiry, so the held sum needs no second lookup and
 * expired holds are dropped with one ZREMRANGEBYSCORE.
 * Returns {1}, {2} (exists) or {0, index of the first exceeded budget, spent, held}.
 */
export const RESERVE_SCRIPT = `
if redis.call('EXISTS', ARGV[4]) == 1 then return { 2 } end
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
  local spent = tonumber(redis.call('HGET', agg, 'c') or '0')
  if spent + held + amount > limit then
    return { 0, b, string.format('%.0f', spent), string.format('%.0f', held) }
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
 * ARGV: resKey, then a record_batch section from 2.
 * Returns {-1} unknown, {2} already committed, {3} released, or {1, recorded (1/0) per record...}.
 */
export const COMMIT_SCRIPT = `${RECORD_BATCH}${DROP_HOLDS}
local res = ARGV[1]
local state = redis.call('HGET', res, 'state')
if not state then return { -1 } end
if state == 'committed' then return { 2 } end
if state == 'released' then return { 3 } end
drop_holds(res)
redis.call('HSET', res, 'state', 'committed')
local out = record_batch(2)
table.insert(out, 1, 1)
return out
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
