import { costFromTokens, formatMicros, MAX_RECORD_COST_MICROS } from './money';
import { DAY_BUCKET_DAYS, oldestKeptDayMs, utcDay } from './periods';
import type { PriceTable } from './price-table';

// A usage record: who spent what on which model. Validation names the offending field (snake_case,
// as in the proto) so handlers can turn it into INVALID_ARGUMENT without further thought.

export interface UsageInput {
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly taskId: string;
  readonly agent: string;
  readonly model: string;
  /** Tier name ("haiku"…) or '' for the tier of the model in the price table. */
  readonly tier: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** An explicit cost in µ$ (e.g. what the provider billed); undefined → priced from the table. */
  readonly costMicros?: number | undefined;
  /** Empty → the caller has no retry protection and the service makes one up. */
  readonly idempotencyKey: string;
  /** When the call happened (ms since epoch); 0 → now. Decides the day/week bucket. */
  readonly occurredAtMs: number;
}

export type CostSource = 'table' | 'explicit' | 'unpriced';

/** A validated, priced record, ready for a store. */
export interface Usage {
  readonly tenant: string;
  readonly session: string;
  readonly feature: string;
  readonly taskId: string;
  readonly agent: string;
  readonly model: string;
  readonly tier: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** 0 when unpriced: such records are counted separately, never summed as $0 spend. */
  readonly costMicros: number;
  readonly priced: boolean;
  /**
   * Unpriced records only (0 for the others): what the record counts against budgets, since its
   * cost is unknown. Its tokens at the dearest input and output rates of the table it was priced
   * with (PriceTable.dearest), rounded up like a cost and at most MAX_RECORD_COST_MICROS (no
   * accepted record can cost more). Reports never add it to spend: the record stays unpriced there.
   * 0 when that table has no paid rate for its tokens (unpricedChargeMissing).
   */
  readonly unpricedChargeMicros: number;
  readonly costSource: CostSource;
  readonly priceVersion: string;
  readonly idempotencyKey: string;
  readonly occurredAtMs: number;
  /**
   * Files the record under this time's UTC day and ISO week in place of occurredAtMs's: a Commit's
   * records go to the day their reservation was made on, whose daily budgets held them (README,
   * Budgets). Absent: occurredAtMs decides (see filingMs).
   */
  readonly filedAtMs?: number;
}

export interface FieldProblem {
  readonly field: string;
  readonly why: string;
}

