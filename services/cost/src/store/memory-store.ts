import {
  addUsage,
  bucketsFor,
  emptyAggregate,
  filingMs,
  mergeAggregates,
  type Aggregate,
  type AggregateRef,
} from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';
import { dayStartMs, isoWeekStartMs, utcDay } from '../domain/periods';
import type { Usage } from '../domain/usage';
import {
  DEFAULT_RETENTION,
  keptSeconds,
  spendScopeOf,
  type BudgetUsage,
  type CommitResult,
  type CostStore,
  type ReleaseResult,
  type Reservation,
  type ReserveRequest,
  type ReserveResult,
  type Retention,
} from './cost-store';

// The embedded default. Atomicity comes from JavaScript itself: each operation runs in one
// synchronous section (no await between check and write), so concurrent calls cannot interleave.
// Expiry is lazy (checked on read) plus an occasional sweep on write, so there is no timer to leak.

interface Expiring<T> {
  value: T;
  expiresAtMs: number;
}

interface StoredReservation {
  reservation: Reservation;
  holdKeys: string[];
  /** A repeated Reserve was answered with it: some caller knows it, so it is never abandoned. */
  repeated: boolean;
}

interface Hold {
  amountMicros: number;
  expiresAtMs: number;
}

const SWEEP_EVERY_MS = 60_000;

/**
 * A day's log: the newest `capacity` entries in a ring, so an append costs O(1) also once the
 * cap is reached (the oldest entry is overwritten, where dropping it from the front of an array
 * moved every other entry).
 */
class DayLog<T> {
  private readonly entries: T[] = [];
  /** Once full: the slot of the oldest entry, the next to be overwritten. */
  private oldest = 0;

  constructor(private readonly capacity: number) {}

