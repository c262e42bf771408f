import type { Redis } from 'ioredis';
import {
  bucketsFor,
  dimensionKeys,
  DIMENSIONS,
  emptyAggregate,
  emptyTotals,
  type Aggregate,
  type Dimension,
  type Totals,
} from '../domain/aggregate';
import type { BudgetRef } from '../domain/budget-policy';
import { utcDay } from '../domain/periods';
import type { CostSource, Usage } from '../domain/usage';
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
import {
  aggregateKey,
  dec,
  DIMENSION_PREFIX,
  enc,
  holdKey,
  idempotencyKey,
  logKey,
  reservationKey,
} from './redis-keys';
import { COMMIT_SCRIPT, RECORD_SCRIPT, RELEASE_SCRIPT, RESERVE_SCRIPT } from './redis-scripts';
import { lua, runScript } from './redis-script-runner';

const record = lua(RECORD_SCRIPT);
const reserveScript = lua(RESERVE_SCRIPT);
const commitScript = lua(COMMIT_SCRIPT);
const releaseScript = lua(RELEASE_SCRIPT);

/** Stream entry fields, in order. Plain values (not encoded): a stream value cannot escape its key. */
const LOG_FIELDS = [
  'tenant',
  'session',
  'feature',
  'task_id',
  'agent',
  'model',
  'tier',
  'input_tokens',
  'output_tokens',
  'cost_micros',
  'priced',
  'cost_source',
  'price_version',
  'idempotency_key',
  'occurred_at_ms',
] as const;

function logValues(u: Usage): string[] {
  return [
    u.tenant,
    u.session,
    u.feature,
    u.taskId,
    u.agent,
    u.model,
    u.tier,
    String(u.inputTokens),
    String(u.outputTokens),
    String(u.costMicros),
    u.priced ? '1' : '0',
    u.costSource,
    u.priceVersion,
    u.idempotencyKey,
    String(u.occurredAtMs),
  ];
}

export interface RedisStoreOptions {
  readonly retention?: Retention;
  readonly now?: () => number;
  /**
   * Acknowledge a write only after this many replicas have it (WAIT). 0 for a standalone Redis,
   * which has no replicas; ≥ 1 behind Sentinel so a failover cannot lose an acknowledged record.
   */
  readonly waitReplicas?: number;
  readonly waitTimeoutMs?: number;
}

/** Redis errors that mean "not now" (retryable), rather than a bug in a script or a command. */
const TRANSIENT_REPLY = /^(READONLY|LOADING|MASTERDOWN|NOREPLICAS|TRYAGAIN|BUSY)\b/;

function isReplyError(err: Error): boolean {
  return err.name === 'ReplyError';
}

