// Budget status as the router sees it: spend (spent + reserved) per budget from the cost service's
// view, compared with the policy's limits and thresholds (warn at 80 %, stop at 100 % by default;
// exactly 80 % is WARN, exactly 100 % is STOP), folded with the status the cost service itself
// reports for its own limits. The worst status wins.
import type { BudgetSpec } from './policy';
import { formatDollars } from './money';

export type BudgetKind = 'session' | 'tenant_day' | 'feature' | 'global_day';
/** 'none': no limit applies. */
export type BudgetState = 'none' | 'ok' | 'warn' | 'stop';

/** One budget as the cost service reports it. */
export interface BudgetUsage {
  readonly kind: BudgetKind;
  /** Display name, e.g. "session:abc" or "tenant:acme:2025-11-26". */
  readonly name: string;
  /** Spent + reserved, micro-dollars. */
  readonly usedMicros: number;
  /** The cost service's own limit (0 = none). */
  readonly limitMicros: number;
  /** The cost service's own status for its limit. */
  readonly status: BudgetState;
}

/** What a BudgetView answers for one scope. */
export type BudgetSnapshot =
  | { readonly kind: 'known'; readonly budgets: readonly BudgetUsage[] }
  /** The view cannot say (the cost service is unreachable): paid tiers must not be chosen. */
  | { readonly kind: 'unknown'; readonly reason: string }
  /** Budgets are not read at all (configured off): nothing is enforced by the router. */
  | { readonly kind: 'off' };

export interface BudgetScope {
  readonly tenantId: string;
  readonly sessionId: string;
  readonly featureId: string;
}

export interface BudgetVerdict {
  readonly state: BudgetState;
  /** The budget behind a WARN or STOP, for reasons and RESOURCE_EXHAUSTED messages. */
  readonly worst?: {
    readonly name: string;
    readonly percent: number;
    readonly usedMicros: number;
    readonly limitMicros: number;
    /** Whose limit: the routing policy's or the cost service's. */
    readonly source: 'policy' | 'cost service';
  };
}

const RANK: Readonly<Record<BudgetState, number>> = { none: 0, ok: 1, warn: 2, stop: 3 };
const SAFE_PRODUCT_LIMIT = Math.floor(Number.MAX_SAFE_INTEGER / 1000);

/** used ≥ limit × percent / 100, exactly, in integers. */
function atLeastPercent(used: number, limit: number, percent: number): boolean {
  if (used <= SAFE_PRODUCT_LIMIT && limit <= SAFE_PRODUCT_LIMIT) return used * 100 >= limit * percent;
  return BigInt(used) * 100n >= BigInt(limit) * BigInt(percent);
}

export function stateFor(
  usedMicros: number,
  limitMicros: number,
  spec: Pick<BudgetSpec, 'warnPercent' | 'stopPercent'>,
): BudgetState {
  if (limitMicros <= 0) return 'none';
  if (atLeastPercent(usedMicros, limitMicros, spec.stopPercent)) return 'stop';
  if (atLeastPercent(usedMicros, limitMicros, spec.warnPercent)) return 'warn';
  return 'ok';
}

function percentOf(used: number, limit: number): number {
  return limit > 0 ? Math.floor((used * 100) / limit) : 0;
}

const OK: BudgetVerdict = Object.freeze({ state: 'ok' });
const NONE: BudgetVerdict = Object.freeze({ state: 'none' });

/**
 * The worst status over every budget that applies to `scope`: the policy's session limit (when
 * there is a session) and daily limit against the reported spend, and each budget's own status
 * from the cost service. Runs on every decision, so it allocates only for a WARN or STOP.
 */
export function evaluateBudgets(
  spec: BudgetSpec,
  scope: BudgetScope,
  budgets: readonly BudgetUsage[],
): BudgetVerdict {
  let session: BudgetUsage | undefined;
  let daily: BudgetUsage | undefined;
  let state: BudgetState = 'none';
  let worst: BudgetUsage | undefined; // a cost-service budget that is the worst so far
  for (const b of budgets) {
    if (b.kind === 'session') session = b;
    else if (b.kind === 'tenant_day') daily = b;
    if (RANK[b.status] > RANK[state]) {
      state = b.status;
      worst = b;
    }
  }
  // The policy's limits come second and win only when strictly worse (no closure, no allocation).
  const sessionUsed = session?.usedMicros ?? 0;
  const dailyUsed = daily?.usedMicros ?? 0;
  const sessionState =
    scope.sessionId !== '' && spec.sessionMicros > 0
      ? stateFor(sessionUsed, spec.sessionMicros, spec)
      : 'none';
  const dailyState = spec.dailyMicros > 0 ? stateFor(dailyUsed, spec.dailyMicros, spec) : 'none';
  let policyPick: 'session' | 'daily' | undefined;
  if (RANK[sessionState] > RANK[state]) {
    state = sessionState;
    policyPick = 'session';
  }
  if (RANK[dailyState] > RANK[state]) {
    state = dailyState;
    policyPick = 'daily';
  }
  if (state === 'ok') return OK;
  if (state === 'none') return NONE;
  if (policyPick === 'session')
    return verdictOf(
      state,
      session?.name ?? `session:${scope.sessionId}`,
      sessionUsed,
      spec.sessionMicros,
      'policy',
    );
  if (policyPick === 'daily') {
    const tenant = scope.tenantId === '' ? 'default' : scope.tenantId;
    return verdictOf(state, daily?.name ?? `tenant:${tenant}:today`, dailyUsed, spec.dailyMicros, 'policy');
  }
  if (worst !== undefined)
    return verdictOf(state, worst.name, worst.usedMicros, worst.limitMicros, 'cost service');
  return { state };
}

function verdictOf(
  state: BudgetState,
  name: string,
  usedMicros: number,
  limitMicros: number,
  source: 'policy' | 'cost service',
): BudgetVerdict {
  return {
    state,
    worst: { name, percent: percentOf(usedMicros, limitMicros), usedMicros, limitMicros, source },
  };
}

/** "budget session:abc at 100% ($5.00 of $5.00, policy limit)". */
export function describeBudget(verdict: BudgetVerdict): string {
  const w = verdict.worst;
  if (!w) return 'no budget limit applies';
  return `budget ${w.name} at ${w.percent}% (${formatDollars(w.usedMicros)} of ${formatDollars(w.limitMicros)}, ${w.source} limit)`;
}
