import { dimensionKeys, DIMENSIONS, filingMs, type Dimension } from '../domain/aggregate';
import { dayNumber, isoWeek, isoWeekStartMs, utcDay } from '../domain/periods';
import type { CostSource, Usage } from '../domain/usage';
import { keptSeconds, type Retention } from './cost-store';
import {
  DIMENSION_PREFIX,
  enc,
  featureKey,
  idempotencyHashKey,
  logKey,
  sessionKey,
  tenantDayKeys,
} from './redis-keys';

// Turns a batch of usages into the argument section of the apply_batch script: idempotency keys,
// the summed increments per (hash, field), and the log entries. Summing here, in Node, means one
// HINCRBY per distinct (hash, field) of the batch and no per-record work in Lua. This runs for
// every record written, so it groups by raw ids and builds Redis key strings once per group.

const DAY_MS = 86_400_000;

/** Columns of a log entry's rows, in order. */
export const LOG_COLUMNS = [
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
  'unpriced_charge_micros',
  'cost_source',
  'price_version',
  'idempotency_key',
  'occurred_at_ms',
] as const;

type LogRow = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  number,
  number,
  boolean,
  number,
  CostSource,
  string,
  string,
  number,
];

/** One stream entry per script call and UTC day: `{ columns, rows }` as JSON, one row per record. */
export interface LogEntry {
  readonly columns: readonly string[];
  readonly rows: readonly unknown[][];
}

export const LOG_FIELD = 'usages';

function row(u: Usage): LogRow {
  return [
    u.tenant,
    u.session,
    u.feature,
    u.taskId,
    u.agent,
    u.model,
    u.tier,
    u.inputTokens,
    u.outputTokens,
    u.costMicros,
    u.priced,
    u.unpricedChargeMicros,
    u.costSource,
    u.priceVersion,
    u.idempotencyKey,
    u.occurredAtMs,
  ];
}

const SOURCES: readonly CostSource[] = ['table', 'explicit', 'unpriced'];

/** A log entry back into usages (unknown columns are ignored, missing ones default). */
export function fromLogEntry(entry: Partial<LogEntry>): Usage[] {
  const columns = entry.columns ?? [];
  const at = (name: (typeof LOG_COLUMNS)[number]): number => columns.indexOf(name);
  const idx = Object.fromEntries(LOG_COLUMNS.map((c) => [c, at(c)])) as Record<
    (typeof LOG_COLUMNS)[number],
    number
  >;
  const str = (r: unknown[], c: (typeof LOG_COLUMNS)[number]): string => {
    const v = r[idx[c]];
    return typeof v === 'string' ? v : '';
  };
  const num = (r: unknown[], c: (typeof LOG_COLUMNS)[number]): number => {
    const v = r[idx[c]];
    return typeof v === 'number' ? v : 0;
  };
  return (entry.rows ?? []).map((r) => ({
    tenant: str(r, 'tenant'),
    session: str(r, 'session'),
    feature: str(r, 'feature'),
    taskId: str(r, 'task_id'),
    agent: str(r, 'agent'),
    model: str(r, 'model'),
    tier: str(r, 'tier'),
    inputTokens: num(r, 'input_tokens'),
    outputTokens: num(r, 'output_tokens'),
    costMicros: num(r, 'cost_micros'),
    priced: r[idx.priced] === true,
    // Entries written before the column existed: no charge (it was not counted then either).
    unpricedChargeMicros: num(r, 'unpriced_charge_micros'),
    costSource: SOURCES.find((s) => s === r[idx.cost_source]) ?? 'unpriced',
    priceVersion: str(r, 'price_version'),
    idempotencyKey: str(r, 'idempotency_key'),
    occurredAtMs: num(r, 'occurred_at_ms'),
  }));
}

/**
 * Field order of a row: count, input tokens, output tokens, priced µ$, unpriced count, unpriced
 * records' budget charge µ$.
 */
const METRICS = ['n', 'i', 'o', 'c', 'u', 'uc'] as const;
type Row = [number, number, number, number, number, number];

/** Hashes that always receive the same increments (a tenant's day + week hashes, a session, a feature). */
interface Group {
  readonly keys: readonly { key: string; ttl: number }[];
  readonly total: Row;
  readonly cells: Record<Dimension, Map<string, Row>>;
}

function newGroup(keys: { key: string; ttl: number }[]): Group {
  return {
    keys,
    total: [0, 0, 0, 0, 0, 0],
    cells: { agent: new Map(), model: new Map(), feature: new Map(), tier: new Map() },
  };
}

function bump(row: Row, u: Usage): void {
  row[0] += 1;
  row[1] += u.inputTokens;
  row[2] += u.outputTokens;
  if (u.priced) row[3] += u.costMicros;
  else {
    row[4] += 1;
    row[5] += u.unpricedChargeMicros;
  }
}

function add(g: Group, u: Usage, ids: Record<Dimension, string>): void {
  bump(g.total, u);
  for (const d of DIMENSIONS) {
    let r = g.cells[d].get(ids[d]);
    if (!r) {
      r = [0, 0, 0, 0, 0, 0];
      g.cells[d].set(ids[d], r);
    }
    bump(r, u);
  }
}

