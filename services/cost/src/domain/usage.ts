import { costFromTokens, formatMicros, MAX_RECORD_COST_MICROS } from './money';
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
  /** Optional; defaults to the tier of the model in the price table. */
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
  readonly costSource: CostSource;
  readonly priceVersion: string;
  readonly idempotencyKey: string;
  readonly occurredAtMs: number;
}

export interface FieldProblem {
  readonly field: string;
  readonly why: string;
}

export const DEFAULT_TENANT = 'default';
export const UNKNOWN_TIER = 'unknown';
export const MAX_ID_LENGTH = 200;
/** A billion tokens in one call is far past any context window: treat it as garbage. */
export const MAX_TOKENS_PER_RECORD = 1_000_000_000;
const MAX_FUTURE_MS = 5 * 60_000;
/** Older records would land in day buckets that have already expired (30 d retention). */
export const MAX_AGE_MS = 29 * 86_400_000;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Checks an identifier; returns a problem or undefined. */
export function checkId(field: string, value: string, required: boolean): FieldProblem | undefined {
  if (value.trim() === '') return required ? { field, why: 'is required' } : undefined;
  if (value.length > MAX_ID_LENGTH) return { field, why: `must be at most ${MAX_ID_LENGTH} characters` };
  if (CONTROL.test(value)) return { field, why: 'must not contain control characters' };
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
    return { field, why: `${formatMicros(value)} is above the ${formatMicros(MAX_RECORD_COST_MICROS)} per-record limit` };
  return undefined;
}

export interface PriceContext {
  readonly prices: PriceTable;
  readonly nowMs: number;
  /** Used when the record has no idempotency key. */
  readonly newKey: () => string;
}

/** Validates and prices one record: the first problem found, or the record ready to store. */
export function priceUsage(input: UsageInput, ctx: PriceContext): { usage: Usage } | { problem: FieldProblem } {
  const problem =
    checkId('agent', input.agent, true) ??
    checkId('model', input.model, true) ??
    checkId('tenant', input.tenant, false) ??
    checkId('session', input.session, false) ??
    checkId('feature', input.feature, false) ??
    checkId('task_id', input.taskId, false) ??
    checkId('tier', input.tier, false) ??
    checkId('idempotency_key', input.idempotencyKey, false) ??
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
  return {
    usage: {
      tenant: input.tenant.trim() === '' ? DEFAULT_TENANT : input.tenant,
      session: input.session,
      feature: input.feature,
      taskId: input.taskId,
      agent: input.agent,
      model: input.model,
      tier: input.tier !== '' ? input.tier : (price?.tier ?? UNKNOWN_TIER),
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      costMicros,
      priced: costSource !== 'unpriced',
      costSource,
      priceVersion: costSource === 'table' ? ctx.prices.version : '',
      idempotencyKey: input.idempotencyKey !== '' ? input.idempotencyKey : ctx.newKey(),
      occurredAtMs: input.occurredAtMs > 0 ? input.occurredAtMs : ctx.nowMs,
    },
  };
}

function checkTime(occurredAtMs: number, nowMs: number): FieldProblem | undefined {
  if (occurredAtMs === 0) return undefined;
  if (!Number.isSafeInteger(occurredAtMs) || occurredAtMs < 0) return { field: 'occurred_at', why: 'is not a valid time' };
  if (occurredAtMs > nowMs + MAX_FUTURE_MS) return { field: 'occurred_at', why: 'is more than 5 minutes in the future' };
  if (occurredAtMs < nowMs - MAX_AGE_MS) return { field: 'occurred_at', why: 'is older than 29 days (past retention)' };
  return undefined;
}
