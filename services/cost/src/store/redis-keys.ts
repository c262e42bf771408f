import type { AggregateRef, Dimension } from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';

// The Redis key layout, in one place. Every user-supplied id (tenant, session, feature, agent,
// model, tier, idempotency key, reservation id) is base64url-encoded before it becomes part of a
// key or a hash field. base64url has no ':' and no '{' / '}', so an id can neither collide with
// another key ("a:b" + "c" vs "a" + "b:c"), nor reach outside `sa:cost:`, nor pick a Cluster hash
// slot. Days and weeks are validated formats, checked again here.
//
//   sa:cost:idem:<tenant>:<key>              string  idempotency marker            30 d
//   sa:cost:agg:day:<YYYY-MM-DD>:g           hash    global totals of a UTC day     30 d
//   sa:cost:agg:day:<YYYY-MM-DD>:t:<tenant>  hash    tenant totals of a UTC day     30 d
//   sa:cost:agg:week:<YYYY-Www>:g | :t:<t>   hash    ISO-week totals                90 d
//   sa:cost:agg:session:<session>            hash    session totals (sliding)       1 h
//   sa:cost:agg:feature:<feature>            hash    feature totals (sliding)       30 d
//   sa:cost:log:<YYYY-MM-DD>                 stream  append-only entry log          30 d, MAXLEN ~
//   sa:cost:res:<id>                         hash    a reservation                  ttl + 24 h
//   sa:cost:hold:session:<session> | feature:<feature> | tenant:<day>:<tenant> | global:<day>
//                                            zset    live holds, score = expiry     ttl + 1 min
//
// Aggregate hash fields: c (priced µ$), n (records), u (unpriced records), i / o (tokens), and per
// breakdown key <a|m|f|t>:<id>:<c|n|u|i|o> for agent, model, feature, tier.

export const PREFIX = 'sa:cost:';

export function enc(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
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

export function idempotencyKey(tenant: string, key: string): string {
  return `${PREFIX}idem:${enc(tenant)}:${enc(key)}`;
}

export function aggregateKey(ref: AggregateRef): string {
  const s = ref.scope;
  const b = ref.bucket;
  if (s.kind === 'session') return `${PREFIX}agg:session:${enc(s.session)}`;
  if (s.kind === 'feature') return `${PREFIX}agg:feature:${enc(s.feature)}`;
  const bucket =
    b.period === 'day'
      ? `day:${checked(b.day, DAY, 'day')}`
      : b.period === 'week'
        ? `week:${checked(b.week, WEEK, 'week')}`
        : undefined;
  if (bucket === undefined) throw new RangeError(`${s.kind} aggregates are bucketed by day or week`);
  return `${PREFIX}agg:${bucket}:${s.kind === 'global' ? 'g' : `t:${enc(s.tenant)}`}`;
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

export const DIMENSION_PREFIX: Record<Dimension, string> = { agent: 'a', model: 'm', feature: 'f', tier: 't' };
