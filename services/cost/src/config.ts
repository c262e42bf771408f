import { resolve } from 'node:path';
import { type ConfigOf, int, loadConfig, oneOf, redisSpec, serverSpec, str } from '@superagent/config';

// The only reader of process.env in the cost service.

/** The data files shipped with the package (dist/src/config.js → package root). */
const PACKAGE_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_PRICES_PATH = resolve(PACKAGE_ROOT, 'prices', 'default-prices.yaml');
export const DEFAULT_BUDGETS_PATH = resolve(PACKAGE_ROOT, 'budgets', 'default-budgets.yaml');

/** ioredis's per-command timeout in @superagent/redis: WAIT must finish well inside it. */
const REDIS_COMMAND_TIMEOUT_MS = 5000;

export const costConfigSpec = {
  ...serverSpec(50055),
  ...redisSpec(),
  COST_STORE: oneOf(['memory', 'redis'] as const, {
    default: 'memory',
    doc: 'memory = embedded, single process (dev, demo, tests); redis = shared, durable (REDIS_URL or REDIS_SENTINELS)',
  }),
  COST_PRICES_PATH: str({
    default: DEFAULT_PRICES_PATH,
    doc: 'price table YAML (versioned; reloaded on SIGHUP)',
  }),
  COST_BUDGETS_PATH: str({
    default: DEFAULT_BUDGETS_PATH,
    doc: 'budget policy YAML: session / tenant-daily / global-daily / feature caps, warn % (reloaded on SIGHUP)',
  }),
  COST_WAIT_REPLICAS: int({
    default: 0,
    min: 0,
    max: 16,
    doc: 'acknowledge a write only after this many replicas have it (Redis WAIT); 0 for a standalone Redis, ≥1 behind Sentinel',
  }),
  COST_WAIT_TIMEOUT_MS: int({
    default: 1000,
    min: 1,
    max: REDIS_COMMAND_TIMEOUT_MS - 1,
    doc: 'how long a write waits for replicas before the call fails with UNAVAILABLE (the client retries idempotently)',
  }),
  COST_RESERVATION_TTL_MS: int({
    default: 15 * 60_000,
    min: 1000,
    max: 86_400_000,
    doc: 'reservation lifetime when Reserve gives ttl_ms 0',
  }),
  COST_RESERVATION_MAX_TTL_MS: int({
    default: 86_400_000,
    min: 1000,
    max: 86_400_000,
    doc: 'longest ttl_ms accepted',
  }),
  COST_MAX_BATCH: int({ default: 1000, min: 1, max: 1000, doc: 'most records in one RecordBatch or Commit' }),
  COST_IDEMPOTENCY_TTL_S: int({
    default: 30 * 86_400,
    min: 60,
    doc: 'an idempotency key is remembered at least this long (Redis: up to twice as long), so a repeat is not counted again',
  }),
  COST_SESSION_TTL_S: int({
    default: 3_600,
    min: 60,
    doc: 'session totals expire this long after their last write',
  }),
  COST_LOG_MAX_PER_DAY: int({
    default: 1_000_000,
    min: 1000,
    doc: "approximate cap on entries in a UTC day's log stream (one entry per write; XADD MAXLEN ~)",
  }),
  COST_READINESS_INTERVAL_MS: int({
    default: 1000,
    min: 50,
    doc: 'how often the store is checked; health is NOT_SERVING while it is unreachable',
  }),
};

export type CostConfig = ConfigOf<typeof costConfigSpec>;

export function loadCostConfig(env: NodeJS.ProcessEnv = process.env): CostConfig {
  // Listed with the variables' own problems (a value that did not parse is undefined here).
  return loadConfig(costConfigSpec, env, (config) => {
    const problems: string[] = [];
    if (config.COST_STORE === 'redis') {
      // Given = set, even if malformed (that has its own problem already).
      const hasUrl = (env.REDIS_URL ?? '').trim() !== '';
      const hasSentinels =
        config.REDIS_SENTINELS !== undefined
          ? config.REDIS_SENTINELS.length > 0
          : (env.REDIS_SENTINELS ?? '').trim() !== '';
      if (hasUrl === hasSentinels)
        problems.push(
          `COST_STORE=redis needs exactly one of REDIS_URL or REDIS_SENTINELS (got ${hasUrl ? 'both' : 'neither'})`,
        );
    }
    const ttl = config.COST_RESERVATION_TTL_MS;
    const maxTtl = config.COST_RESERVATION_MAX_TTL_MS;
    if (ttl !== undefined && maxTtl !== undefined && ttl > maxTtl)
      problems.push('COST_RESERVATION_TTL_MS must not exceed COST_RESERVATION_MAX_TTL_MS');
    return problems;
  });
}
