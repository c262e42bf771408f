import { addMicros } from './money';
import { isoWeek, utcDay } from './periods';
import type { Usage } from './usage';

// What the stores keep per bucket: totals plus breakdowns by agent, model, feature and tier.
// Both backends must agree on which buckets a record lands in, so that decision lives here.

export type ScopeRef =
  | { readonly kind: 'global' }
  | { readonly kind: 'tenant'; readonly tenant: string }
  | { readonly kind: 'session'; readonly tenant: string; readonly session: string }
  | { readonly kind: 'feature'; readonly tenant: string; readonly feature: string };

/** Global and tenant scopes are bucketed by UTC day and ISO week; sessions and features are whole. */
export type BucketRef =
  | { readonly period: 'day'; readonly day: string }
  | { readonly period: 'week'; readonly week: string }
  | { readonly period: 'lifetime' };

export interface AggregateRef {
  readonly scope: ScopeRef;
  readonly bucket: BucketRef;
}

export const DIMENSIONS = ['agent', 'model', 'feature', 'tier'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface Counts {
  /** Sum of priced records only. */
  costMicros: number;
  /** Every record, priced or not. */
  count: number;
  /** Records whose model had no price: reported separately, never as $0 spend. */
  unpricedCount: number;
}

export interface Totals extends Counts {
  inputTokens: number;
  outputTokens: number;
}

export interface Aggregate {
  readonly totals: Totals;
  readonly by: Record<Dimension, Map<string, Counts>>;
}

export function emptyCounts(): Counts {
  return { costMicros: 0, count: 0, unpricedCount: 0 };
}

export function emptyAggregate(): Aggregate {
  return {
    totals: { ...emptyCounts(), inputTokens: 0, outputTokens: 0 },
    by: { agent: new Map(), model: new Map(), feature: new Map(), tier: new Map() },
  };
}

/** The buckets one record is added to. */
export function bucketsFor(usage: Usage): AggregateRef[] {
  const day: BucketRef = { period: 'day', day: utcDay(usage.occurredAtMs) };
  const week: BucketRef = { period: 'week', week: isoWeek(usage.occurredAtMs) };
  const tenant: ScopeRef = { kind: 'tenant', tenant: usage.tenant };
  const refs: AggregateRef[] = [
    { scope: { kind: 'global' }, bucket: day },
    { scope: tenant, bucket: day },
    { scope: { kind: 'global' }, bucket: week },
    { scope: tenant, bucket: week },
  ];
  if (usage.session !== '')
    refs.push({ scope: { kind: 'session', tenant: usage.tenant, session: usage.session }, bucket: { period: 'lifetime' } });
  if (usage.feature !== '')
    refs.push({ scope: { kind: 'feature', tenant: usage.tenant, feature: usage.feature }, bucket: { period: 'lifetime' } });
  return refs;
}

/** The breakdown key of a record in each dimension ('' feature is filed under "(none)"). */
export function dimensionKeys(usage: Usage): Record<Dimension, string> {
  return { agent: usage.agent, model: usage.model, feature: usage.feature === '' ? NO_FEATURE : usage.feature, tier: usage.tier };
}
export const NO_FEATURE = '(none)';

function addCounts(into: Counts, from: Counts): void {
  into.costMicros = addMicros(into.costMicros, from.costMicros);
  into.count += from.count;
  into.unpricedCount += from.unpricedCount;
}

export function countsOf(usage: Usage): Counts {
  return { costMicros: usage.priced ? usage.costMicros : 0, count: 1, unpricedCount: usage.priced ? 0 : 1 };
}

/** Adds one record to an aggregate in place (the in-memory store's write path). */
export function addUsage(agg: Aggregate, usage: Usage): void {
  const counts = countsOf(usage);
  addCounts(agg.totals, counts);
  agg.totals.inputTokens += usage.inputTokens;
  agg.totals.outputTokens += usage.outputTokens;
  const keys = dimensionKeys(usage);
  for (const dim of DIMENSIONS) {
    const map = agg.by[dim];
    const key = keys[dim];
    const existing = map.get(key);
    if (existing) addCounts(existing, counts);
    else map.set(key, { ...counts });
  }
}

/** Sums aggregates (e.g. the days of a range) into a new one. */
export function mergeAggregates(aggs: readonly Aggregate[]): Aggregate {
  const out = emptyAggregate();
  for (const agg of aggs) {
    addCounts(out.totals, agg.totals);
    out.totals.inputTokens += agg.totals.inputTokens;
    out.totals.outputTokens += agg.totals.outputTokens;
    for (const dim of DIMENSIONS)
      for (const [key, counts] of agg.by[dim]) {
        const existing = out.by[dim].get(key);
        if (existing) addCounts(existing, counts);
        else out.by[dim].set(key, { ...counts });
      }
  }
  return out;
}
