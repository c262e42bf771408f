import { addMicros } from './money';
import { isoWeek, utcDay } from './periods';
import type { Usage } from './usage';

// What the stores keep per bucket: totals plus breakdowns by agent, model, feature and tier.
// Both backends must agree on which buckets a record lands in, so that decision lives here.

/** Session and feature ids are global, as the proto addresses them (GetReport scope_id). */
export type ScopeRef =
  | { readonly kind: 'global' }
  | { readonly kind: 'tenant'; readonly tenant: string }
  | { readonly kind: 'session'; readonly session: string }
  | { readonly kind: 'feature'; readonly feature: string };

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

export interface Totals {
  /** Sum of priced records only. */
  costMicros: number;
  /** Every record, priced or not. */
  count: number;
  /** Records whose model had no price: reported separately, never as $0 spend. */
  unpricedCount: number;
  /**
   * What those unpriced records count against budgets (Usage.unpricedChargeMicros): a budget's
   * spend is costMicros + this. Never part of costMicros, nor reported as spend.
   */
  unpricedChargeMicros: number;
  inputTokens: number;
  outputTokens: number;
}

export interface Aggregate {
  readonly totals: Totals;
  readonly by: Record<Dimension, Map<string, Totals>>;
}

/** Breakdown key of a record without a feature id (the proto: empty feature = "unknown"). */
export const NO_FEATURE = 'unknown';

export function emptyTotals(): Totals {
  return {
    costMicros: 0,
    count: 0,
    unpricedCount: 0,
    unpricedChargeMicros: 0,
    inputTokens: 0,
    outputTokens: 0,
  };
}

export function emptyAggregate(): Aggregate {
  return {
    totals: emptyTotals(),
    by: { agent: new Map(), model: new Map(), feature: new Map(), tier: new Map() },
  };
}

/** The time whose UTC day and ISO week a record is filed under (its day and week buckets, its log). */
export function filingMs(usage: Usage): number {
  return usage.filedAtMs ?? usage.occurredAtMs;
}

/** The buckets one record is added to. */
export function bucketsFor(usage: Usage): AggregateRef[] {
  const at = filingMs(usage);
  const day: BucketRef = { period: 'day', day: utcDay(at) };
  const week: BucketRef = { period: 'week', week: isoWeek(at) };
  const tenant: ScopeRef = { kind: 'tenant', tenant: usage.tenant };
  const refs: AggregateRef[] = [
    { scope: { kind: 'global' }, bucket: day },
    { scope: tenant, bucket: day },
    { scope: { kind: 'global' }, bucket: week },
    { scope: tenant, bucket: week },
  ];
  if (usage.session !== '')
    refs.push({ scope: { kind: 'session', session: usage.session }, bucket: { period: 'lifetime' } });
  if (usage.feature !== '')
    refs.push({ scope: { kind: 'feature', feature: usage.feature }, bucket: { period: 'lifetime' } });
  return refs;
}

/** The breakdown key of a record in each dimension. */
export function dimensionKeys(usage: Usage): Record<Dimension, string> {
  return {
    agent: usage.agent,
    model: usage.model,
    feature: usage.feature === '' ? NO_FEATURE : usage.feature,
    tier: usage.tier,
  };
}

export function addTotals(into: Totals, from: Totals): void {
  into.costMicros = addMicros(into.costMicros, from.costMicros);
  into.count += from.count;
  into.unpricedCount += from.unpricedCount;
  into.unpricedChargeMicros = addMicros(into.unpricedChargeMicros, from.unpricedChargeMicros);
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
}

export function totalsOf(usage: Usage): Totals {
  return {
    costMicros: usage.priced ? usage.costMicros : 0,
    count: 1,
    unpricedCount: usage.priced ? 0 : 1,
    unpricedChargeMicros: usage.priced ? 0 : usage.unpricedChargeMicros,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
  };
}

/** Adds one record to an aggregate in place (the in-memory store's write path). */
export function addUsage(agg: Aggregate, usage: Usage): void {
  const t = totalsOf(usage);
  addTotals(agg.totals, t);
  const keys = dimensionKeys(usage);
  for (const dim of DIMENSIONS) {
    const existing = agg.by[dim].get(keys[dim]);
    if (existing) addTotals(existing, t);
    else agg.by[dim].set(keys[dim], { ...t });
  }
}

/** Sums aggregates (e.g. the days of a range) into a new one. */
export function mergeAggregates(aggs: readonly Aggregate[]): Aggregate {
  const out = emptyAggregate();
  for (const agg of aggs) {
    addTotals(out.totals, agg.totals);
    for (const dim of DIMENSIONS)
      for (const [key, t] of agg.by[dim]) {
        const existing = out.by[dim].get(key);
        if (existing) addTotals(existing, t);
        else out.by[dim].set(key, { ...t });
      }
  }
  return out;
}
