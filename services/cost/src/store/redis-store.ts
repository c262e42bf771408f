import type { Redis } from 'ioredis';
import { connectionEpoch, ReplicationError, requireReplicated } from '@superagent/redis';
import { isCircuitOpenError, type TargetBreaker } from '@superagent/grpc';
import {
  DIMENSIONS,
  emptyAggregate,
  emptyTotals,
  type Aggregate,
  type Dimension,
  type Totals,
} from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';
import { parseDay, utcDay } from '../domain/periods';
import type { Usage } from '../domain/usage';
import {
  DEFAULT_RETENTION,
  spendScopeOf,
  StoreUnavailableError,
  type BudgetUsage,
  type CommitResult,
  type CostStore,
  type ReleaseResult,
  type Reservation,
  type ReservationState,
  type ReserveResult,
  type Retention,
} from './cost-store';
import { applySection, fromLogEntry, idempotencyIdentity, LOG_FIELD, type LogEntry } from './redis-batch';
import { aggregateKey, dec, DIMENSION_PREFIX, holdKey, logKey, reservationKey } from './redis-keys';
import {
  ABANDON_SCRIPT,
  COMMIT_SCRIPT,
  RECORD_SCRIPT,
  RELEASE_SCRIPT,
  RESERVE_SCRIPT,
} from './redis-scripts';
import { lua, runScript } from './redis-script-runner';

const recordScript = lua(RECORD_SCRIPT);
const reserveScript = lua(RESERVE_SCRIPT);
const commitScript = lua(COMMIT_SCRIPT);
const releaseScript = lua(RELEASE_SCRIPT);
const abandonScript = lua(ABANDON_SCRIPT);

/** Most records sent to Redis in one coalesced script (the proto's batch limit). */
const MAX_COALESCED = 1000;
/** A batch is resent without its already-recorded records at most this often before giving up. */
const MAX_APPLY_ATTEMPTS = 5;

export interface RedisStoreOptions {
  readonly retention?: Retention;
  readonly now?: () => number;
  /**
   * Acknowledge a write only after this many replicas have it (WAIT). 0 for a standalone Redis,
   * which has no replicas; ≥ 1 behind Sentinel so a failover cannot lose an acknowledged record.
   */
  readonly waitReplicas?: number;
  readonly waitTimeoutMs?: number;
  /**
   * The `redis` circuit breaker every operation goes through (build it with countsAsRedisFailure):
   * while Redis is down calls fail fast as StoreUnavailableError "circuit open". None when absent.
   */
  readonly breaker?: TargetBreaker;
}

/**
 * Connection trouble and "not now" replies count; script errors do not, and neither does a write
 * that replicas did not acknowledge in time or that a full Redis refused: Redis answered, and
 * opening the circuit on it would also refuse the reads that still work (the write itself fails
 * UNAVAILABLE either way).
 */
export function countsAsRedisFailure(err: unknown): boolean {
  if (!(err instanceof StoreUnavailableError)) return false;
  const cause: unknown = err.cause;
  if (cause instanceof ReplicationError) return false;
  return !(cause instanceof Error && cause.name === 'ReplyError' && WRITE_REFUSED_REPLY.test(cause.message));
}

/**
 * Redis errors that mean "not now" (retryable), rather than a bug in a script or a command.
 * OOM (maxmemory reached under noeviction) and MISCONF (snapshots failing) refuse writes until an
 * operator or expiring keys make room: the caller retries later with the same keys. A refused
 * script wrote nothing (Redis refuses at its first write).
 */
const TRANSIENT_REPLY = /^(READONLY|LOADING|MASTERDOWN|NOREPLICAS|TRYAGAIN|BUSY|OOM|MISCONF)\b/;
/** The transient replies that refuse writes only: reads still work. */
const WRITE_REFUSED_REPLY = /^(OOM|MISCONF)\b/;

const RESERVATION_STATES: readonly ReservationState[] = ['held', 'committed', 'released'];

/** What an apply_batch-based script answered. */
type ApplyAnswer =
  { kind: 'written' } | { kind: 'duplicates'; positions: number[] } | { kind: 'stopped'; code: number };

