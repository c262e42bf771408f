import type { AggregateRef, Dimension } from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';

// The Redis key layout, in one place. Every user-supplied id (tenant, session, feature, agent,
// model, tier, idempotency key, reservation id) is base64url-encoded before it becomes part of a
// key or a hash field. base64url has no ':' and no '{' / '}', so an id can neither collide with
// another key ("a:b" + "c" vs "a" + "b:c"), nor reach outside `sa:cost:`, nor pick a Cluster hash
// slot. Days and weeks are validated formats, checked again here.
//
//   sa:cost:idem:<tenant>:<window>           hash    idempotency keys (fields)     30–60 d
//   sa:cost:agg:day:<YYYY-MM-DD>:g           hash    global totals of a UTC day     30 d (*)
//   sa:cost:agg:day:<YYYY-MM-DD>:t:<tenant>  hash    tenant totals of a UTC day     30 d (*)
//   sa:cost:agg:week:<YYYY-Www>:g | :t:<t>   hash    ISO-week totals                90 d (*)
//   sa:cost:agg:session:<session>            hash    session totals (sliding)       1 h
//   sa:cost:agg:feature:<feature>            hash    feature totals (sliding)       30 d
//   sa:cost:log:<YYYY-MM-DD>                 stream  append-only entry log          30 d (*), MAXLEN ~
//   sa:cost:res:<id>                         hash    a reservation                  ttl + 24 h
//   sa:cost:hold:session:<session> | feature:<feature> | tenant:<day>:<tenant> | global:<day>
//                                            zset    live holds, score = expiry     ttl + 1 min
//
// (*) after the last write, or after the day's (week's) start when that is later (keptSeconds).
//
// Aggregate hash fields: c (priced µ$), n (records), u (unpriced records), uc (what the unpriced
// records count against budgets, µ$; budgets read c + uc), i / o (tokens), and per breakdown key
// <a|m|f|t>:<id>:<c|n|u|uc|i|o> for agent, model, feature, tier. A field is written only once it
// is non-zero, so a hash without unpriced records has no uc.

export const PREFIX = 'sa:cost:';

// The same few tenants, agents, models and sessions come back record after record: encoding is
// memoised (bounded) because it runs several times for every record written.
const ENC_LIMIT = 50_000;
const encoded = new Map<string, string>();

export function enc(id: string): string {
  let e = encoded.get(id);
  if (e === undefined) {
    if (encoded.size >= ENC_LIMIT) encoded.clear();
    e = Buffer.from(id, 'utf8').toString('base64url');
    encoded.set(id, e);
  }
  return e;
}

export function dec(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const WEEK = /^\d{4}-W\d{2}$/;

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new RangeError(`${what} "${value}" is not in the expected format`);
  return value;
}

/**
 * Idempotency keys live as fields of one hash per tenant and window (`window` = floor(time /
 * retention)); a key is looked up in the current and the previous window, so it is remembered for
 * between one and two retention periods, and a whole batch is checked with one HMGET per hash.
 */
export function idempotencyHashKey(tenant: string, window: number): string {
  return `${PREFIX}idem:${enc(tenant)}:${window}`;
}

export function aggregateKey(ref: AggregateRef): string {
  const s = ref.scope;
  const b = ref.bucket;
  if (s.kind === 'session') return sessionKey(s.session);
  if (s.kind === 'feature') return featureKey(s.feature);
  const bucket =
    b.period === 'day'
      ? `day:${checked(b.day, DAY, 'day')}`
      : b.period === 'week'
        ? `week:${checked(b.week, WEEK, 'week')}`
        : undefined;
  if (bucket === undefined) throw new RangeError(`${s.kind} aggregates are bucketed by day or week`);
  return `${PREFIX}agg:${bucket}:${s.kind === 'global' ? 'g' : `t:${enc(s.tenant)}`}`;
}

/** The day and week hashes of a tenant's UTC day (global and the tenant's), built directly: hot path. */
export interface TenantDayKeys {
  readonly dayGlobal: string;
  readonly dayTenant: string;
  readonly weekGlobal: string;
  readonly weekTenant: string;
}

export function tenantDayKeys(tenant: string, day: string, week: string): TenantDayKeys {
  const t = enc(tenant);
  const d = checked(day, DAY, 'day');
  const w = checked(week, WEEK, 'week');
  return {
    dayGlobal: `${PREFIX}agg:day:${d}:g`,
    dayTenant: `${PREFIX}agg:day:${d}:t:${t}`,
    weekGlobal: `${PREFIX}agg:week:${w}:g`,
    weekTenant: `${PREFIX}agg:week:${w}:t:${t}`,
  };
}

export function sessionKey(session: string): string {
  return `${PREFIX}agg:session:${enc(session)}`;
}

export function featureKey(feature: string): string {
  return `${PREFIX}agg:feature:${enc(feature)}`;
}

export function logKey(day: string): string {
  return `${PREFIX}log:${checked(day, DAY, 'day')}`;
}

export function reservationKey(id: string): string {
  return `${PREFIX}res:${enc(id)}`;
}

export function holdKey(ref: BudgetRef): string {
  switch (ref.kind) {
    case 'session':
      return `${PREFIX}hold:session:${enc(ref.session)}`;
    case 'feature':
      return `${PREFIX}hold:feature:${enc(ref.feature)}`;
    case 'tenant_daily':
      return `${PREFIX}hold:tenant:${checked(ref.day, DAY, 'day')}:${enc(ref.tenant)}`;
    case 'global_daily':
      return `${PREFIX}hold:global:${checked(ref.day, DAY, 'day')}`;
  }
}

export const DIMENSION_PREFIX: Record<Dimension, string> = {
  agent: 'a',
  model: 'm',
  feature: 'f',
  tier: 't',
};
