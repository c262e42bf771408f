import { resolve } from 'node:path';
import {
  address,
  bool,
  type ConfigOf,
  int,
  list,
  loadConfig,
  oneOf,
  redisSpec,
  serverSpec,
  str,
} from '@superagent/config';
import { pipelineConfigSpec } from './pipeline/config-spec';

/** The policy shipped with the service (services/router/policy/), two levels above dist/src. */
export const DEFAULT_POLICY_PATH = resolve(__dirname, '..', '..', 'policy', 'default-policy.yaml');

export const routerConfigSpec = {
  ...serverSpec(50051),
  ...pipelineConfigSpec,
  ...redisSpec(),
  ROUTER_API_KEYS: list(str(), {
    optional: true,
    secret: true,
    doc: 'per-tenant API keys as tenant:key,tenant:key (from a Secret; keys ≥ 16 printable ASCII, several per tenant allowed): every RouterService RPC then needs x-api-key metadata (else UNAUTHENTICATED), a request naming another tenant is PERMISSION_DENIED, an empty tenant_id becomes the tenant of the key, GetStats takes any valid key; health and reflection stay open; unset = no auth (development)',
  }),
  ROUTER_POLICY_PATH: str({
    optional: true,
    doc: 'routing policy YAML; unset = the policy bundled with the service (services/router/policy/default-policy.yaml)',
  }),
  ROUTER_POLICY_WATCH: bool({
    default: true,
    doc: 'reload the policy when its file changes (SIGHUP always reloads)',
  }),
  ROUTER_POLICY_DEBOUNCE_MS: int({
    default: 200,
    min: 0,
    max: 60_000,
    doc: 'quiet time after a file change before reloading',
  }),
  ROUTER_PROVIDERS: list(str({ pattern: /^[a-z][a-z0-9_-]*$/ }), {
    optional: true,
    doc: 'providers with credentials, e.g. "anthropic"; unset = derived from ANTHROPIC_API_KEY / GOOGLE_API_KEY presence (local is always available)',
  }),
  ANTHROPIC_API_KEY: str({
    optional: true,
    secret: true,
    doc: 'only its presence is used: makes provider anthropic available',
  }),
  GOOGLE_API_KEY: str({
    optional: true,
    secret: true,
    doc: 'only its presence is used: makes provider google available',
  }),
  ROUTER_CACHE_SIZE: int({
    default: 10_000,
    min: 0,
    doc: 'decision cache: descriptions kept, LRU, each with its few variants (0 disables the cache)',
  }),
  ROUTER_STATS_SAMPLE_EVERY: int({
    default: 64,
    min: 1,
    doc: 'time one complexity estimate in this many (GetStats estimator timings)',
  }),
  ROUTER_BUDGET_VIEW: oneOf(['cost', 'off'] as const, {
    default: 'cost',
    doc: 'cost = budgets from CostService.GetBudget (cached); off = the router reads no budgets (embedded use, benchmarks)',
  }),
  COST_ADDR: address({ default: '127.0.0.1:50055', doc: 'cost service host:port' }),
  ROUTER_BUDGET_TTL_MS: int({
    default: 2_000,
    min: 0,
    doc: 'a budget answer younger than this is used without a call',
  }),
  ROUTER_BUDGET_MAX_STALE_MS: int({
    default: 30_000,
    min: 0,
    doc: 'an older answer is still used (refreshed in the background) up to this age; beyond it the decision waits',
  }),
  ROUTER_BUDGET_FAILURE_TTL_MS: int({
    default: 1_000,
    min: 0,
    doc: 'after a failed GetBudget, the scope stays "unknown" (local tier only) this long before the next try',
  }),
  ROUTER_BUDGET_DEADLINE_MS: int({ default: 500, min: 10, doc: 'deadline of one GetBudget call' }),
  ROUTER_BUDGET_SCOPES: int({
    default: 10_000,
    min: 1,
    doc: 'tenant/session/feature scopes whose budget answer is kept',
  }),
};

/** The parsed environment, with ROUTER_POLICY_PATH resolved to the bundled policy when unset. */
export type RouterConfig = Omit<ConfigOf<typeof routerConfigSpec>, 'ROUTER_POLICY_PATH'> & {
  readonly ROUTER_POLICY_PATH: string;
};

/** Parses the environment once; throws a ConfigError listing every problem, cross-field ones included. */
export function loadRouterConfig(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  // The rules across variables are listed with the variables' own problems (a value that did not
  // parse is undefined here, and a rule on it is left to that problem).
  const config = loadConfig(routerConfigSpec, env, (c) => {
    const problems: string[] = [];
    const maxStale = c.ROUTER_BUDGET_MAX_STALE_MS;
    const ttl = c.ROUTER_BUDGET_TTL_MS;
    if (maxStale !== undefined && ttl !== undefined && maxStale < ttl)
      problems.push(`ROUTER_BUDGET_MAX_STALE_MS (${maxStale}) must be ≥ ROUTER_BUDGET_TTL_MS (${ttl})`);
    // Given = set, even if malformed (that has its own problem already).
    const hasUrl = (env.REDIS_URL ?? '').trim() !== '';
    const hasSentinels = (env.REDIS_SENTINELS ?? '').replaceAll(',', '').trim() !== '';
    // Both set would leave one silently ignored: which Redis holds the tasks must not be a guess.
    if (c.PIPELINE_STORE === 'redis' && hasUrl === hasSentinels)
      problems.push(
        `PIPELINE_STORE=redis needs exactly one of REDIS_URL or REDIS_SENTINELS (got ${hasUrl ? 'both' : 'neither'})`,
      );
    return problems;
  });
  return Object.freeze({ ...config, ROUTER_POLICY_PATH: config.ROUTER_POLICY_PATH ?? DEFAULT_POLICY_PATH });
}

/** Providers whose tiers may be chosen: `local` always, plus those with credentials. */
export function availableProviders(config: RouterConfig): Set<string> {
  const providers = new Set<string>(['local']);
  if (config.ROUTER_PROVIDERS !== undefined) {
    for (const p of config.ROUTER_PROVIDERS) providers.add(p);
    return providers;
  }
  if (config.ANTHROPIC_API_KEY !== undefined && config.ANTHROPIC_API_KEY !== '') providers.add('anthropic');
  if (config.GOOGLE_API_KEY !== undefined && config.GOOGLE_API_KEY !== '') providers.add('google');
  return providers;
}
