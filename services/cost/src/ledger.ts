import { createHash, randomUUID } from 'node:crypto';
import {
  failedPrecondition,
  invalidArgument,
  notFound,
  resourceExhausted,
  unavailable,
} from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { mergeAggregates, type Aggregate, type AggregateRef, type ScopeRef } from './domain/aggregate';
import {
  budgetName,
  budgetsFor,
  budgetView,
  enforced,
  featureCapMicros,
  worstState,
  type BudgetPolicy,
  type BudgetRef,
  type BudgetState,
  type BudgetView,
} from './domain/budget-policy';
import { formatMicros, MAX_RECORD_COST_MICROS } from './domain/money';
import { lastDays, parseDay, utcDay } from './domain/periods';
import type { PriceTable } from './domain/price-table';
import {
  byCost,
  byTierOrder,
  MAX_TREND_DAYS,
  resolvePeriod,
  trendOf,
  type BreakdownRow,
  type PeriodInput,
  type TrendPoint,
} from './domain/report';
import { checkId, DEFAULT_TENANT, MAX_BYTES, priceUsage, type Usage, type UsageInput } from './domain/usage';
import type { CostMetrics } from './metrics';
import { StoreUnavailableError, type CostStore, type Reservation } from './store/cost-store';

// The service's use cases: validate, price, check budgets, call the store, shape the answer.
// Transport-free (handlers map protos in and out) but speaks gRPC statuses through ServiceError,
// because every failure here is one the caller must see with its code.

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

export interface ReserveInput {
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly estimateMicros: number;
  readonly ttlMs: number;
  readonly idempotencyKey: string;
  readonly taskId: string;
}

export interface BudgetReport {
  readonly budgets: BudgetView[];
  readonly state: BudgetState;
  readonly warnBps: number;
}

export interface CommitOutcome extends BudgetReport {
  readonly committedMicros: number;
  readonly releasedMicros: number;
  readonly overrunMicros: number;
  readonly results: RecordOutcome[];
}

export type ReportScopeKind = 'global' | 'tenant' | 'session' | 'feature';

export interface ReportQuery {
  readonly scope: ReportScopeKind;
  readonly scopeId: string;
  readonly period: PeriodInput;
  readonly trendDays: number;
}

export interface Report extends BudgetReport {
  readonly totals: Aggregate['totals'];
  readonly byAgent: BreakdownRow[];
  readonly byModel: BreakdownRow[];
  readonly byFeature: BreakdownRow[];
  readonly byTier: BreakdownRow[];
  readonly trend: TrendPoint[];
  readonly fromDay: string;
  readonly toDay: string;
  readonly priceVersion: string;
}

const MAX_RESERVATION_ID_BYTES = 128;

export interface Ledger {
  /** One record (Record): problems name `record.<field>`. */
  recordOne(input: UsageInput | undefined): Promise<{ outcome: RecordOutcome; priceVersion: string }>;
  /** 1..maxBatch records (RecordBatch): problems name `records[i].<field>`. */
  recordBatch(inputs: readonly UsageInput[]): Promise<{ outcomes: RecordOutcome[]; priceVersion: string }>;
  reserve(input: ReserveInput): Promise<{ reservation: Reservation } & BudgetReport>;
  commit(reservationId: string, inputs: readonly UsageInput[]): Promise<CommitOutcome>;
  release(reservationId: string): Promise<{ released: boolean; releasedMicros: number }>;
  report(query: ReportQuery): Promise<Report>;
  budget(scope: { tenant: string; session: string; feature: string }): Promise<BudgetReport>;
  prices(): { table: PriceTable; loadedAtMs: number };
}

