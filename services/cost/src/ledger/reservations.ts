import { createHash, randomUUID } from 'node:crypto';
import { failedPrecondition, invalidArgument, notFound, resourceExhausted } from '@superagent/grpc';
import { budgetName, enforced, type BudgetRef } from '../domain/budget-policy';
import { formatMicros, MAX_RECORD_COST_MICROS } from '../domain/money';
import { parseDay, utcDay } from '../domain/periods';
import {
  checkId,
  MAX_BYTES,
  namesNoTenant,
  noneIfBlank,
  tenantOrDefault,
  type Usage,
  type UsageInput,
} from '../domain/usage';
import type { Reservation } from '../store/cost-store';
import type { BudgetReport, LedgerContext, RecordOutcome } from './context';

export interface ReserveInput {
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly estimateMicros: number;
  readonly ttlMs: number;
  readonly idempotencyKey: string;
  readonly taskId: string;
  /** The caller's cap for the feature (> 0 replaces this service's feature cap); 0 = ours. */
  readonly featureCapMicros: number;
}

export interface CommitOutcome extends BudgetReport {
  readonly committedMicros: number;
  readonly releasedMicros: number;
  readonly overrunMicros: number;
  readonly results: RecordOutcome[];
}

const MAX_RESERVATION_ID_BYTES = 128;

/** Deterministic per (tenant, key) when a key is given: a repeated Reserve finds its reservation. */
function reservationId(tenant: string, idempotencyKey: string): string {
  if (idempotencyKey === '') return `r_${randomUUID()}`;
  return `r_${createHash('sha256').update(`${tenant}\u0000${idempotencyKey}`).digest('base64url').slice(0, 32)}`;
}

/** Why a reservation holds nothing any more, or undefined while it holds its amount. */
function noLongerHeld(reservation: Reservation, nowMs: number): string | undefined {
  if (reservation.state !== 'held') return `was already ${reservation.state}`;
  if (reservation.expiresAtMs <= nowMs)
    return `expired at ${new Date(reservation.expiresAtMs).toISOString()}`;
  return undefined;
}

