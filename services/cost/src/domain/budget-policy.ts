import { dollarsToMicros } from './money';
import { globToRegExp } from './glob';
import { unknownKeys } from './known-keys';

// Budgets are data (budgets/default-budgets.yaml): per session, per feature, per tenant per UTC day
// and for the whole installation per UTC day, with per-tenant and per-feature-glob overrides. A limit
// of 0 means "no limit configured". This module parses the document and answers "which budgets
// apply to this call, with which limits".

export type BudgetKind = 'session' | 'tenant_daily' | 'feature' | 'global_daily';
/** 'none': no limit configured. */
export type BudgetState = 'none' | 'ok' | 'warn' | 'stop';

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
  /** Warn at this share of a limit, in basis points (8000 = 80 %); stop at 100 %. */
  readonly warnBps: number;
  readonly sessionMicros: number;
  readonly tenantDailyMicros: number;
  readonly globalDailyMicros: number;
  readonly featureDefaultMicros: number;
  readonly featureOverrides: readonly FeatureOverride[];
  readonly tenants: ReadonlyMap<string, TenantOverride>;
}

/**
 * One budget: what it is about and its limit. Session and feature ids are global (the proto's
 * budgets and reports address them by id alone); tenant and global budgets are per UTC day.
 */
export type BudgetRef =
  | { readonly kind: 'session'; readonly session: string; readonly limitMicros: number }
  | { readonly kind: 'feature'; readonly feature: string; readonly limitMicros: number }
  | {
      readonly kind: 'tenant_daily';
      readonly tenant: string;
      readonly day: string;
      readonly limitMicros: number;
    }
  | { readonly kind: 'global_daily'; readonly day: string; readonly limitMicros: number };

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

const TOP_KEYS = ['version', 'warn_percent', 'session', 'tenant_daily', 'global_daily', 'feature', 'tenants'];
const FEATURE_KEYS = ['default', 'overrides'];
const OVERRIDE_KEYS = ['glob', 'cap'];
const TENANT_KEYS = ['session', 'tenant_daily'];

function amount(v: unknown, where: string, problems: string[]): number {
  const micros = typeof v === 'string' || typeof v === 'number' ? dollarsToMicros(v) : undefined;
  if (micros === undefined) {
    problems.push(`${where} must be a non-negative dollar amount with at most 6 decimals (0 = no limit)`);
    return 0;
  }
  return micros;
}

/** Validates a parsed document; throws BudgetPolicyError listing every problem. */
export function parseBudgetPolicy(doc: unknown): BudgetPolicy {
  if (!isRecord(doc)) throw new BudgetPolicyError(['document must be a mapping']);
  const problems: string[] = [];
  unknownKeys(doc, '', TOP_KEYS, problems);
  const version =
    typeof doc.version === 'string' || typeof doc.version === 'number' ? String(doc.version) : '';
  if (version.trim() === '') problems.push('version is required');
  const warnPercent = doc.warn_percent ?? 80;
  if (
    typeof warnPercent !== 'number' ||
    !Number.isInteger(warnPercent) ||
    warnPercent < 1 ||
    warnPercent > 100
  )
    problems.push('warn_percent must be an integer from 1 to 100');
  const sessionMicros = amount(doc.session, 'session', problems);
  const tenantDailyMicros = amount(doc.tenant_daily, 'tenant_daily', problems);
  const globalDailyMicros = amount(doc.global_daily ?? 0, 'global_daily', problems);

  const feature = isRecord(doc.feature) ? doc.feature : {};
  if (!isRecord(doc.feature)) problems.push('feature must be a mapping with default and overrides');
  unknownKeys(feature, 'feature.', FEATURE_KEYS, problems);
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
      unknownKeys(o, `${where}.`, OVERRIDE_KEYS, problems);
      featureOverrides.push({
        glob: o.glob,
        pattern: globToRegExp(o.glob),
        capMicros: amount(o.cap, `${where}.cap`, problems),
      });
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
      unknownKeys(o, `tenants.${tenant}.`, TENANT_KEYS, problems);
      tenants.set(tenant, {
        ...(o.session !== undefined
          ? { sessionMicros: amount(o.session, `tenants.${tenant}.session`, problems) }
          : {}),
        ...(o.tenant_daily !== undefined
          ? { tenantDailyMicros: amount(o.tenant_daily, `tenants.${tenant}.tenant_daily`, problems) }
          : {}),
      });
    }
  if (problems.length > 0) throw new BudgetPolicyError(problems);
  return Object.freeze({
    version,
    warnBps: (warnPercent as number) * 100,
    sessionMicros,
    tenantDailyMicros,
    globalDailyMicros,
    featureDefaultMicros,
    featureOverrides: Object.freeze(featureOverrides),
    tenants,
  });
}

