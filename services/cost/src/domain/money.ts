// Money is an integer number of micro-dollars (µ$, 1e-6 USD) everywhere: in protos (int64), in the
// stores (HINCRBY) and in every sum. JS numbers hold integers exactly up to 2^53 µ$ (≈ $9e9), far
// above any total this service keeps, so no bigint leaks out of this module.

export const MICROS_PER_DOLLAR = 1_000_000;
export const TOKENS_PER_PRICE_UNIT = 1_000_000;
/** No single usage record may cost more than this ($10,000): anything above is a bug or an attack. */
export const MAX_RECORD_COST_MICROS = 10_000 * MICROS_PER_DOLLAR;

const DECIMAL = /^(\d{1,12})(?:\.(\d{1,6}))?$/;

/**
 * Converts a decimal dollar amount ("0.80", 3, "1.25") to µ$ without floating-point arithmetic.
 * Numbers are converted through their shortest round-trip string, which is the literal the author
 * wrote for any value with ≤ 6 decimals. Returns undefined for negative, non-decimal or over-precise
 * input so the caller can name the offending field.
 */
export function dollarsToMicros(value: string | number): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const whole = Number(m[1]);
  const frac = Number((m[2] ?? '').padEnd(6, '0'));
  const micros = whole * MICROS_PER_DOLLAR + frac;
  return Number.isSafeInteger(micros) ? micros : undefined;
}

/** "$5.050000": six decimals so a report shows every micro-dollar. */
export function formatMicros(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_DOLLAR);
  const frac = String(abs % MICROS_PER_DOLLAR).padStart(6, '0');
  return `${sign}$${whole}.${frac}`;
}

/**
 * Cost of a call in µ$ from token counts and prices in µ$ per million tokens.
 *
 * Rounding rule (one rounding per record, upwards): the exact rational cost
 * (input × inputPrice + output × outputPrice) / 1e6 is computed in integer arithmetic and rounded
 * UP to the next whole µ$. So a record is never under-charged, a non-zero usage never rounds to $0,
 * and the error per record is < 1 µ$ (< $0.0001 even for 100 records, the original's accuracy bar).
 * When tokens × price could pass 2^53 the product is taken in bigint, so it stays exact.
 */
export function costFromTokens(
  inputTokens: number,
  outputTokens: number,
  inputMicrosPerMillion: number,
  outputMicrosPerMillion: number,
): number {
  const exact = inputTokens * inputMicrosPerMillion + outputTokens * outputMicrosPerMillion;
  if (Number.isSafeInteger(exact)) {
    // Every term is a safe integer, so this is exact integer arithmetic (the common, fast case).
    const quotient = Math.floor(exact / TOKENS_PER_PRICE_UNIT);
    return exact % TOKENS_PER_PRICE_UNIT === 0 ? quotient : quotient + 1;
  }
  const numerator =
    BigInt(inputTokens) * BigInt(inputMicrosPerMillion) +
    BigInt(outputTokens) * BigInt(outputMicrosPerMillion);
  const unit = BigInt(TOKENS_PER_PRICE_UNIT);
  const quotient = numerator / unit;
  const cost = numerator % unit === 0n ? quotient : quotient + 1n;
  return Number(cost);
}

/** Exact integer sum; throws rather than lose precision (a sum past 2^53 µ$ is a corrupted store). */
export function addMicros(a: number, b: number): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new RangeError(`micro-dollar sum ${a} + ${b} is not a safe integer`);
  return sum;
}