/** Reserve, Commit and Release. */
export function reservationUseCases(ctx: LedgerContext) {
  const { store, stored, options, now } = ctx;
  const checkReservationId = (id: string): void =>
    ctx.check(checkId('reservation_id', id, true, MAX_RESERVATION_ID_BYTES));
  /**
   * The budgets a reservation was held against ('' day: a reservation of unknown day, today's):
   * Commit reports those, its own day's also after midnight, and its feature's under its cap.
   */
  const budgetsOf = (reservation: Reservation): BudgetRef[] =>
    ctx.budgetsOn(reservation, reservation.day || utcDay(now()), reservation.featureCapMicros);
  /**
   * A Commit's records are filed under the day their reservation was made on, whatever their own
   * timestamps: that day's budgets held them, so each day's spend is what its Reserve calls counted
   * (a hold made at 23:59 and committed at 00:01 is spent on the day it was held on, and the new
   * day's budget never has to count it). Unknown reservation: by their own time.
   */
  const filedUnder = (usages: Usage[], reservation: Reservation | undefined): Usage[] => {
    const dayStartMs = reservation ? parseDay(reservation.day) : undefined;
    return dayStartMs === undefined ? usages : usages.map((u) => ({ ...u, filedAtMs: dayStartMs }));
  };
  const gone = (id: string, recorded: boolean): Error =>
    notFound(`reservation ${id}${recorded ? ' (usage recorded)' : ''}`);

  /**
   * Records take the reservation's scope unless they name their own (which must then match), and
   * a key derived from the reservation, so a retried Commit never double counts.
   */
  function scoped(
    id: string,
    reservation: Reservation | undefined,
    inputs: readonly UsageInput[],
  ): UsageInput[] {
    return inputs.map((input, i) => {
      const tenant = namesNoTenant(input.tenant) ? '' : input.tenant;
      const session = noneIfBlank(input.session);
      const feature = noneIfBlank(input.feature);
      if (reservation)
        for (const [field, given, own] of [
          ['tenant_id', tenant, reservation.tenant],
          ['session_id', session, reservation.session],
          ['feature_id', feature, reservation.feature],
        ] as const)
          if (given !== '' && given !== own)
            throw invalidArgument(`actual[${i}].${field}`, 'differs from the reservation');
      return {
        ...input,
        tenant: tenant !== '' ? tenant : (reservation?.tenant ?? ''),
        session: session !== '' ? session : (reservation?.session ?? ''),
        feature: feature !== '' ? feature : (reservation?.feature ?? ''),
        idempotencyKey:
          noneIfBlank(input.idempotencyKey) !== '' ? input.idempotencyKey : `reservation:${id}:${i}`,
      };
    });
  }

  return {
    /**
     * `signal`: the inbound call's. A reservation made for a caller that is gone (cancelled, or
     * past its deadline) before it could learn the id is undone: nobody could commit or release
     * it, and its hold would block the budget for the whole TTL (a feature's next attempt refused).
     */
    async reserve(
      input: ReserveInput,
      signal?: AbortSignal,
    ): Promise<{ reservation: Reservation } & BudgetReport> {
      ctx.check(
        checkId('tenant_id', input.tenant, false) ??
          checkId('session_id', input.session, false) ??
          checkId('feature_id', input.feature, false) ??
          checkId('task_id', input.taskId, false) ??
          checkId('idempotency_key', input.idempotencyKey, false, MAX_BYTES.idempotency_key),
      );
      // Blank ids name nothing, as empty ones do (tenant: the default tenant).
      const session = noneIfBlank(input.session);
      const feature = noneIfBlank(input.feature);
      const idempotencyKey = noneIfBlank(input.idempotencyKey);
      const taskId = noneIfBlank(input.taskId);
      const estimate = input.estimateMicros;
      if (!Number.isSafeInteger(estimate) || estimate < 1 || estimate > MAX_RECORD_COST_MICROS)
        throw invalidArgument('estimate_micros', `must be 1 to ${MAX_RECORD_COST_MICROS} micro-dollars`);
      if (!Number.isSafeInteger(input.ttlMs) || input.ttlMs < 0 || input.ttlMs > options.maxReservationTtlMs)
        throw invalidArgument('ttl_ms', `must be 0 (default) to ${options.maxReservationTtlMs} ms`);
      const cap = input.featureCapMicros;
      ctx.checkFeatureCap(cap, feature);
      const tenant = tenantOrDefault(input.tenant);
      const scope = { tenant, session, feature };
      // One day for the budgets checked and the reservation's own: its Commit is filed under it.
      const day = utcDay(now());
      const all = ctx.budgetsOn(scope, day, cap);
      const result = await stored(() =>
        store.reserve({
          id: reservationId(tenant, idempotencyKey),
          ...scope,
          amountMicros: estimate,
          featureCapMicros: cap,
          budgets: enforced(all),
          day,
          ttlMs: input.ttlMs === 0 ? options.defaultReservationTtlMs : input.ttlMs,
        }),
      );
      if (!result.ok) {
        const { ref, spentMicros, heldMicros, unpricedChargeMicros } = result.exceeded;
        const charged =
          unpricedChargeMicros > 0
            ? `, of which ${formatMicros(unpricedChargeMicros)} charged for unpriced usage at the dearest rates`
            : '';
        throw resourceExhausted(
          `budget ${budgetName(ref)}`,
          `would exceed ${formatMicros(ref.limitMicros)} (spent ${formatMicros(spentMicros)} + reserved ${formatMicros(heldMicros)} + estimate ${formatMicros(estimate)})${charged}`,
        );
      }
      const { reservation, existing } = result;
      // A repeat answers OK only while the reservation still holds its amount: "OK" for one that was
      // committed, released or has expired would have the caller spend money nobody holds for it.
      const over = existing ? noLongerHeld(reservation, now()) : undefined;
      if (over !== undefined)
        throw failedPrecondition(
          `reservation ${reservation.id} of this idempotency_key ${over} and holds nothing; reserve with a new idempotency_key`,
        );
      options.logger.debug({ reservation: reservation.id, taskId, existing }, 'reserved');
      // A reservation an earlier call made (`existing`) may have reached its caller: never undone here.
      const undo = async (why: string): Promise<void> => {
        if (existing) return;
        await store.abandon(reservation.id).then(
          () => options.logger.info({ reservation: reservation.id, taskId, why }, 'reservation undone'),
          (err: unknown) =>
            options.logger.warn(
              { err, reservation: reservation.id, taskId },
              'could not undo an unanswered reservation; it expires with its TTL',
            ),
        );
      };
      let views: BudgetReport;
      try {
        // A repeat answers with the budgets its reservation holds, made perhaps before midnight.
        views = await ctx.views(existing ? budgetsOf(reservation) : all);
      } catch (err) {
        // Without an idempotency key a retry cannot find this reservation again.
        if (idempotencyKey === '' || signal?.aborted) await undo('no answer could be sent');
        throw err;
      }
      if (signal?.aborted) {
        await undo('the caller was gone before the answer');
        throw signal.reason;
      }
      return { reservation, ...views };
    },

    async commit(id: string, inputs: readonly UsageInput[]): Promise<CommitOutcome> {
      checkReservationId(id);
      ctx.checkBatchSize('actual', inputs.length, 0);
      const reservation = await stored(() => store.getReservation(id));
      const usages = filedUnder(
        ctx.priceAll(scoped(id, reservation, inputs), (i) => `actual[${i}]`),
        reservation,
      );
      const spent = usages.length > 0;
      // The call behind a missing reservation did happen: its usage is recorded all the same.
      if (!reservation) {
        await ctx.record(usages);
        throw gone(id, spent);
      }
      const result = await stored(() => store.commit(id, usages));
      switch (result.kind) {
        case 'not_found':
          await ctx.record(usages);
          throw gone(id, spent);
        case 'released':
          await ctx.record(usages);
          throw failedPrecondition(`reservation ${id} was released${spent ? '; usage recorded' : ''}`);
        case 'already_committed': {
          // A retried Commit: the records are duplicates (same keys) and nothing changes.
          const results = await ctx.record(usages);
          const views = await ctx.views(budgetsOf(reservation));
          return { committedMicros: 0, releasedMicros: 0, overrunMicros: 0, results, ...views };
        }
        case 'committed': {
          const results = ctx.outcomes(usages, result.recorded);
          if (reservation.expiresAtMs <= now())
            throw notFound(
              `reservation ${id} expired at ${new Date(reservation.expiresAtMs).toISOString()} (usage recorded)`,
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
            ...(await ctx.views(budgetsOf(reservation))),
          };
        }
      }
    },

    async release(id: string): Promise<{ released: boolean; releasedMicros: number }> {
      checkReservationId(id);
      const reservation = await stored(() => store.getReservation(id));
      if (!reservation) return { released: false, releasedMicros: 0 };
      const result = await stored(() => store.release(id));
      const live = reservation.expiresAtMs > now();
      return result.kind === 'released' && live
        ? { released: true, releasedMicros: reservation.amountMicros }
        : { released: false, releasedMicros: 0 };
    },
  };
}
