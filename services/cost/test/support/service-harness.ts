import { createClient, startTestServer, type GrpcClient, type TestServer } from '@superagent/grpc';
import { silentLogger, type Logger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import type { BudgetPolicy } from '../../src/domain/budget-policy';
import type { PriceTable } from '../../src/domain/price-table';
import type { VersionedSource } from '../../src/ledger';
import type { CostMetrics } from '../../src/metrics';
import type { CostStore } from '../../src/store/cost-store';
import { createMemoryCostStore } from '../../src/store/memory-store';
import { createCostService } from '../../src/server';
import { loadDefaultBudgets, loadDefaultPrices, testClock, type TestClock } from './fixtures';

export type CostClient = GrpcClient<typeof cost.CostServiceService>;

export interface CostHarness {
  readonly server: TestServer;
  readonly client: CostClient;
  readonly clock: TestClock;
  readonly store: CostStore;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Default: an in-memory store on the harness clock. */
  store?: (clock: TestClock) => CostStore;
  budgets?: BudgetPolicy;
  prices?: PriceTable;
  /** In place of `prices`: a source that changes (a reloadable file). */
  priceSource?: VersionedSource<PriceTable>;
  metrics?: CostMetrics;
  /** The service's logger (default: silent). */
  logger?: Logger;
}

export function fixed<T>(value: T): { current(): T; loadedAtMs(): number } {
  const at = Date.now();
  return { current: () => value, loadedAtMs: () => at };
}

/** The real CostService on 127.0.0.1:0 and a real generated client over loopback. */
export async function startCostHarness(options: HarnessOptions = {}): Promise<CostHarness> {
  const clock = testClock();
  const store = options.store?.(clock) ?? createMemoryCostStore({ now: clock.now });
  const service = createCostService({
    store,
    prices: options.priceSource ?? fixed(options.prices ?? loadDefaultPrices()),
    budgets: fixed(options.budgets ?? loadDefaultBudgets()),
    logger: options.logger ?? silentLogger(),
    ...(options.metrics ? { metrics: options.metrics } : {}),
    now: clock.now,
    defaultReservationTtlMs: 15 * 60_000,
    maxReservationTtlMs: 86_400_000,
    maxBatch: 1000,
  });
  const server = await startTestServer([service], { name: 'cost' });
  const client = createClient(cost.CostServiceService, server.address, {
    target: 'cost',
    defaultDeadlineMs: 10_000,
    logger: silentLogger(),
    breaker: false,
  });
  return {
    server,
    client,
    clock,
    store,
    async stop() {
      client.close();
      await server.stop();
    },
  };
}

/** A UsageRecord with every field at its proto default, overridden by `fields`. */
export function usageRecord(fields: Partial<cost.UsageRecord>): cost.UsageRecord {
  return {
    agent: 'scribe',
    model: 'claude-haiku-4-5',
    inputTokens: 0,
    outputTokens: 0,
    featureId: '',
    taskId: '',
    sessionId: '',
    tenantId: '',
    idempotencyKey: '',
    timestampUnixMs: 0,
    tier: 0,
    ...fields,
  };
}
