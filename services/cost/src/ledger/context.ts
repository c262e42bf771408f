import { randomUUID } from 'node:crypto';
import { invalidArgument, unavailable } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import {
  budgetsFor,
  budgetView,
  worstState,
  type BudgetPolicy,
  type BudgetRef,
  type BudgetState,
  type BudgetView,
} from '../domain/budget-policy';
import { MAX_RECORD_COST_MICROS } from '../domain/money';
import { utcDay } from '../domain/periods';
import type { PriceTable } from '../domain/price-table';
import {
  priceUsage,
  unpricedChargeMissing,
  type FieldProblem,
  type Usage,
  type UsageInput,
} from '../domain/usage';
import type { CostMetrics } from '../metrics';
import { StoreUnavailableError, type CostStore } from '../store/cost-store';

// What every use case of the ledger shares: options, the clock, validation helpers, the store
// call wrapper and the budget view. Use cases speak gRPC statuses (ServiceError) because every
// failure here is one the caller must see with its code.

export interface VersionedSource<T> {
  current(): T;
  loadedAtMs(): number;
}

export interface LedgerOptions {
  readonly store: CostStore;
  readonly prices: VersionedSource<PriceTable>;
  readonly budgets: VersionedSource<BudgetPolicy>;
  readonly logger: Logger;
  readonly metrics?: CostMetrics;
  readonly now?: () => number;
  /** Reservation TTL when the request gives none, and the longest allowed. */
  readonly defaultReservationTtlMs: number;
  readonly maxReservationTtlMs: number;
  /** Most records in one RecordBatch or Commit. */
  readonly maxBatch: number;
}

export interface RecordOutcome {
  readonly recorded: boolean;
  readonly costMicros: number;
  readonly priced: boolean;
}

export interface BudgetReport {
  readonly budgets: BudgetView[];
  readonly state: BudgetState;
  readonly warnBps: number;
}

export interface LedgerContext {
  readonly options: LedgerOptions;
  readonly store: CostStore;
  readonly now: () => number;
  /** Store trouble becomes UNAVAILABLE: the caller's cue to retry with the same idempotency keys. */
  readonly stored: <T>(op: () => Promise<T>) => Promise<T>;
  /** Throws INVALID_ARGUMENT for a problem, if any. */
  readonly check: (problem: FieldProblem | undefined) => void;
  readonly checkBatchSize: (field: string, n: number, min: number) => void;
  /**
   * Validates and prices every record first: one bad record fails the call and nothing is stored.
   * `prices`: the table to price with (default: the one in force); a caller that reports the
   * version takes the table first, since a reload may replace it while the records are written.
   */
  readonly priceAll: (
    inputs: readonly UsageInput[],
    fieldOf: (index: number) => string,
    prices?: PriceTable,
  ) => Usage[];
  /** Records through store.record and reports the outcomes. */
  readonly record: (usages: readonly Usage[]) => Promise<RecordOutcome[]>;
  /** Outcomes of records a store call has written (metrics, the unpriced warning). */
  readonly outcomes: (usages: readonly Usage[], recorded: readonly boolean[]) => RecordOutcome[];
  /**
   * The budgets that apply to a scope on a UTC day (its daily budgets are that day's), the
   * feature's limited by the caller's cap when it gave one (> 0, feature_cap_micros): its policy
   * caps features by what it knows of them (the router: the test path), in place of ours.
   */
  readonly budgetsOn: (
    scope: { tenant: string; session: string; feature: string },
    day: string,
    featureCapMicros: number,
  ) => BudgetRef[];
  /** The budgets that apply to a scope today (featureCapMicros as in budgetsOn). */
  readonly budgetsToday: (
    scope: { tenant: string; session: string; feature: string },
    featureCapMicros: number,
  ) => BudgetRef[];
  /** Throws INVALID_ARGUMENT for a bad feature_cap_micros (of a call about `feature`). */
  readonly checkFeatureCap: (featureCapMicros: number, feature: string) => void;
  readonly views: (refs: readonly BudgetRef[]) => Promise<BudgetReport>;
}

