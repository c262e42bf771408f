import { dimensionKeys, DIMENSIONS, type Dimension } from '../domain/aggregate';
import { isoWeek, utcDay } from '../domain/periods';
import type { CostSource, Usage } from '../domain/usage';
import type { Retention } from './cost-store';
import { DIMENSION_PREFIX, enc, idempotencyHashKey, recordKeys } from './redis-keys';

// Turns a batch of usages into the argument section of the apply_batch script: idempotency keys,
// the summed increments per (hash, field), and the log entries. Summing here, in Node, means one
// HINCRBY per distinct (hash, field) of the batch and no per-record work in Lua.

/** One stream entry per script call and UTC day: the JSON array of the records it wrote. */
export interface LoggedRecord {
  tenant: string;
  session: string;
  feature: string;
  task_id: string;
  agent: string;
  model: string;
  tier: string;
  input_tokens: number;
  output_tokens: number;
  cost_micros: number;
  priced: boolean;
  cost_source: CostSource;
  price_version: string;
  idempotency_key: string;
  occurred_at_ms: number;
}

export const LOG_FIELD = 'usages';

function logged(u: Usage): LoggedRecord {
  return {
    tenant: u.tenant,
    session: u.session,
    feature: u.feature,
    task_id: u.taskId,
    agent: u.agent,
    model: u.model,
    tier: u.tier,
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cost_micros: u.costMicros,
    priced: u.priced,
    cost_source: u.costSource,
    price_version: u.priceVersion,
    idempotency_key: u.idempotencyKey,
    occurred_at_ms: u.occurredAtMs,
  };
}

export function fromLogged(e: Partial<LoggedRecord>): Usage {
  const sources: readonly CostSource[] = ['table', 'explicit', 'unpriced'];
  return {
    tenant: e.tenant ?? '',
    session: e.session ?? '',
    feature: e.feature ?? '',
    taskId: e.task_id ?? '',
    agent: e.agent ?? '',
    model: e.model ?? '',
    tier: e.tier ?? '',
    inputTokens: e.input_tokens ?? 0,
    outputTokens: e.output_tokens ?? 0,
    costMicros: e.cost_micros ?? 0,
    priced: e.priced === true,
    costSource: sources.find((c) => c === e.cost_source) ?? 'unpriced',
    priceVersion: e.price_version ?? '',
    idempotencyKey: e.idempotency_key ?? '',
    occurredAtMs: e.occurred_at_ms ?? 0,
  };
}

/** Field order of a row: count, input tokens, output tokens, priced µ$, unpriced count. */
const METRICS = ['n', 'i', 'o', 'c', 'u'] as const;
type Row = [number, number, number, number, number];

/** Hashes that always receive the same increments (a tenant's day + week hashes, a session, a feature). */
interface Group {
  readonly keys: readonly { key: string; ttl: number }[];
  readonly total: Row;
  readonly cells: Record<Dimension, Map<string, Row>>;
}

function bump(row: Row, u: Usage): void {
  row[0] += 1;
  row[1] += u.inputTokens;
  row[2] += u.outputTokens;
  if (u.priced) row[3] += u.costMicros;
  else row[4] += 1;
}

/** Identity of a record for deduplication: its key within its tenant. */
export function idempotencyIdentity(u: Usage): string {
  return JSON.stringify([u.tenant, u.idempotencyKey]);
}

/**
 * The section for `usages`, plus `order`: the record index behind each position the script may
 * report as a duplicate (keys are grouped per tenant, so positions differ from record indexes).
 */
export function applySection(
  usages: readonly Usage[],
  retention: Retention,
  nowMs: number,
): { args: (string | number)[]; order: number[] } {
  const groups = new Map<string, Group>();
  const logs = new Map<string, string[]>();
  const group = (id: string, keys: () => { key: string; ttl: number }[]): Group => {
    let g = groups.get(id);
    if (!g) {
      g = {
        keys: keys(),
        total: [0, 0, 0, 0, 0],
        cells: { agent: new Map(), model: new Map(), feature: new Map(), tier: new Map() },
      };
      groups.set(id, g);
    }
    return g;
  };
  const add = (g: Group, u: Usage, ids: Record<Dimension, string>): void => {
    bump(g.total, u);
    for (const d of DIMENSIONS) {
      let row = g.cells[d].get(ids[d]);
      if (!row) {
        row = [0, 0, 0, 0, 0];
        g.cells[d].set(ids[d], row);
      }
      bump(row, u);
    }
  };

  for (const u of usages) {
    const day = utcDay(u.occurredAtMs);
    const k = recordKeys(u.tenant, u.session, u.feature, day, isoWeek(u.occurredAtMs));
    const ids = dimensionKeys(u);
    // A tenant's day hash decides its week hash too, so it names the group.
    add(
      group(k.dayTenant, () => [
        { key: k.dayGlobal, ttl: retention.daySeconds },
        { key: k.dayTenant, ttl: retention.daySeconds },
        { key: k.weekGlobal, ttl: retention.weekSeconds },
        { key: k.weekTenant, ttl: retention.weekSeconds },
      ]),
      u,
      ids,
    );
    if (k.session !== '')
      add(
        group(k.session, () => [{ key: k.session, ttl: retention.sessionSeconds }]),
        u,
        ids,
      );
    if (k.feature !== '')
      add(
        group(k.feature, () => [{ key: k.feature, ttl: retention.featureSeconds }]),
        u,
        ids,
      );
    const entries = logs.get(k.log) ?? [];
    entries.push(JSON.stringify(logged(u)));
    logs.set(k.log, entries);
  }

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
  for (const g of groups.values()) {
    for (const { key, ttl } of g.keys)
      METRICS.forEach((m, j) => g.total[j] !== 0 && put(key, ttl, m, g.total[j] ?? 0));
    for (const d of DIMENSIONS)
      for (const [id, row] of g.cells[d]) {
        const prefix = `${DIMENSION_PREFIX[d]}:${enc(id)}:`;
        METRICS.forEach((m, j) => {
          const v = row[j] ?? 0;
          if (v !== 0) for (const { key, ttl } of g.keys) put(key, ttl, prefix + m, v);
        });
      }
  }

  // Idempotency: per tenant, the current window's hash and the previous one. The current hash
  // lives until the end of the next window, so every key is remembered ≥ one full window.
  const windowMs = retention.idempotencySeconds * 1000;
  const window = Math.floor(nowMs / windowMs);
  const ttl = Math.ceil(((window + 2) * windowMs - nowMs) / 1000);
  const byTenant = new Map<string, number[]>();
  usages.forEach((u, i) => {
    const list = byTenant.get(u.tenant) ?? [];
    list.push(i);
    byTenant.set(u.tenant, list);
  });
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
    args.push(key, h.ttl, h.fields.size);
    for (const [field, delta] of h.fields) args.push(field, delta);
  }
  args.push(logs.size, retention.logSeconds, retention.logMaxPerDay);
  for (const [key, entries] of logs) args.push(key, `[${entries.join(',')}]`);
  return { args, order };
}