export function createLedger(options: LedgerOptions): Ledger {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const warnedModels = new Set<string>();

  /** Store trouble is the caller's cue to retry (same idempotency keys): UNAVAILABLE. */
  async function stored<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err: unknown) {
      if (err instanceof StoreUnavailableError) throw unavailable(err.message);
      throw err;
    }
  }

  function check(problem: { field: string; why: string } | undefined, prefix = ''): void {
    if (problem) throw invalidArgument(`${prefix}${problem.field}`, problem.why);
  }

  /** Validates and prices every record first: one bad record fails the call and nothing is stored. */
  function priceAll(inputs: readonly UsageInput[], fieldOf: (index: number) => string): Usage[] {
    const prices = options.prices.current();
    const t = now();
    return inputs.map((input, i) => {
      const r = priceUsage(input, { prices, nowMs: t, newKey: randomUUID });
      if ('problem' in r) throw invalidArgument(`${fieldOf(i)}.${r.problem.field}`, r.problem.why);
      return r.usage;
    });
  }

  function afterRecording(usages: readonly Usage[], recorded: readonly boolean[]): RecordOutcome[] {
    const fresh = usages.filter((_, i) => recorded[i] === true);
    options.metrics?.recorded(fresh);
    for (const u of fresh)
      if (!u.priced && !warnedModels.has(u.model)) {
        // Once per model and process: the metric carries the count, the log says what to fix.
        warnedModels.add(u.model);
        logger.warn(
          { model: u.model, priceVersion: options.prices.current().version },
          'usage recorded for a model with no price: add it to the price table',
        );
      }
    return usages.map((u, i) => ({
      recorded: recorded[i] === true,
      costMicros: u.costMicros,
      priced: u.priced,
    }));
  }

  function checkBatchSize(field: string, n: number, min: number): void {
    if (n < min || n > options.maxBatch)
      throw invalidArgument(field, `must hold ${min} to ${options.maxBatch} records, got ${n}`);
  }

  function checkReservationId(id: string): void {
    check(checkId('reservation_id', id, true, MAX_RESERVATION_ID_BYTES));
  }

  async function views(refs: readonly BudgetRef[]): Promise<BudgetReport> {
    const warnBps = options.budgets.current().warnBps;
    const usage = await stored(() => store.budgetUsage(refs));
    const budgets = usage.map((u) => budgetView(u.ref, u.spentMicros, u.heldMicros, warnBps));
    return { budgets, state: worstState(budgets.map((b) => b.state)), warnBps };
  }

  function reservationId(tenant: string, idempotencyKey: string): string {
    if (idempotencyKey === '') return `r_${randomUUID()}`;
    // Deterministic per (tenant, key): a repeated Reserve finds the reservation it made before.
    return `r_${createHash('sha256').update(`${tenant}\u0000${idempotencyKey}`).digest('base64url').slice(0, 32)}`;
  }

  async function recordLoose(usages: readonly Usage[]): Promise<RecordOutcome[]> {
    const recorded = await stored(() => store.record(usages));
    return afterRecording(usages, recorded);
  }

  return {
    async recordOne(input) {
      if (!input) throw invalidArgument('record', 'is required');
      const [outcome] = await recordLoose(priceAll([input], () => 'record'));
      if (!outcome) throw new Error('store answered no outcome for one record');
      return { outcome, priceVersion: options.prices.current().version };
    },

    async recordBatch(inputs) {
      checkBatchSize('records', inputs.length, 1);
      const outcomes = await recordLoose(priceAll(inputs, (i) => `records[${i}]`));
      return { outcomes, priceVersion: options.prices.current().version };
    },

    async reserve(input) {
      check(
        checkId('tenant_id', input.tenant, false) ??
          checkId('session_id', input.session, false) ??
          checkId('feature_id', input.feature, false) ??
          checkId('task_id', input.taskId, false) ??
          checkId('idempotency_key', input.idempotencyKey, false, MAX_BYTES.idempotency_key),
      );
      if (
        !Number.isSafeInteger(input.estimateMicros) ||
        input.estimateMicros < 1 ||
        input.estimateMicros > MAX_RECORD_COST_MICROS
      )
        throw invalidArgument('estimate_micros', `must be 1 to ${MAX_RECORD_COST_MICROS} micro-dollars`);
      if (!Number.isSafeInteger(input.ttlMs) || input.ttlMs < 0 || input.ttlMs > options.maxReservationTtlMs)
        throw invalidArgument('ttl_ms', `must be 0 (default) to ${options.maxReservationTtlMs} ms`);
      const tenant = input.tenant === '' ? DEFAULT_TENANT : input.tenant;
      const scope = { tenant, session: input.session, feature: input.feature };
      const all = budgetsFor(options.budgets.current(), scope, utcDay(now()));
      const result = await stored(() =>
        store.reserve({
          id: reservationId(tenant, input.idempotencyKey),
          ...scope,
          amountMicros: input.estimateMicros,
          budgets: enforced(all),
          ttlMs: input.ttlMs === 0 ? options.defaultReservationTtlMs : input.ttlMs,
        }),
      );
      if (!result.ok) {
        const { ref, spentMicros, heldMicros } = result.exceeded;
        throw resourceExhausted(
          `budget ${budgetName(ref)}`,
          `would exceed ${formatMicros(ref.limitMicros)} (spent ${formatMicros(spentMicros)} + reserved ${formatMicros(heldMicros)} + estimate ${formatMicros(input.estimateMicros)})`,
        );
      }
      logger.debug(
        { reservation: result.reservation.id, taskId: input.taskId, existing: result.existing },
        'reserved',
      );
      return { reservation: result.reservation, ...(await views(all)) };
    },

    async commit(reservationId, inputs) {
      checkReservationId(reservationId);
      checkBatchSize('actual', inputs.length, 0);
      const reservation = await stored(() => store.getReservation(reservationId));
      // Records take the reservation's scope unless they name their own (which must then match),
      // and a key derived from the reservation, so a retried Commit never double counts.
      const scoped = inputs.map((input, i): UsageInput => {
        if (reservation) {
          for (const [field, given, own] of [
            ['tenant_id', input.tenant, reservation.tenant],
            ['session_id', input.session, reservation.session],
            ['feature_id', input.feature, reservation.feature],
          ] as const)
            if (given !== '' && given !== own)
              throw invalidArgument(`actual[${i}].${field}`, 'differs from the reservation');
        }
        return {
          ...input,
          tenant: input.tenant !== '' ? input.tenant : (reservation?.tenant ?? ''),
          session: input.session !== '' ? input.session : (reservation?.session ?? ''),
          feature: input.feature !== '' ? input.feature : (reservation?.feature ?? ''),
          idempotencyKey:
            input.idempotencyKey !== '' ? input.idempotencyKey : `reservation:${reservationId}:${i}`,
        };
      });
      const usages = priceAll(scoped, (i) => `actual[${i}]`);
      if (!reservation) {
        await recordLoose(usages);
        throw notFound(`reservation ${reservationId}${usages.length > 0 ? ' (usage recorded)' : ''}`);
      }
      const result = await stored(() => store.commit(reservationId, usages));
      switch (result.kind) {
        case 'not_found':
          await recordLoose(usages);
          throw notFound(`reservation ${reservationId}${usages.length > 0 ? ' (usage recorded)' : ''}`);
        case 'released':
          await recordLoose(usages);
          throw failedPrecondition(
            `reservation ${reservationId} was released${usages.length > 0 ? '; usage recorded' : ''}`,
          );
        case 'already_committed': {
          // A retried Commit: the records are duplicates (same keys) and nothing changes.
          const results = await recordLoose(usages);
          return {
            committedMicros: 0,
            releasedMicros: 0,
            overrunMicros: 0,
            results,
            ...(await views(budgetsOf(reservation))),
          };
        }
        case 'committed': {
          const results = afterRecording(usages, result.recorded);
          if (reservation.expiresAtMs <= now())
            throw notFound(
              `reservation ${reservationId} expired at ${new Date(reservation.expiresAtMs).toISOString()} (usage recorded)`,
            );
          const committed = results.reduce(
            (sum, r) => (r.recorded && r.priced ? sum + r.costMicros : sum),
            0,
          );
          return {
            committedMicros: committed,
            releasedMicros: Math.max(0, reservation.amountMicros - committed),
            overrunMicros: Math.max(0, committed - reservation.amountMicros),
            results,
            ...(await views(budgetsOf(reservation))),
          };
        }
      }
    },

    async release(reservationId) {
      checkReservationId(reservationId);
      const reservation = await stored(() => store.getReservation(reservationId));
      if (!reservation) return { released: false, releasedMicros: 0 };
      const result = await stored(() => store.release(reservationId));
      const live = reservation.expiresAtMs > now();
      return result.kind === 'released' && live
        ? { released: true, releasedMicros: reservation.amountMicros }
        : { released: false, releasedMicros: 0 };
    },

    async report(query) {
      const t = now();
      if (query.scope === 'global') {
        if (query.scopeId !== '') throw invalidArgument('scope_id', 'must be empty for GLOBAL');
      } else check(checkId('scope_id', query.scopeId, true));
      if (!Number.isInteger(query.trendDays) || query.trendDays < 0 || query.trendDays > MAX_TREND_DAYS)
        throw invalidArgument('trend_days', `must be 0 to ${MAX_TREND_DAYS}`);
      const period = resolvePeriod(query.period, t);
      if ('problem' in period) throw invalidArgument(period.problem.field, period.problem.why);

      const policy = options.budgets.current();
      const today = utcDay(t);
      let scope: ScopeRef;
      let budgets: BudgetRef[];
      switch (query.scope) {
        case 'global':
          scope = { kind: 'global' };
          budgets = [{ kind: 'global_daily', day: today, limitMicros: policy.globalDailyMicros }];
          break;
        case 'tenant': {
          scope = { kind: 'tenant', tenant: query.scopeId };
          const limit = policy.tenants.get(query.scopeId)?.tenantDailyMicros ?? policy.tenantDailyMicros;
          budgets = [{ kind: 'tenant_daily', tenant: query.scopeId, day: today, limitMicros: limit }];
          break;
        }
        case 'session':
          scope = { kind: 'session', session: query.scopeId };
          budgets = [{ kind: 'session', session: query.scopeId, limitMicros: policy.sessionMicros }];
          break;
        case 'feature':
          scope = { kind: 'feature', feature: query.scopeId };
          budgets = [
            { kind: 'feature', feature: query.scopeId, limitMicros: featureCapMicros(policy, query.scopeId) },
          ];
          break;
      }

      // Sessions and features are kept whole (no day buckets): their reports cover their lifetime.
      const lifetime = scope.kind === 'session' || scope.kind === 'feature';
      const main: AggregateRef[] = lifetime
        ? [{ scope, bucket: { period: 'lifetime' } }]
        : period.kind === 'day'
          ? [{ scope, bucket: { period: 'day', day: period.day } }]
          : period.kind === 'week'
            ? [{ scope, bucket: { period: 'week', week: period.week } }]
            : period.days.map((day) => ({ scope, bucket: { period: 'day' as const, day } }));
      const trendDays = lifetime ? [] : lastDays(parseDay(period.toDay) ?? t, query.trendDays);
      const aggs = await stored(() =>
        store.readAggregates([
          ...main,
          ...trendDays.map((day): AggregateRef => ({ scope, bucket: { period: 'day', day } })),
        ]),
      );
      const merged = mergeAggregates(aggs.slice(0, main.length));
      return {
        totals: merged.totals,
        byAgent: byCost(merged.by.agent),
        byModel: byCost(merged.by.model),
        byFeature: byCost(merged.by.feature),
        byTier: byTierOrder(merged.by.tier),
        trend: trendOf(trendDays, aggs.slice(main.length)),
        fromDay: lifetime ? '' : period.fromDay,
        toDay: lifetime ? '' : period.toDay,
        priceVersion: options.prices.current().version,
        ...(await views(budgets)),
      };
    },

    async budget(input) {
      check(
        checkId('tenant_id', input.tenant, false) ??
          checkId('session_id', input.session, false) ??
          checkId('feature_id', input.feature, false),
      );
      const tenant = input.tenant === '' ? DEFAULT_TENANT : input.tenant;
      return views(budgetsFor(options.budgets.current(), { ...input, tenant }, utcDay(now())));
    },

    prices: () => ({ table: options.prices.current(), loadedAtMs: options.prices.loadedAtMs() }),
  };

  function budgetsOf(r: Reservation): BudgetRef[] {
    return budgetsFor(options.budgets.current(), r, utcDay(now()));
  }
}