export function createRedisCostStore(redis: Redis, options: RedisStoreOptions = {}): CostStore {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const now = options.now ?? Date.now;
  const waitReplicas = options.waitReplicas ?? 0;
  const waitTimeoutMs = options.waitTimeoutMs ?? 1000;

  /** Runs a Redis operation, turning connection trouble into StoreUnavailableError (→ UNAVAILABLE). */
  async function guarded<T>(what: string, op: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await op();
      } catch (err: unknown) {
        if (err instanceof StoreUnavailableError) throw err;
        if (err instanceof Error && (err.name !== 'ReplyError' || TRANSIENT_REPLY.test(err.message)))
          throw new StoreUnavailableError(`redis ${what}: ${err.message}`, { cause: err });
        throw err;
      }
    };
    if (!options.breaker) return attempt();
    try {
      return await options.breaker.run(attempt);
    } catch (err: unknown) {
      if (isCircuitOpenError(err))
        throw new StoreUnavailableError(`redis ${what}: circuit open`, { cause: err });
      throw err;
    }
  }

  /** Acknowledge only after replication: the caller retries with the same idempotency keys. */
  /** `epoch`: connectionEpoch before the writes being acknowledged. */
  async function replicated(epoch: number): Promise<void> {
    if (waitReplicas === 0) return;
    try {
      await requireReplicated(redis, waitReplicas, waitTimeoutMs, epoch);
    } catch (err) {
      if (!(err instanceof ReplicationError)) throw err;
      throw new StoreUnavailableError(`${err.message}; retry with the same idempotency key`, { cause: err });
    }
  }

  /**
   * Writes `usages` once each: records whose key is already in Redis (or repeated within the
   * batch) are left out, and the script is run again without them until it writes. `run` sends
   * one section; a 'stopped' answer (Commit found the reservation not held) ends the loop.
   * Returns which usages were written, or the stop code.
   */
  async function applyOnce(
    usages: readonly Usage[],
    run: (section: (string | number)[]) => Promise<ApplyAnswer>,
  ): Promise<{ recorded: boolean[] } | { stopped: number }> {
    const recorded = usages.map(() => false);
    const seen = new Set<string>();
    let live: number[] = [];
    usages.forEach((u, i) => {
      const key = idempotencyIdentity(u);
      if (!seen.has(key)) live.push(i);
      seen.add(key);
    });
    for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt++) {
      const { args, order } = applySection(
        live.map((i) => usages[i] as Usage),
        retention,
        now(),
      );
      const answer = await run(args);
      if (answer.kind === 'stopped') return { stopped: answer.code };
      if (answer.kind === 'written') {
        for (const i of live) recorded[i] = true;
        return { recorded };
      }
      // Positions → index in `live` (via the section's order) → record index.
      const known = new Set(answer.positions.map((p) => live[order[p - 1] ?? -1]));
      live = live.filter((i) => !known.has(i));
    }
    throw new StoreUnavailableError('idempotency keys kept changing under concurrent writes; retry the call');
  }

  function answerOf(out: unknown, duplicatesCode: number): ApplyAnswer {
    const list = Array.isArray(out) ? out.map(Number) : [];
    const code = list[0];
    if (code === 1) return { kind: 'written' };
    if (code === duplicatesCode) return { kind: 'duplicates', positions: list.slice(1) };
    return { kind: 'stopped', code: code ?? Number.NaN };
  }

  /**
   * Concurrent record() calls are coalesced: everything that arrives in the same turn of the event
   * loop goes to Redis as one script (up to MAX_COALESCED records), so concurrent single Records
   * share one round trip, one aggregation and one WAIT. Each caller's records stay atomic (they
   * are inside one atomic script) and idempotency is still decided record by record.
   */
  let waiting: { usages: readonly Usage[]; resolve(r: boolean[]): void; reject(e: unknown): void }[] = [];
  let scheduled = false;

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flushWaiting);
  }

  function flushWaiting(): void {
    scheduled = false;
    let count = 0;
    let take = 0;
    while (
      take < waiting.length &&
      (take === 0 || count + (waiting[take]?.usages.length ?? 0) <= MAX_COALESCED)
    ) {
      count += waiting[take]?.usages.length ?? 0;
      take++;
    }
    const callers = waiting.slice(0, take);
    waiting = waiting.slice(take);
    if (waiting.length > 0) schedule();
    const all = callers.flatMap((c) => c.usages);
    guarded('record', async () => {
      const epoch = connectionEpoch(redis);
      const result = await applyOnce(all, async (section) =>
        answerOf(await runScript(redis, recordScript, section), 0),
      );
      await replicated(epoch);
      if ('stopped' in result) throw new Error(`record script answered ${result.stopped}`);
      return result.recorded;
    }).then(
      (recorded) => {
        let offset = 0;
        for (const c of callers) {
          c.resolve(recorded.slice(offset, offset + c.usages.length));
          offset += c.usages.length;
        }
      },
      (err: unknown) => {
        for (const c of callers) c.reject(err);
      },
    );
  }

  async function readReservation(id: string): Promise<Reservation | undefined> {
    const h = await redis.hgetall(reservationKey(id));
    const state = RESERVATION_STATES.find((st) => st === h.state);
    if (state === undefined) return undefined;
    const createdAtMs = Number(h.created ?? 0);
    return {
      id,
      tenant: h.tenant ?? '',
      session: h.session ?? '',
      feature: h.feature ?? '',
      amountMicros: Number(h.amount ?? 0),
      featureCapMicros: Number(h.cap ?? 0),
      createdAtMs,
      // Reservations written before `day` was stored held their budgets of the day they were made.
      day:
        h.day !== undefined && parseDay(h.day) !== undefined
          ? h.day
          : createdAtMs > 0
            ? utcDay(createdAtMs)
            : '',
      expiresAtMs: Number(h.expires ?? 0),
      state,
    };
  }

  async function budgetUsage(refs: readonly BudgetRef[]): Promise<BudgetUsage[]> {
    const t = now();
    const pipeline = redis.pipeline();
    for (const ref of refs) {
      pipeline.zrangebyscore(holdKey(ref), `(${t}`, '+inf');
      pipeline.hmget(aggregateKey(spendScopeOf(ref)), 'c', 'uc');
    }
    const replies = (await pipeline.exec()) ?? [];
    return refs.map((ref, i) => {
      const [holdErr, members] = replies[2 * i] ?? [];
      const [aggErr, fields] = replies[2 * i + 1] ?? [];
      if (holdErr) throw holdErr;
      if (aggErr) throw aggErr;
      const held = (members as string[]).reduce((sum, m) => sum + Number(m.slice(m.lastIndexOf(':') + 1)), 0);
      const [priced, charge] = (fields as (string | null)[]).map((v) => Number(v ?? 0));
      // Unpriced usage counts at its conservative charge (README, Budgets), as RESERVE_SCRIPT reads.
      return {
        ref,
        spentMicros: (priced ?? 0) + (charge ?? 0),
        unpricedChargeMicros: charge ?? 0,
        heldMicros: held,
      };
    });
  }

  return {
    kind: 'redis',

    record: (usages) => {
      if (usages.length === 0) return Promise.resolve([]);
      return new Promise<boolean[]>((resolve, reject) => {
        waiting.push({ usages, resolve, reject });
        schedule();
      });
    },

    readAggregates: (refs) =>
      guarded('read', async () => {
        const pipeline = redis.pipeline();
        for (const ref of refs) pipeline.hgetall(aggregateKey(ref));
        const replies = (await pipeline.exec()) ?? [];
        return refs.map((_, i) => {
          const [err, hash] = replies[i] ?? [];
          if (err) throw err;
          return decodeAggregate(hash as Record<string, string>);
        });
      }),

    budgetUsage: (refs) => guarded('budget', () => budgetUsage(refs)),

    reserve: (request) =>
      guarded('reserve', async (): Promise<ReserveResult> => {
        const epoch = connectionEpoch(redis);
        const t = now();
        const expiresAtMs = t + request.ttlMs;
        const day = request.day ?? utcDay(t);
        const resKey = reservationKey(request.id);
        const args: (string | number)[] = [
          t,
          expiresAtMs,
          request.amountMicros,
          resKey,
          request.ttlMs + retention.reservationGraceSeconds * 1000,
          request.id,
          request.budgets.length,
        ];
        for (const ref of request.budgets)
          args.push(holdKey(ref), aggregateKey(spendScopeOf(ref)), ref.limitMicros, request.ttlMs + 60_000);
        const hash: [string, string | number][] = [
          ['tenant', request.tenant],
          ['session', request.session],
          ['feature', request.feature],
          ['amount', request.amountMicros],
          ['cap', request.featureCapMicros ?? 0],
          ['created', t],
          ['day', day],
          ['expires', expiresAtMs],
          ['state', 'held'],
          ['holds', request.budgets.map(holdKey).join(' ')],
        ];
        args.push(hash.length, ...hash.flat());
        const out = (await runScript(redis, reserveScript, args)) as (number | string)[];
        if (out[0] === 2) {
          // A retry after an unacknowledged Reserve finds the reservation on the master: it is
          // acknowledged only once replicated, like the first answer would have been.
          await replicated(epoch);
          const existing = await readReservation(request.id);
          if (existing) return { ok: true, reservation: existing, existing: true };
          throw new Error(`reservation ${request.id} exists but cannot be read`);
        }
        if (out[0] !== 1) {
          const ref = request.budgets[Number(out[1]) - 1];
          if (!ref) throw new Error('reserve script named no budget');
          return {
            ok: false,
            exceeded: {
              ref,
              spentMicros: Number(out[2]),
              unpricedChargeMicros: Number(out[4]),
              heldMicros: Number(out[3]),
            },
          };
        }
        await replicated(epoch);
        return {
          ok: true,
          reservation: {
            id: request.id,
            tenant: request.tenant,
            session: request.session,
            feature: request.feature,
            amountMicros: request.amountMicros,
            featureCapMicros: request.featureCapMicros ?? 0,
            createdAtMs: t,
            day,
            expiresAtMs,
            state: 'held',
          },
          existing: false,
        };
      }),

    getReservation: (id) => guarded('read', () => readReservation(id)),

    commit: (id, usages) =>
      guarded('commit', async (): Promise<CommitResult> => {
        const epoch = connectionEpoch(redis);
        const resKey = reservationKey(id);
        const result = await applyOnce(usages, async (section) =>
          answerOf(await runScript(redis, commitScript, [resKey, ...section]), 4),
        );
        if ('stopped' in result && result.stopped === -1) return { kind: 'not_found' };
        await replicated(epoch);
        const reservation = await readReservation(id);
        if (!reservation) return { kind: 'not_found' };
        if ('recorded' in result) return { kind: 'committed', reservation, recorded: result.recorded };
        if (result.stopped === 2) return { kind: 'already_committed', reservation };
        if (result.stopped === 3) return { kind: 'released', reservation };
        throw new Error(`commit script answered ${result.stopped}`);
      }),

    release: (id) =>
      guarded('release', async (): Promise<ReleaseResult> => {
        const epoch = connectionEpoch(redis);
        const out = (await runScript(redis, releaseScript, [reservationKey(id)])) as number[];
        const code = out[0];
        if (code === -1) return { kind: 'not_found' };
        await replicated(epoch);
        const reservation = await readReservation(id);
        if (!reservation) return { kind: 'not_found' };
        if (code === 2) return { kind: 'committed', reservation };
        if (code === 3) return { kind: 'already_released', reservation };
        return { kind: 'released', reservation };
      }),

    abandon: (id) =>
      guarded('abandon', async () => {
        await runScript(redis, abandonScript, [reservationKey(id)]);
      }),

    readLog: (day, limit) =>
      guarded('read', async () => {
        // Each stream entry holds the records of one write; read entries until `limit` records.
        const out: Usage[] = [];
        let end = '+';
        while (out.length < limit) {
          const entries = await redis.xrevrange(logKey(day), end, '-', 'COUNT', 100);
          for (const [, fields] of entries) {
            const records = decodeLogEntry(fields);
            for (const r of records.reverse()) if (out.length < limit) out.push(r);
          }
          const last = entries[entries.length - 1];
          if (entries.length < 100 || !last) break;
          end = `(${last[0]}`;
        }
        return out;
      }),

    isReady: () => redis.status === 'ready',

    async close() {
      // The connection belongs to the caller (main.ts closes it after the server stops).
    },
  };
}

