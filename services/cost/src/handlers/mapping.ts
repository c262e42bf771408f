import { invalidArgument } from '@superagent/grpc';
import { common, cost } from '@superagent/proto';
import type { BudgetKind, BudgetState, BudgetView } from '../domain/budget-policy';
import { budgetName, budgetScopeId } from '../domain/budget-policy';
import type { TierName } from '../domain/price-table';
import type { BreakdownRow } from '../domain/report';
import type { UsageInput } from '../domain/usage';
import type { RecordOutcome } from '../ledger';

// Proto ⇄ domain. Nothing here decides anything; it only renames and converts enums.

const TIER_NAMES: Partial<Record<common.Tier, TierName>> = {
  [common.Tier.LOCAL]: 'local',
  [common.Tier.HAIKU]: 'haiku',
  [common.Tier.SONNET]: 'sonnet',
  [common.Tier.OPUS]: 'opus',
};

const TIER_ENUMS: Record<TierName, common.Tier> = {
  local: common.Tier.LOCAL,
  haiku: common.Tier.HAIKU,
  sonnet: common.Tier.SONNET,
  opus: common.Tier.OPUS,
};

export function tierEnum(name: TierName): common.Tier {
  return TIER_ENUMS[name];
}

/** `field` names the enum in errors (e.g. `records[3].tier`). */
function tierName(tier: common.Tier, field: string): string {
  if (tier === common.Tier.UNSPECIFIED) return '';
  const name = TIER_NAMES[tier];
  if (name === undefined) throw invalidArgument(field, `unknown tier ${tier}`);
  return name;
}

export function usageInput(r: cost.UsageRecord, field: string): UsageInput {
  return {
    tenant: r.tenantId,
    session: r.sessionId,
    feature: r.featureId,
    taskId: r.taskId,
    agent: r.agent,
    model: r.model,
    tier: tierName(r.tier, `${field}.tier`),
    inputTokens: r.inputTokens,
    outputTokens: r.outputTokens,
    costMicros: r.costMicros,
    idempotencyKey: r.idempotencyKey,
    occurredAtMs: r.timestampUnixMs,
  };
}

export function recordResult(o: RecordOutcome): cost.RecordResult {
  return { recorded: o.recorded, duplicate: !o.recorded, costMicros: o.costMicros, priced: o.priced };
}

const STATUS: Record<BudgetState, common.BudgetStatus> = {
  none: common.BudgetStatus.UNSPECIFIED,
  ok: common.BudgetStatus.OK,
  warn: common.BudgetStatus.WARN,
  stop: common.BudgetStatus.STOP,
};

export function budgetStatus(state: BudgetState): common.BudgetStatus {
  return STATUS[state];
}

const KIND: Record<BudgetKind, cost.BudgetKind> = {
  session: cost.BudgetKind.SESSION,
  tenant_daily: cost.BudgetKind.TENANT_DAY,
  feature: cost.BudgetKind.FEATURE,
  global_daily: cost.BudgetKind.GLOBAL_DAY,
};

export function budgetMessage(v: BudgetView, warnBps: number): cost.Budget {
  return {
    kind: KIND[v.ref.kind],
    scopeId: budgetScopeId(v.ref),
    name: budgetName(v.ref),
    limitMicros: v.ref.limitMicros,
    spentMicros: v.spentMicros,
    reservedMicros: v.heldMicros,
    remainingMicros: v.remainingMicros,
    status: budgetStatus(v.state),
    warnBps,
    unpricedChargeMicros: v.unpricedChargeMicros,
  };
}

export function breakdown(row: BreakdownRow): cost.Breakdown {
  return {
    key: row.key,
    costMicros: row.costMicros,
    count: row.count,
    unpricedCount: row.unpricedCount,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
  };
}
