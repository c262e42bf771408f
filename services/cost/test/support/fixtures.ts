import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseBudgetPolicy, type BudgetPolicy } from '../../src/domain/budget-policy';
import { parsePriceTable, type PriceTable } from '../../src/domain/price-table';
import { priceUsage, type Usage, type UsageInput } from '../../src/domain/usage';

export const PRICES_PATH = join(__dirname, '../../../prices/default-prices.yaml');
export const BUDGETS_PATH = join(__dirname, '../../../budgets/default-budgets.yaml');

export function loadDefaultPrices(): PriceTable {
  return parsePriceTable(parse(readFileSync(PRICES_PATH, 'utf8')));
}

export function loadDefaultBudgets(): BudgetPolicy {
  return parseBudgetPolicy(parse(readFileSync(BUDGETS_PATH, 'utf8')));
}

/** A clock tests move by hand, so expiry is tested without sleeping. */
export interface TestClock {
  readonly now: () => number;
  readonly advance: (ms: number) => void;
}

export function testClock(startMs = Date.now()): TestClock {
  let t = startMs;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const DAY_MS = 86_400_000;

/** Moves `clock` forward to the next `hh:mm` UTC (a whole day when it is that time already). */
export function advanceToUtc(clock: TestClock, hh: number, mm: number): void {
  const target = (hh * 60 + mm) * 60_000;
  const into = clock.now() % DAY_MS;
  clock.advance((target - into + DAY_MS) % DAY_MS || DAY_MS);
}

let seq = 0;

/** A priced usage through the real pricing code and the shipped price table. */
export function makeUsage(prices: PriceTable, nowMs: number, input: Partial<UsageInput> = {}): Usage {
  const r = priceUsage(
    {
      tenant: 'acme',
      session: '',
      feature: '',
      taskId: '',
      agent: 'scribe',
      model: 'gemini-2.5-pro',
      tier: '',
      inputTokens: 0,
      outputTokens: 0,
      idempotencyKey: `key-${process.pid}-${++seq}`,
      occurredAtMs: 0,
      ...input,
    },
    { prices, nowMs, newKey: () => `gen-${++seq}` },
  );
  if ('problem' in r) throw new Error(`bad fixture: ${r.problem.field} ${r.problem.why}`);
  return r.usage;
}

/** Runs `total` tasks on `workers` concurrent workers. */
export async function onWorkers(
  workers: number,
  total: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) await task(next++);
    }),
  );
}