/** Identity of a record for deduplication: its key within its tenant. */
export function idempotencyIdentity(u: Usage): string {
  return `${u.tenant.length}:${u.tenant}${u.idempotencyKey}`;
}

/**
 * The section for `usages`, plus `order`: the record index behind each position the script may
 * report as a duplicate (keys are grouped per tenant, so positions differ from record indexes).
 * Increments of one hash travel as one argument, "field delta field delta …" (fields are built
 * from base64url ids and never contain a space).
 */
export function applySection(
  usages: readonly Usage[],
  retention: Retention,
  nowMs: number,
): { args: (string | number)[]; order: number[] } {
  const tenantDays = new Map<string, Group>();
  const sessions = new Map<string, Group>();
  const features = new Map<string, Group>();
  const logs = new Map<number, LogRow[]>();
  const byTenant = new Map<string, number[]>();

  usages.forEach((u, index) => {
    const at = filingMs(u);
    const day = dayNumber(at);
    const ids = dimensionKeys(u);
    const tenantDay = `${day}:${u.tenant}`;
    let g = tenantDays.get(tenantDay);
    if (!g) {
      const k = tenantDayKeys(u.tenant, utcDay(at), isoWeek(at));
      // A tenant's day decides its week too: the four hashes always move together. Kept from the
      // write, or from the day's (week's) start when the record is filed ahead of it.
      const dayTtl = keptSeconds(retention.daySeconds, day * DAY_MS, nowMs);
      const weekTtl = keptSeconds(retention.weekSeconds, isoWeekStartMs(at), nowMs);
      g = newGroup([
        { key: k.dayGlobal, ttl: dayTtl },
        { key: k.dayTenant, ttl: dayTtl },
        { key: k.weekGlobal, ttl: weekTtl },
        { key: k.weekTenant, ttl: weekTtl },
      ]);
      tenantDays.set(tenantDay, g);
    }
    add(g, u, ids);
    if (u.session !== '') {
      let s = sessions.get(u.session);
      if (!s) {
        s = newGroup([{ key: sessionKey(u.session), ttl: retention.sessionSeconds }]);
        sessions.set(u.session, s);
      }
      add(s, u, ids);
    }
    if (u.feature !== '') {
      let f = features.get(u.feature);
      if (!f) {
        f = newGroup([{ key: featureKey(u.feature), ttl: retention.featureSeconds }]);
        features.set(u.feature, f);
      }
      add(f, u, ids);
    }
    const rows = logs.get(day);
    if (rows) rows.push(row(u));
    else logs.set(day, [row(u)]);
    const mine = byTenant.get(u.tenant);
    if (mine) mine.push(index);
    else byTenant.set(u.tenant, [index]);
  });

  // Global day/week hashes are shared by several tenants' groups: merge per hash before writing.
  const hashes = new Map<string, { ttl: number; fields: Map<string, number> }>();
  const put = (key: string, ttl: number, field: string, delta: number): void => {
    let h = hashes.get(key);
    if (!h) {
      h = { ttl, fields: new Map() };
      hashes.set(key, h);
    }
    h.fields.set(field, (h.fields.get(field) ?? 0) + delta);
  };
  for (const groups of [tenantDays, sessions, features])
    for (const g of groups.values()) {
      for (const { key, ttl } of g.keys)
        METRICS.forEach((m, j) => {
          if (g.total[j] !== 0) put(key, ttl, m, g.total[j] ?? 0);
        });
      for (const d of DIMENSIONS)
        for (const [id, r] of g.cells[d]) {
          const prefix = `${DIMENSION_PREFIX[d]}:${enc(id)}:`;
          METRICS.forEach((m, j) => {
            const v = r[j] ?? 0;
            if (v !== 0) for (const { key, ttl } of g.keys) put(key, ttl, prefix + m, v);
          });
        }
    }

  // Idempotency: per tenant, the current window's hash and the previous one. The current hash
  // lives until the end of the next window, so every key is remembered ≥ one full window.
  const windowMs = retention.idempotencySeconds * 1000;
  const window = Math.floor(nowMs / windowMs);
  const ttl = Math.ceil(((window + 2) * windowMs - nowMs) / 1000);
  const args: (string | number)[] = [byTenant.size];
  const order: number[] = [];
  for (const [tenant, indexes] of byTenant) {
    args.push(
      idempotencyHashKey(tenant, window),
      idempotencyHashKey(tenant, window - 1),
      ttl,
      indexes.length,
    );
    for (const i of indexes) {
      args.push(usages[i]?.idempotencyKey ?? '');
      order.push(i);
    }
  }
  args.push(hashes.size);
  for (const [key, h] of hashes) {
    const packed: string[] = [];
    for (const [field, delta] of h.fields) packed.push(field, String(delta));
    args.push(key, h.ttl, packed.join(' '));
  }
  args.push(logs.size, retention.logMaxPerDay);
  for (const [day, rows] of logs) {
    const entry: LogEntry = { columns: LOG_COLUMNS, rows };
    args.push(
      logKey(utcDay(day * DAY_MS)),
      keptSeconds(retention.logSeconds, day * DAY_MS, nowMs),
      JSON.stringify(entry),
    );
  }
  return { args, order };
}