export function createRedisCostStore(redis: Redis, options: RedisStoreOptions = {}): CostStore {
  const retention = options.retention ?? DEFAULT_RETENTION;
  const now = options.now ?? Date.now;
  const waitReplicas = options.waitReplicas ?? 0;
  const waitTimeoutMs = options.waitTimeoutMs ?? 1000;

  /** Runs a Redis operation, turning connection trouble into StoreUnavailableError (→ UNAVAILABLE). */
  async function guarded<T>(what: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err: unknown) {
      if (err instanceof StoreUnavailableError) throw err;
      if (err instanceof Error && (!isReplyError(err) || TRANSIENT_REPLY.test(err.message)))
        throw new StoreUnavailableError(`redis ${what}: ${err.message}`, { cause: err });
      throw err;
    }
  }

  /** Acknowledge only after replication: the caller retries with the same idempotency keys. */
  async function replicated(): Promise<void> {
    if (waitReplicas === 0) return;
    const acknowledged = await redis.wait(waitReplicas, waitTimeoutMs);
    if (acknowledged < waitReplicas)
      throw new StoreUnavailableError(
        `write reached ${acknowledged} of ${waitReplicas} replica(s) within ${waitTimeoutMs} ms; retry with the same idempotency key`,
      );
  }

  function recordSection(usages: readonly Usage[]): (string | number)[] {
    const args: (string | number)[] = [
      usages.length,
      retention.idempotencySeconds,
      retention.daySeconds,
      retention.weekSeconds,
      retention.sessionSeconds,
      retention.featureSeconds,
      retention.logSeconds,
      retention.logMaxPerDay,
      LOG_FIELDS.length,
      ...LOG_FIELDS,
    ];
    for (const u of usages) {
      const refs = bucketsFor(u);
      const find = (kind: 'session' | 'feature'): string => {
        const ref = refs.find((r) => r.scope.kind === kind);
        return ref ? aggregateKey(ref) : '';
      };
      const [dayGlobal, dayTenant, weekGlobal, weekTenant] = refs.slice(0, 4).map(aggregateKey);
      const dims = dimensionKeys(u);
      args.push(
        idempotencyKey(u.tenant, u.idempotencyKey),
        logKey(utcDay(u.occurredAtMs)),
        dayGlobal ?? '',
        dayTenant ?? '',
        weekGlobal ?? '',
        weekTenant ?? '',
        find('session'),
        find('feature'),
        enc(dims.agent),
        enc(dims.model),
        enc(dims.feature),
        enc(dims.tier),
        u.priced ? '1' : '0',
        u.costMicros,
        u.inputTokens,
        u.outputTokens,
        ...logValues(u),
      );
    }
    return args;
  }

  async function readReservation(id: string): Promise<Reservation | undefined> {
    const h = await redis.hgetall(reservationKey(id));
    const state = RESERVATION_STATES.find((st) => st === h.state);
    if (state === undefined) return undefined;
    return {
      id,
      tenant: h.tenant ?? '',
      session: h.session ?? '',
      feature: h.feature ?? '',
      amountMicros: Number(h.amount ?? 0),
      createdAtMs: Number(h.created ?? 0),
      expiresAtMs: Number(h.expires ?? 0),
      state,
    };
  }

  async function budgetUsage(refs: readonly BudgetRef[]): Promise<BudgetUsage[]> {
    const t = now();
    const pipeline = redis.pipeline();
    for (const ref of refs) {
      pipeline.zrangebyscore(holdKey(ref), `(${t}`, '+inf');
      pipeline.hget(aggregateKey(spendScopeOf(ref)), 'c');
    }
    const replies = (await pipeline.exec()) ?? [];
    return refs.map((ref, i) => {
      const [holdErr, members] = replies[2 * i] ?? [];
      const [aggErr, spent] = replies[2 * i + 1] ?? [];
      if (holdErr) throw holdErr;
      if (aggErr) throw aggErr;
      const held = (members as string[]).reduce((sum, m) => sum + Number(m.slice(m.lastIndexOf(':') + 1)), 0);
      return { ref, spentMicros: Number(spent ?? 0), heldMicros: held };
    });
  }

  return {
    kind: 'redis',

    record: (usages) =>
      guarded('record', async () => {
        if (usages.length === 0) return [];
        const out = (await runScript(redis, record, recordSection(usages))) as number[];
        await replicated();
        return out.map((v) => v === 1);
      }),

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
        const t = now();
        const expiresAtMs = t + request.ttlMs;
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
          ['created', t],
          ['expires', expiresAtMs],
          ['state', 'held'],
          ['holds', request.budgets.map(holdKey).join(' ')],
        ];
        args.push(hash.length, ...hash.flat());
        const out = (await runScript(redis, reserveScript, args)) as (number | string)[];
        if (out[0] === 2) {
          const existing = await readReservation(request.id);
          if (existing) return { ok: true, reservation: existing, existing: true };
          throw new Error(`reservation ${request.id} exists but cannot be read`);
        }
        if (out[0] !== 1) {
          const ref = request.budgets[Number(out[1]) - 1];
          if (!ref) throw new Error('reserve script named no budget');
          return { ok: false, exceeded: { ref, spentMicros: Number(out[2]), heldMicros: Number(out[3]) } };
        }
        await replicated();
        return {
          ok: true,
          reservation: {
            id: request.id,
            tenant: request.tenant,
            session: request.session,
            feature: request.feature,
            amountMicros: request.amountMicros,
            createdAtMs: t,
            expiresAtMs,
            state: 'held',
          },
          existing: false,
        };
      }),

    getReservation: (id) => guarded('read', () => readReservation(id)),

    commit: (id, usages) =>
      guarded('commit', async (): Promise<CommitResult> => {
        const out = (await runScript(redis, commitScript, [reservationKey(id), ...recordSection(usages)])) as number[];
        const code = out[0];
        if (code === -1) return { kind: 'not_found' };
        await replicated();
        const reservation = await readReservation(id);
        if (!reservation) return { kind: 'not_found' };
        if (code === 2) return { kind: 'already_committed', reservation };
        if (code === 3) return { kind: 'released', reservation };
        return { kind: 'committed', reservation, recorded: out.slice(1).map((v) => v === 1) };
      }),

    release: (id) =>
      guarded('release', async (): Promise<ReleaseResult> => {
        const out = (await runScript(redis, releaseScript, [reservationKey(id)])) as number[];
        const code = out[0];
        if (code === -1) return { kind: 'not_found' };
        await replicated();
        const reservation = await readReservation(id);
        if (!reservation) return { kind: 'not_found' };
        if (code === 2) return { kind: 'committed', reservation };
        if (code === 3) return { kind: 'already_released', reservation };
        return { kind: 'released', reservation };
      }),

    readLog: (day, limit) =>
      guarded('read', async () => {
        const entries = await redis.xrevrange(logKey(day), '+', '-', 'COUNT', limit);
        return entries.map(([, fields]) => decodeLogEntry(fields));
      }),

    isReady: () => redis.status === 'ready',

    async close() {
      // The connection belongs to the caller (main.ts closes it after the server stops).
    },
  };
}