/**
 * The session limit when it is the same whatever the session's tenant, else undefined: a tenant
 * override of `session` makes the limit depend on a tenant that only the caller knows.
 */
export function tenantIndependentSessionMicros(policy: BudgetPolicy): number | undefined {
  for (const o of policy.tenants.values())
    if (o.sessionMicros !== undefined && o.sessionMicros !== policy.sessionMicros) return undefined;
  return policy.sessionMicros;
}

export function featureCapMicros(policy: BudgetPolicy, feature: string): number {
  return (
    policy.featureOverrides.find((o) => o.pattern.test(feature))?.capMicros ?? policy.featureDefaultMicros
  );
}

/**
 * Every budget that applies to a call in `scope` on UTC `day`, most specific first, including
 * those without a limit (limitMicros 0: reported, never enforced).
 */
export function budgetsFor(policy: BudgetPolicy, scope: BudgetScope, day: string): BudgetRef[] {
  const tenantOverride = policy.tenants.get(scope.tenant);
  const refs: BudgetRef[] = [];
  if (scope.session !== '')
    refs.push({
      kind: 'session',
      session: scope.session,
      limitMicros: tenantOverride?.sessionMicros ?? policy.sessionMicros,
    });
  if (scope.feature !== '')
    refs.push({
      kind: 'feature',
      feature: scope.feature,
      limitMicros: featureCapMicros(policy, scope.feature),
    });
  refs.push({
    kind: 'tenant_daily',
    tenant: scope.tenant,
    day,
    limitMicros: tenantOverride?.tenantDailyMicros ?? policy.tenantDailyMicros,
  });
  refs.push({ kind: 'global_daily', day, limitMicros: policy.globalDailyMicros });
  return refs;
}

/** The budgets a reservation is checked and held against: only those with a limit. */
export function enforced(refs: readonly BudgetRef[]): BudgetRef[] {
  return refs.filter((r) => r.limitMicros > 0);
}

/**
 * On spent + reserved: ok below the warning threshold, warn from it, stop once the limit is reached.
 * used / limit ≥ warnBps / 10,000 is compared cross-multiplied in bigint, exact at any amount: as
 * doubles the products pass 2^53 once about $0.9 million is used, and rounded they misjudged the
 * boundary (at 80 %, a limit of $4,125,281,492.599994 with the largest amount below 80 % used was
 * WARN; at 91 %, from about $64 million).
 */
export function budgetState(usedMicros: number, limitMicros: number, warnBps: number): BudgetState {
  if (limitMicros <= 0) return 'none';
  if (usedMicros >= limitMicros) return 'stop';
  if (BigInt(usedMicros) * 10_000n >= BigInt(limitMicros) * BigInt(warnBps)) return 'warn';
  return 'ok';
}

const SEVERITY: Record<BudgetState, number> = { none: 0, ok: 1, warn: 2, stop: 3 };

/** The worst of several states ('none' when there is nothing to judge). */
export function worstState(states: readonly BudgetState[]): BudgetState {
  return states.reduce<BudgetState>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'none');
}

/** Display name used in errors and the Budget message: "session:abc", "tenant:acme:2025-11-26". */
export function budgetName(ref: BudgetRef): string {
  switch (ref.kind) {
    case 'session':
      return `session:${ref.session}`;
    case 'feature':
      return `feature:${ref.feature}`;
    case 'tenant_daily':
      return `tenant:${ref.tenant}:${ref.day}`;
    case 'global_daily':
      return `global:${ref.day}`;
  }
}

/** The id a budget is about (Budget.scope_id). */
export function budgetScopeId(ref: BudgetRef): string {
  switch (ref.kind) {
    case 'session':
      return ref.session;
    case 'feature':
      return ref.feature;
    case 'tenant_daily':
      return ref.tenant;
    case 'global_daily':
      return '';
  }
}

/** A budget with its usage, as reported (Budget message). */
export interface BudgetView {
  readonly ref: BudgetRef;
  /** Priced spend plus unpricedChargeMicros. */
  readonly spentMicros: number;
  /** The part of spentMicros that charges unpriced usage at the dearest rates. */
  readonly unpricedChargeMicros: number;
  readonly heldMicros: number;
  /** limit − spent − held, never below 0; 0 when there is no limit. */
  readonly remainingMicros: number;
  readonly state: BudgetState;
}

export function budgetView(
  ref: BudgetRef,
  spentMicros: number,
  heldMicros: number,
  warnBps: number,
  unpricedChargeMicros = 0,
): BudgetView {
  const used = spentMicros + heldMicros;
  return {
    ref,
    spentMicros,
    unpricedChargeMicros,
    heldMicros,
    remainingMicros: ref.limitMicros > 0 ? Math.max(0, ref.limitMicros - used) : 0,
    state: budgetState(used, ref.limitMicros, warnBps),
  };
}