export const DEFAULT_TENANT = 'default';
export const UNKNOWN_TIER = 'unknown';
/** Byte limits from the proto (UTF-8 bytes, since that is what a key or a log line costs). */
export const MAX_BYTES = { agent: 64, model: 128, idempotency_key: 256, other: 256 } as const;
/** 100M tokens in one call is far past any context window: treat more as garbage (proto limit). */
export const MAX_TOKENS_PER_RECORD = 100_000_000;
const MAX_FUTURE_MS = 5 * 60_000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A tenant id that is empty or only whitespace names no tenant. Every RPC reads it that way (the
 * proto's "empty = the default tenant"), so a budget is checked on the same tenant the spend is
 * filed under.
 */
export function namesNoTenant(tenant: string): boolean {
  return tenant.trim() === '';
}

/** The tenant an id stands for: the default tenant when it names none. */
export function tenantOrDefault(tenant: string): string {
  return namesNoTenant(tenant) ? DEFAULT_TENANT : tenant;
}

/**
 * An optional id (session, feature, task, idempotency key) that is empty or only whitespace names
 * nothing: '' (none), as the proto's "empty = none" says. Taken as an id it would be a session or
 * feature no report can address (scope_id rejects it as blank), an idempotency key that drops
 * every later record sharing it, and it would escape the length and control-character limits.
 */
export function noneIfBlank(id: string): string {
  return id.trim() === '' ? '' : id;
}

/** C0 controls and DEL: they break logs and terminals, and no id needs them. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Checks an identifier; returns a problem or undefined. */
export function checkId(
  field: string,
  value: string,
  required: boolean,
  maxBytes: number = MAX_BYTES.other,
): FieldProblem | undefined {
  if (value.trim() === '') return required ? { field, why: 'is required' } : undefined;
  if (Buffer.byteLength(value, 'utf8') > maxBytes) return { field, why: `must be at most ${maxBytes} bytes` };
  if (hasControlCharacter(value)) return { field, why: 'must not contain control characters' };
  // A lone surrogate cannot be stored as UTF-8: it would silently become U+FFFD and merge ids.
  if (LONE_SURROGATE.test(value)) return { field, why: 'must be valid UTF-8' };
  return undefined;
}

export function checkTokens(field: string, value: number): FieldProblem | undefined {
  if (!Number.isSafeInteger(value)) return { field, why: 'must be an integer' };
  if (value < 0) return { field, why: 'must not be negative' };
  if (value > MAX_TOKENS_PER_RECORD) return { field, why: `must be at most ${MAX_TOKENS_PER_RECORD}` };
  return undefined;
}

export function checkCost(field: string, value: number): FieldProblem | undefined {
  if (!Number.isSafeInteger(value)) return { field, why: 'must be an integer number of micro-dollars' };
  if (value < 0) return { field, why: 'must not be negative' };
  if (value > MAX_RECORD_COST_MICROS)
    return {
      field,
      why: `${formatMicros(value)} is above the ${formatMicros(MAX_RECORD_COST_MICROS)} per-record limit`,
    };
  return undefined;
}

export interface PriceContext {
  readonly prices: PriceTable;
  readonly nowMs: number;
  /** Used when the record has no idempotency key. */
  readonly newKey: () => string;
}

/** Validates and prices one record: the first problem found, or the record ready to store. */
export function priceUsage(
  input: UsageInput,
  ctx: PriceContext,
): { usage: Usage } | { problem: FieldProblem } {
  const problem =
    checkId('agent', input.agent, true, MAX_BYTES.agent) ??
    checkId('model', input.model, true, MAX_BYTES.model) ??
    checkId('tenant_id', input.tenant, false) ??
    checkId('session_id', input.session, false) ??
    checkId('feature_id', input.feature, false) ??
    checkId('task_id', input.taskId, false) ??
    checkId('idempotency_key', input.idempotencyKey, false, MAX_BYTES.idempotency_key) ??
    checkTokens('input_tokens', input.inputTokens) ??
    checkTokens('output_tokens', input.outputTokens) ??
    (input.costMicros === undefined ? undefined : checkCost('cost_micros', input.costMicros)) ??
    checkTime(input.occurredAtMs, ctx.nowMs);
  if (problem) return { problem };

  const price = ctx.prices.lookup(input.model);
  let costMicros = 0;
  let costSource: CostSource = 'unpriced';
  if (input.costMicros !== undefined) {
    costMicros = input.costMicros;
    costSource = 'explicit';
  } else if (price) {
    costMicros = costFromTokens(
      input.inputTokens,
      input.outputTokens,
      price.inputMicrosPerMillion,
      price.outputMicrosPerMillion,
    );
    costSource = 'table';
    if (costMicros > MAX_RECORD_COST_MICROS)
      return {
        problem: {
          field: 'input_tokens',
          why: `with output_tokens prices at ${formatMicros(costMicros)}, above the ${formatMicros(MAX_RECORD_COST_MICROS)} per-record limit`,
        },
      };
  }
  const unpricedChargeMicros =
    costSource === 'unpriced'
      ? Math.min(
          MAX_RECORD_COST_MICROS,
          costFromTokens(
            input.inputTokens,
            input.outputTokens,
            ctx.prices.dearest.inputMicrosPerMillion,
            ctx.prices.dearest.outputMicrosPerMillion,
          ),
        )
      : 0;
  return {
    usage: {
      tenant: tenantOrDefault(input.tenant),
      session: noneIfBlank(input.session),
      feature: noneIfBlank(input.feature),
      taskId: noneIfBlank(input.taskId),
      agent: input.agent,
      model: input.model,
      tier: input.tier !== '' ? input.tier : (price?.tier ?? UNKNOWN_TIER),
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      costMicros,
      priced: costSource !== 'unpriced',
      unpricedChargeMicros,
      costSource,
      priceVersion: costSource === 'table' ? ctx.prices.version : '',
      idempotencyKey: noneIfBlank(input.idempotencyKey) !== '' ? input.idempotencyKey : ctx.newKey(),
      occurredAtMs: input.occurredAtMs > 0 ? input.occurredAtMs : ctx.nowMs,
    },
  };
}

/**
 * An unpriced record with tokens that its price table had no paid rate to charge for (a table of
 * free models only): it is recorded, but no budget can count it. The caller logs it as an error.
 */
export function unpricedChargeMissing(usage: Usage): boolean {
  return !usage.priced && usage.unpricedChargeMicros === 0 && usage.inputTokens + usage.outputTokens > 0;
}

function checkTime(occurredAtMs: number, nowMs: number): FieldProblem | undefined {
  if (occurredAtMs === 0) return undefined;
  const field = 'timestamp_unix_ms';
  if (!Number.isSafeInteger(occurredAtMs) || occurredAtMs < 0) return { field, why: 'is not a valid time' };
  if (occurredAtMs > nowMs + MAX_FUTURE_MS) return { field, why: 'is more than 5 minutes in the future' };
  // A record is charged to its own UTC day for as long as that day is kept and reported (today and
  // the 29 days before it), whatever the time of day: the oldest day takes records from its
  // 00:00, not from 29 × 24 h before now (which refused the early hours of a day still reported).
  const oldest = oldestKeptDayMs(nowMs);
  if (occurredAtMs < oldest)
    return {
      field,
      why: `is on ${utcDay(occurredAtMs)}, before ${utcDay(oldest)} (${DAY_BUCKET_DAYS - 1} days before today, UTC): days are kept ${DAY_BUCKET_DAYS} days, so it could no longer be reported`,
    };
  return undefined;
}