const RESERVATION_STATES: readonly ReservationState[] = ['held', 'committed', 'released'];
const COST_SOURCES: readonly CostSource[] = ['table', 'explicit', 'unpriced'];

const METRIC: Record<string, keyof Totals> = {
  c: 'costMicros',
  n: 'count',
  u: 'unpricedCount',
  i: 'inputTokens',
  o: 'outputTokens',
};
const DIMENSION_OF: Record<string, Dimension> = Object.fromEntries(
  DIMENSIONS.map((d) => [DIMENSION_PREFIX[d], d]),
) as Record<string, Dimension>;

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
    const dim = DIMENSION_OF[prefix ?? ''];
    const metric = METRIC[m ?? ''];
    if (parts.length !== 3 || !dim || !metric || id === undefined) continue;
    const key = dec(id);
    const totals = agg.by[dim].get(key) ?? emptyTotals();
    totals[metric] = value;
    agg.by[dim].set(key, totals);
  }
  return agg;
}

function decodeLogEntry(fields: string[]): Usage {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) m.set(fields[i] ?? '', fields[i + 1] ?? '');
  const s = (k: (typeof LOG_FIELDS)[number]): string => m.get(k) ?? '';
  const n = (k: (typeof LOG_FIELDS)[number]): number => Number(m.get(k) ?? 0);
  return {
    tenant: s('tenant'),
    session: s('session'),
    feature: s('feature'),
    taskId: s('task_id'),
    agent: s('agent'),
    model: s('model'),
    tier: s('tier'),
    inputTokens: n('input_tokens'),
    outputTokens: n('output_tokens'),
    costMicros: n('cost_micros'),
    priced: s('priced') === '1',
    costSource: COST_SOURCES.find((c) => c === s('cost_source')) ?? 'unpriced',
    priceVersion: s('price_version'),
    idempotencyKey: s('idempotency_key'),
    occurredAtMs: n('occurred_at_ms'),
  };
}
