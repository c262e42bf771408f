// Money is integer micro-dollars (µ$) everywhere; the policy file writes dollars as decimal strings
// ("0.50") and this module converts them exactly, without floating-point arithmetic.

export const MICROS_PER_DOLLAR = 1_000_000;

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

/** "0.50" or 0.5 → 500000; undefined for negative, non-decimal or over-precise input. */
export function dollarsToMicros(value: unknown): number | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // The shortest round-trip string is the literal the author wrote for ≤ 6 decimals.
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * MICROS_PER_DOLLAR + Number((m[2] ?? '').padEnd(6, '0'));
}

/** 2500000 → "$2.50" (cents when exact, all six decimals otherwise). */
export function formatDollars(micros: number): string {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  const whole = Math.floor(abs / MICROS_PER_DOLLAR);
  const frac = abs % MICROS_PER_DOLLAR;
  const decimals =
    frac % 10_000 === 0 ? String(frac / 10_000).padStart(2, '0') : String(frac).padStart(6, '0');
  return `${sign}$${whole}.${decimals}`;
}