/** The feature budget's limit is the caller's cap when it gave one (> 0). */
function capped(refs: BudgetRef[], featureCapMicros: number): BudgetRef[] {
  if (featureCapMicros <= 0) return refs;
  return refs.map((ref) => (ref.kind === 'feature' ? { ...ref, limitMicros: featureCapMicros } : ref));
}

export function createLedgerContext(options: LedgerOptions): LedgerContext {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const warnedModels = new Set<string>();
  /** Price versions already logged for having no paid rate to charge unpriced usage with. */
  const uncharged = new Set<string>();

  async function stored<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err: unknown) {
      if (err instanceof StoreUnavailableError) throw unavailable(err.message);
      throw err;
    }
  }

  function outcomes(usages: readonly Usage[], recorded: readonly boolean[]): RecordOutcome[] {
    const fresh = usages.filter((_, i) => recorded[i] === true);
    options.metrics?.recorded(fresh);
    for (const u of fresh) {
      if (!u.priced && !warnedModels.has(u.model)) {
        // Once per model and process: the metric carries the count, the log says what to fix.
        warnedModels.add(u.model);
        logger.warn(
          { model: u.model, priceVersion: options.prices.current().version },
          'usage recorded for a model with no price: add it to the price table (budgets charge it at the dearest rates of the table meanwhile)',
        );
      }
      if (unpricedChargeMissing(u)) {
        // The table has no paid rate to charge it with: spend no budget can see. Once per table
        // version (the unpriced-records metric counts each record).
        const version = options.prices.current().version;
        if (!uncharged.has(version)) {
          uncharged.add(version);
          logger.error(
            { model: u.model, priceVersion: version },
            'unpriced usage recorded that no budget can count: the price table has no paid rate to charge it with; add the model (and its rates) to the price table',
          );
        }
      }
    }
    return usages.map((u, i) => ({
      recorded: recorded[i] === true,
      costMicros: u.costMicros,
      priced: u.priced,
    }));
  }

  return {
    options,
    store,
    now,
    stored,
    outcomes,
    check(problem) {
      if (problem) throw invalidArgument(problem.field, problem.why);
    },
    checkBatchSize(field, n, min) {
      if (n < min || n > options.maxBatch)
        throw invalidArgument(field, `must hold ${min} to ${options.maxBatch} records, got ${n}`);
    },
    priceAll(inputs, fieldOf, prices = options.prices.current()) {
      const t = now();
      return inputs.map((input, i) => {
        const r = priceUsage(input, { prices, nowMs: t, newKey: randomUUID });
        if ('problem' in r) throw invalidArgument(`${fieldOf(i)}.${r.problem.field}`, r.problem.why);
        return r.usage;
      });
    },
    async record(usages) {
      options.metrics?.annotate(usages);
      return outcomes(usages, await stored(() => store.record(usages)));
    },
    budgetsOn: (scope, day, cap) => capped(budgetsFor(options.budgets.current(), scope, day), cap),
    budgetsToday: (scope, cap) => capped(budgetsFor(options.budgets.current(), scope, utcDay(now())), cap),
    checkFeatureCap(cap, feature) {
      if (!Number.isSafeInteger(cap) || cap < 0 || cap > MAX_RECORD_COST_MICROS)
        throw invalidArgument('feature_cap_micros', `must be 0 to ${MAX_RECORD_COST_MICROS} micro-dollars`);
      if (cap > 0 && feature === '')
        throw invalidArgument('feature_cap_micros', 'needs feature_id (the feature it caps)');
    },
    async views(refs) {
      const warnBps = options.budgets.current().warnBps;
      const usage = await stored(() => store.budgetUsage(refs));
      const budgets = usage.map((u) =>
        budgetView(u.ref, u.spentMicros, u.heldMicros, warnBps, u.unpricedChargeMicros),
      );
      return { budgets, state: worstState(budgets.map((b) => b.state)), warnBps };
    },
  };
}
