import { dollarsToMicros } from './money';
import { globToRegExp } from './glob';

// Budgets are data (budgets/default-budgets.yaml): per session, per tenant per UTC day and per
// feature, with per-tenant and per-feature-glob overrides. This module parses the document and
// answers "which budgets apply to this call, with which limits".

export type BudgetKind = 'session' | 'tenant_daily' | 'feature';
export type BudgetState = 'ok' | 'warn' | 'stop';

export interface FeatureOverride {
  readonly glob: string;
  readonly pattern: RegExp;
  readonly capMicros: number;
}

export interface TenantOverride {
  readonly sessionMicros?: number;
  readonly tenantDailyMicros?: number;
}

export interface BudgetPolicy {
  readonly version: string;
  /** Warn at this percentage of a limit; stop at 100 %. */
  readonly warnPercent: number;
  readonly sessionMicros: number;
  readonly tenantDailyMicros: number;
  readonly featureDefaultMicros: number;
  readonly featureOverrides: readonly FeatureOverride[];
  readonly tenants: ReadonlyMap<string, TenantOverride>;
}

/** One budget that applies to a call: what it is about and its limit. */
export interface BudgetRef {
  readonly kind: BudgetKind;
  readonly tenant: string;
  /** Set for `session` budgets. */
  readonly session?: string;
  /** Set for `feature` budgets. */
  readonly feature?: string;
  /** UTC day (YYYY-MM-DD), set for `tenant_daily` budgets. */
  readonly day?: string;
  readonly limitMicros: number;
}

export interface BudgetScope {
  readonly tenant: string;
  /** Empty: no session budget applies. */
  readonly session: string;
  /** Empty: no feature cap applies. */
  readonly feature: string;
}

export class BudgetPolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid budget policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BudgetPolicyError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function amount(v: unknown, where: string, problems: string[]): number {
  const micros = typeof v === 'string' || typeof v === 'number' ? dollarsToMicros(v) : undefined;
  if (micros === undefined) {
    problems.push(`${where} must be a non-negative dollar amount with at most 6 decimals`);
    return 0;
  }
  return micros;
}

/** Validates a parsed document; throws BudgetPolicyError listing every problem. */
export function parseBudgetPolicy(doc: unknown): BudgetPolicy {
  if (!isRecord(doc)) throw new BudgetPolicyError(['document must be a mapping']);
  const problems: string[] = [];
  const version = typeof doc.version === 'string' || typeof doc.version === 'number' ? String(doc.version) : '';
  if (version.trim() === '') problems.push('version is required');
  const warnPercent = doc.warn_percent ?? 80;
  if (typeof warnPercent !== 'number' || !Number.isInteger(warnPercent) || warnPercent < 1 || warnPercent > 100)
    problems.push('warn_percent must be an integer from 1 to 100');
  const sessionMicros = amount(doc.session, 'session', problems);
  const tenantDailyMicros = amount(doc.tenant_daily, 'tenant_daily', problems);

  const feature = isRecord(doc.feature) ? doc.feature : {};
  if (!isRecord(doc.feature)) problems.push('feature must be a mapping with default and overrides');
  const featureDefaultMicros = amount(feature.default, 'feature.default', problems);
  const featureOverrides: FeatureOverride[] = [];
  const overrides = feature.overrides ?? [];
  if (!Array.isArray(overrides)) problems.push('feature.overrides must be a list');
  else
    overrides.forEach((o: unknown, i) => {
      const where = `feature.overrides[${i}]`;
      if (!isRecord(o) || typeof o.glob !== 'string' || o.glob === '') {
        problems.push(`${where} needs a glob and a cap`);
        return;
      }
      featureOverrides.push({ glob: o.glob, pattern: globToRegExp(o.glob), capMicros: amount(o.cap, `${where}.cap`, problems) });
    });

  const tenants = new Map<string, TenantOverride>();
  const rawTenants = doc.tenants ?? {};
  if (!isRecord(rawTenants)) problems.push('tenants must be a mapping of tenant id → overrides');
  else
    for (const [tenant, o] of Object.entries(rawTenants)) {
      if (!isRecord(o)) {
        problems.push(`tenants.${tenant} must be a mapping`);
        continue;
      }
      tenants.set(tenant, {
        ...(o.session !== undefined ? { sessionMicros: amount(o.session, `tenants.${tenant}.session`, problems) } : {}),
        ...(o.tenant_daily !== undefined
          ? { tenantDailyMicros: amount(o.tenant_daily, `tenants.${tenant}.tenant_daily`, problems) }
          : {}),
      });
    }
  if (problems.length > 0) throw new BudgetPolicyError(problems);
  return Object.freeze({
    version,
    warnPercent: warnPercent as number,
    sessionMicros,
    tenantDailyMicros,
    featureDefaultMicros,
    featureOverrides: Object.freeze(featureOverrides),
    tenants,
  });
}

export function featureCapMicros(policy: BudgetPolicy, feature: string): number {
  return policy.featureOverrides.find((o) => o.pattern.test(feature))?.capMicros ?? policy.featureDefaultMicros;
}

/** The budgets a call in `scope` on UTC `day` is checked against, most specific first. */
export function budgetsFor(policy: BudgetPolicy, scope: BudgetScope, day: string): BudgetRef[] {
  const tenantOverride = policy.tenants.get(scope.tenant);
  const refs: BudgetRef[] = [];
  if (scope.session !== '')
    refs.push({
      kind: 'session',
      tenant: scope.tenant,
      session: scope.session,
      limitMicros: tenantOverride?.sessionMicros ?? policy.sessionMicros,
    });
  if (scope.feature !== '')
    refs.push({
      kind: 'feature',
      tenant: scope.tenant,
      feature: scope.feature,
      limitMicros: featureCapMicros(policy, scope.feature),
    });
  refs.push({
    kind: 'tenant_daily',
    tenant: scope.tenant,
    day,
    limitMicros: tenantOverride?.tenantDailyMicros ?? policy.tenantDailyMicros,
  });
  return refs;
}

/** ok below the warning threshold, warn from it, stop once the limit is reached. Integer math only. */
export function budgetState(usedMicros: number, limitMicros: number, warnPercent: number): BudgetState {
  if (usedMicros >= limitMicros) return 'stop';
  if (usedMicros * 100 >= limitMicros * warnPercent) return 'warn';
  return 'ok';
}

/** "session budget for session s-1 of tenant acme", for error messages. */
export function describeBudget(ref: BudgetRef): string {
  switch (ref.kind) {
    case 'session':
      return `session budget (tenant "${ref.tenant}", session "${ref.session ?? ''}")`;
    case 'feature':
      return `feature cap (tenant "${ref.tenant}", feature "${ref.feature ?? ''}")`;
    case 'tenant_daily':
      return `tenant daily budget (tenant "${ref.tenant}", day ${ref.day ?? ''})`;
  }
}