  append(entry: T): void {
    if (this.entries.length < this.capacity) this.entries.push(entry);
    else if (this.capacity > 0) {
      this.entries[this.oldest] = entry;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
  }

  /** The newest `limit` entries, newest first. */
  newest(limit: number): T[] {
    const n = this.entries.length;
    const out: T[] = [];
    for (let k = 0; k < Math.min(limit, n); k++)
      out.push(this.entries[(this.oldest - 1 - k + 2 * n) % n] as T);
    return out;
  }
}

export function aggregateKey(ref: AggregateRef): string {
  const s = ref.scope;
  const scope =
    s.kind === 'global'
      ? [s.kind]
      : s.kind === 'tenant'
        ? [s.kind, s.tenant]
        : s.kind === 'session'
          ? [s.kind, s.session]
          : [s.kind, s.feature];
  const b = ref.bucket;
  const bucket =
    b.period === 'day' ? [b.period, b.day] : b.period === 'week' ? [b.period, b.week] : [b.period];
  return JSON.stringify([...scope, ...bucket]);
}

function holdKey(ref: BudgetRef): string {
  switch (ref.kind) {
    case 'session':
      return JSON.stringify([ref.kind, ref.session]);
    case 'feature':
      return JSON.stringify([ref.kind, ref.feature]);
    case 'tenant_daily':
      return JSON.stringify([ref.kind, ref.tenant, ref.day]);
    case 'global_daily':
      return JSON.stringify([ref.kind, ref.day]);
  }
}

export interface MemoryStoreOptions {
  readonly retention?: Retention;
  readonly now?: () => number;
}

export function createMemoryCostStore(options: MemoryStoreOptions = {}): CostStore {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const now = options.now ?? Date.now;
  const idempotency = new Map<string, number>();
  const aggregates = new Map<string, Expiring<Aggregate>>();
  const logs = new Map<string, DayLog<Usage>>();
  const reservations = new Map<string, Expiring<StoredReservation>>();
  const holds = new Map<string, Map<string, Hold>>();
  let lastSweep = now();

  /** Seconds a write at `t` keeps a bucket of a record filed at `at`. */
  const ttlFor = (ref: AggregateRef, at: number, t: number): number => {
    if (ref.bucket.period === 'day') return keptSeconds(retention.daySeconds, dayStartMs(at), t);
    if (ref.bucket.period === 'week') return keptSeconds(retention.weekSeconds, isoWeekStartMs(at), t);
    return ref.scope.kind === 'session' ? retention.sessionSeconds : retention.featureSeconds;
  };

  function sweep(t: number): void {
    if (t - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = t;
    for (const [k, exp] of idempotency) if (exp <= t) idempotency.delete(k);
    for (const [k, e] of aggregates) if (e.expiresAtMs <= t) aggregates.delete(k);
    for (const [k, e] of reservations) if (e.expiresAtMs <= t) reservations.delete(k);
    for (const [k, m] of holds) {
      for (const [id, h] of m) if (h.expiresAtMs <= t) m.delete(id);
      if (m.size === 0) holds.delete(k);
    }
    const oldestDay = utcDay(t - retention.logSeconds * 1000);
    for (const day of logs.keys()) if (day < oldestDay) logs.delete(day);
  }

  function liveAggregate(key: string, t: number): Aggregate | undefined {
    const e = aggregates.get(key);
    return e && e.expiresAtMs > t ? e.value : undefined;
  }

  /** The synchronous core of Record and Commit. */
  function recordOne(usage: Usage, t: number): boolean {
    const idemKey = JSON.stringify([usage.tenant, usage.idempotencyKey]);
    const seen = idempotency.get(idemKey);
    if (seen !== undefined && seen > t) return false;
    idempotency.set(idemKey, t + retention.idempotencySeconds * 1000);
    const at = filingMs(usage);
    for (const ref of bucketsFor(usage)) {
      const key = aggregateKey(ref);
      const agg = liveAggregate(key, t) ?? emptyAggregate();
      addUsage(agg, usage);
      // Every write refreshes the TTL, as EXPIRE does in the Redis backend.
      aggregates.set(key, { value: agg, expiresAtMs: t + ttlFor(ref, at, t) * 1000 });
    }
    const day = utcDay(at);
    let log = logs.get(day);
    if (!log) logs.set(day, (log = new DayLog<Usage>(retention.logMaxPerDay)));
    log.append(usage);
    return true;
  }

  function heldIn(key: string, t: number): number {
    let sum = 0;
    const m = holds.get(key);
    if (m) for (const h of m.values()) if (h.expiresAtMs > t) sum += h.amountMicros;
    return sum;
  }

  function usageOf(ref: BudgetRef, t: number): BudgetUsage {
    const totals = liveAggregate(aggregateKey(spendScopeOf(ref)), t)?.totals;
    const charge = totals?.unpricedChargeMicros ?? 0;
    return {
      ref,
      // Unpriced usage counts at its conservative charge (README, Budgets).
      spentMicros: (totals?.costMicros ?? 0) + charge,
      unpricedChargeMicros: charge,
      heldMicros: heldIn(holdKey(ref), t),
    };
  }

  function dropHolds(stored: StoredReservation): void {
    for (const key of stored.holdKeys) holds.get(key)?.delete(stored.reservation.id);
  }

  function find(id: string, t: number): StoredReservation | undefined {
    const e = reservations.get(id);
    return e && e.expiresAtMs > t ? e.value : undefined;
  }

  return {
    kind: 'memory',

    async record(usages) {
      const t = now();
      sweep(t);
      return usages.map((u) => recordOne(u, t));
    },

    async readAggregates(refs) {
      const t = now();
      return refs.map((ref) => mergeAggregates([liveAggregate(aggregateKey(ref), t) ?? emptyAggregate()]));
    },

    async budgetUsage(refs) {
      const t = now();
      return refs.map((ref) => usageOf(ref, t));
    },

    async reserve(request: ReserveRequest): Promise<ReserveResult> {
      const t = now();
      sweep(t);
      const existing = find(request.id, t);
      if (existing) {
        existing.repeated = true;
        return { ok: true, reservation: existing.reservation, existing: true };
      }
      for (const ref of request.budgets) {
        const u = usageOf(ref, t);
        if (u.spentMicros + u.heldMicros + request.amountMicros > ref.limitMicros)
          return { ok: false, exceeded: u };
      }
      const reservation: Reservation = {
        id: request.id,
        tenant: request.tenant,
        session: request.session,
        feature: request.feature,
        amountMicros: request.amountMicros,
        featureCapMicros: request.featureCapMicros ?? 0,
        createdAtMs: t,
        day: request.day ?? utcDay(t),
        expiresAtMs: t + request.ttlMs,
        state: 'held',
      };
      const holdKeys = request.budgets.map(holdKey);
      for (const key of holdKeys) {
        const m = holds.get(key) ?? new Map<string, Hold>();
        m.set(request.id, { amountMicros: request.amountMicros, expiresAtMs: reservation.expiresAtMs });
        holds.set(key, m);
      }
      reservations.set(request.id, {
        value: { reservation, holdKeys, repeated: false },
        expiresAtMs: reservation.expiresAtMs + retention.reservationGraceSeconds * 1000,
      });
      return { ok: true, reservation, existing: false };
    },

    async getReservation(id) {
      return find(id, now())?.reservation;
    },

    async commit(id, usages): Promise<CommitResult> {
      const t = now();
      const stored = find(id, t);
      if (!stored) return { kind: 'not_found' };
      const state = stored.reservation.state;
      if (state === 'committed') return { kind: 'already_committed', reservation: stored.reservation };
      if (state === 'released') return { kind: 'released', reservation: stored.reservation };
      dropHolds(stored);
      stored.reservation = { ...stored.reservation, state: 'committed' };
      const recorded = usages.map((u) => recordOne(u, t));
      return { kind: 'committed', reservation: stored.reservation, recorded };
    },

    async release(id): Promise<ReleaseResult> {
      const stored = find(id, now());
      if (!stored) return { kind: 'not_found' };
      const state = stored.reservation.state;
      if (state === 'committed') return { kind: 'committed', reservation: stored.reservation };
      if (state === 'released') return { kind: 'already_released', reservation: stored.reservation };
      dropHolds(stored);
      stored.reservation = { ...stored.reservation, state: 'released' };
      return { kind: 'released', reservation: stored.reservation };
    },

    async abandon(id) {
      const stored = find(id, now());
      if (stored?.reservation.state !== 'held' || stored.repeated) return;
      dropHolds(stored);
      reservations.delete(id);
    },

    async readLog(day, limit) {
      return logs.get(day)?.newest(limit) ?? [];
    },

    isReady: () => true,
    async close() {},
  };
}