const METRIC: Record<string, keyof Totals> = {
  c: 'costMicros',
  n: 'count',
  u: 'unpricedCount',
  uc: 'unpricedChargeMicros',
  i: 'inputTokens',
  o: 'outputTokens',
};
const DIMENSION_OF = new Map<string, Dimension>(DIMENSIONS.map((d) => [DIMENSION_PREFIX[d], d]));

/** Hash fields → Aggregate. Unknown fields are ignored (forward compatibility). */
export function decodeAggregate(hash: Record<string, string>): Aggregate {
  const agg = emptyAggregate();
  for (const [field, raw] of Object.entries(hash)) {
    const value = Number(raw);
    const parts = field.split(':');
    if (parts.length === 1) {
      const metric = METRIC[field];
      if (metric) agg.totals[metric] = value;
      continue;
    }
    const [prefix, id, m] = parts;
    const dim = DIMENSION_OF.get(prefix ?? '');
    const metric = METRIC[m ?? ''];
    if (parts.length !== 3 || !dim || !metric || id === undefined) continue;
    const key = dec(id);
    const totals = agg.by[dim].get(key) ?? emptyTotals();
    totals[metric] = value;
    agg.by[dim].set(key, totals);
  }
  return agg;
}

function decodeLogEntry(fields: string[]): Usage[] {
  const i = fields.indexOf(LOG_FIELD);
  const raw = i >= 0 && i % 2 === 0 ? fields[i + 1] : undefined;
  if (raw === undefined) return [];
  return fromLogEntry(JSON.parse(raw) as Partial<LogEntry>);
}
