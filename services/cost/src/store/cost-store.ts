import type { Aggregate, AggregateRef } from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';
import { DAY_BUCKET_DAYS, WEEK_BUCKET_DAYS } from '../domain/periods';
import type { Usage } from '../domain/usage';

// One interface, two backends (Redis for production, memory for the embedded default), one contract
// suite (test/contract) that both must pass. Each backend owns an injected clock (`now`), the same one
// the service uses, so expiry is testable without sleeping. Every write is atomic per call: a record's idempotency
// check, its aggregate increments and its log entry happen together or not at all.

export type ReservationState = 'held' | 'committed' | 'released';

export interface Reservation {
  readonly id: string;
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly amountMicros: number;
  /**
   * The feature budget's limit the caller's Reserve set (feature_cap_micros), 0 = this service's
   * own: Commit reports the feature budget the reservation was held against.
   */
  readonly featureCapMicros: number;
  readonly createdAtMs: number;
  /**
   * The UTC day it was made on, whose daily budgets hold it: its Commit's records are filed under
   * this day, so a day's spend is what that day's Reserve calls counted ('' = unknown: by their own
   * time).
   */
  readonly day: string;
  /** After this the hold no longer counts against any budget (it may still be committed). */
  readonly expiresAtMs: number;
  readonly state: ReservationState;
}

export interface ReserveRequest {
  readonly id: string;
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly amountMicros: number;
  /** Kept with the reservation (Reservation.featureCapMicros); absent = 0. */
  readonly featureCapMicros?: number;
  /** Checked and held together, atomically; all must have room or nothing is held. */
  readonly budgets: readonly BudgetRef[];
  /** The UTC day of the daily budgets in `budgets` (Reservation.day); absent = the store's today. */
  readonly day?: string;
  readonly ttlMs: number;
}

export interface BudgetUsage {
  readonly ref: BudgetRef;
  /**
   * Recorded spend in the budget's scope as budgets count it: priced spend plus
   * unpricedChargeMicros.
   */
  readonly spentMicros: number;
  /** The part of spentMicros that charges unpriced usage (Totals.unpricedChargeMicros). */
  readonly unpricedChargeMicros: number;
  /** Live (unexpired, uncommitted) reservations. */
  readonly heldMicros: number;
}

export type ReserveResult =
  /** existing: a reservation with this id was already there (an idempotent repeat), nothing changed. */
  | { readonly ok: true; readonly reservation: Reservation; readonly existing: boolean }
  | { readonly ok: false; readonly exceeded: BudgetUsage };

export type CommitResult =
  /** recorded[i] false: usage i's idempotency key had already been recorded. */
  | { readonly kind: 'committed'; readonly reservation: Reservation; readonly recorded: readonly boolean[] }
  /** The reservation had been committed before: nothing changed (nothing recorded). */
  | { readonly kind: 'already_committed'; readonly reservation: Reservation }
  | { readonly kind: 'released'; readonly reservation: Reservation }
  | { readonly kind: 'not_found' };

export type ReleaseResult =
  | { readonly kind: 'released'; readonly reservation: Reservation }
  | { readonly kind: 'already_released'; readonly reservation: Reservation }
  | { readonly kind: 'committed'; readonly reservation: Reservation }
  | { readonly kind: 'not_found' };

/** A log entry as stored (the append-only audit trail). */
export type LoggedUsage = Usage;

export interface CostStore {
  readonly kind: 'memory' | 'redis';
  /** Records each usage once per (tenant, idempotency key); true = newly recorded, false = duplicate. */
  record(usages: readonly Usage[]): Promise<boolean[]>;
  readAggregates(refs: readonly AggregateRef[]): Promise<Aggregate[]>;
  budgetUsage(refs: readonly BudgetRef[]): Promise<BudgetUsage[]>;
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  getReservation(id: string): Promise<Reservation | undefined>;
  /**
   * If the reservation is held (even past its expiry): records `usages` and drops the hold, in one
   * atomic step. Otherwise records nothing.
   */
  commit(id: string, usages: readonly Usage[]): Promise<CommitResult>;
  release(id: string): Promise<ReleaseResult>;
  /**
   * Undoes a reservation its caller never learned of (the call was cancelled or timed out before
   * the answer): if still held, drops its holds and forgets it, so a Reserve repeated with the same
   * idempotency key holds afresh. Anything else is left as it is, including a reservation a
   * repeated Reserve (same id) was answered with: the caller's retry may hold that id by now.
   */
  abandon(id: string): Promise<void>;
  /** Newest first, from the entry log of one UTC day. */
  readLog(day: string, limit: number): Promise<LoggedUsage[]>;
  /** True when writes can be accepted (Redis connected). */
  isReady(): boolean;
  close(): Promise<void>;
}

/** Retention, from REFERENCE.md (entries and daily aggregates 30 d, weekly 90 d, sessions 1 h). */
export interface Retention {
  readonly logSeconds: number;
  readonly daySeconds: number;
  readonly weekSeconds: number;
  /** Sliding: refreshed by every write to the session. */
  readonly sessionSeconds: number;
  /** Sliding, like sessions. */
  readonly featureSeconds: number;
  /** The proto promises deduplication within 30 days. */
  readonly idempotencySeconds: number;
  /** A reservation stays readable this long after it expires, so a late Commit still finds it. */
  readonly reservationGraceSeconds: number;
  /** Approximate cap on log entries per day (XADD MAXLEN ~). */
  readonly logMaxPerDay: number;
}

export const DEFAULT_RETENTION: Retention = Object.freeze({
  logSeconds: DAY_BUCKET_DAYS * 86_400,
  daySeconds: DAY_BUCKET_DAYS * 86_400,
  weekSeconds: WEEK_BUCKET_DAYS * 86_400,
  sessionSeconds: 3_600,
  featureSeconds: 30 * 86_400,
  idempotencySeconds: 30 * 86_400,
  reservationGraceSeconds: 86_400,
  logMaxPerDay: 1_000_000,
});

/** Where a budget's spend is read from. */
export function spendScopeOf(ref: BudgetRef): AggregateRef {
  switch (ref.kind) {
    case 'session':
      return { scope: { kind: 'session', session: ref.session }, bucket: { period: 'lifetime' } };
    case 'feature':
      return { scope: { kind: 'feature', feature: ref.feature }, bucket: { period: 'lifetime' } };
    case 'tenant_daily':
      return { scope: { kind: 'tenant', tenant: ref.tenant }, bucket: { period: 'day', day: ref.day } };
    case 'global_daily':
      return { scope: { kind: 'global' }, bucket: { period: 'day', day: ref.day } };
  }
}

/**
 * Seconds to keep a day or week bucket (or a day's log) written at `nowMs`: `seconds` after the
 * write, or after the start of its day or week when the write comes first (a record timestamped up
 * to 5 minutes ahead is filed under a day that has not begun yet). Reports rely on a day being kept
 * 30 days from its start (README), so no write may start that count early.
 */
export function keptSeconds(seconds: number, periodStartMs: number, nowMs: number): number {
  return seconds + Math.max(0, Math.ceil((periodStartMs - nowMs) / 1000));
}

/** The backend cannot take the request right now (Redis down, failover, not replicated): retryable. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}
