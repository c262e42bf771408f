// The budget view backed by the cost service (CostService.GetBudget), cached per scope so that
// routing never makes one RPC per decision: a fresh answer is served from memory; a stale one is
// served while one background refresh runs; only a scope never seen (or one far too old) waits for
// the call. When the cost service cannot answer, the scope is "unknown" (paid tiers off, local
// still routed, issue 10) and that answer is kept for a while so a dead cost service is not hammered.
import * as grpc from '@grpc/grpc-js';
import type { GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { common, cost } from '@superagent/proto';
import { LRUCache } from 'lru-cache';
import type { BudgetKind, BudgetScope, BudgetSnapshot, BudgetState, BudgetUsage } from '../domain/budget';
import type { BudgetView } from '../domain/budget-view';

export type CostBudgetClient = Pick<GrpcClient<typeof cost.CostServiceService>, 'unary'>;

export interface CostBudgetViewOptions {
  readonly client: CostBudgetClient;
  /** An answer younger than this is served without a call. */
  readonly ttlMs: number;
  /** An answer younger than this is still served (while a refresh runs); older ones are waited for. */
  readonly maxStaleMs: number;
  /** How long an "unknown" answer (cost unreachable) is kept before the next call is tried. */
  readonly failureTtlMs: number;
  /** Deadline of one GetBudget call. */
  readonly deadlineMs: number;
  /** Scopes remembered (LRU). */
  readonly maxEntries: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

interface Entry {
  /** undefined until the first answer arrives. */
  snapshot: BudgetSnapshot | undefined;
  fetchedAt: number;
  refreshing: Promise<BudgetSnapshot> | undefined;
}

const KIND: ReadonlyMap<cost.BudgetKind, BudgetKind> = new Map([
  [cost.BudgetKind.SESSION, 'session'],
  [cost.BudgetKind.TENANT_DAY, 'tenant_day'],
  [cost.BudgetKind.FEATURE, 'feature'],
  [cost.BudgetKind.GLOBAL_DAY, 'global_day'],
]);

const STATE: ReadonlyMap<common.BudgetStatus, BudgetState> = new Map([
  [common.BudgetStatus.OK, 'ok'],
  [common.BudgetStatus.WARN, 'warn'],
  [common.BudgetStatus.STOP, 'stop'],
]);

/** The cost service's answer as budget usages (spent + reserved against its own limits). */
export function toSnapshot(response: cost.GetBudgetResponse): BudgetSnapshot {
  const budgets: BudgetUsage[] = [];
  for (const b of response.budgets) {
    const kind = KIND.get(b.kind);
    if (kind === undefined) continue;
    budgets.push({
      kind,
      name: b.name,
      usedMicros: Number(b.spentMicros) + Number(b.reservedMicros),
      limitMicros: Number(b.limitMicros),
      status: STATE.get(b.status) ?? 'none',
    });
  }
  return { kind: 'known', budgets };
}

/** The cost service answered, but refused the scope itself (an id it does not accept): not an outage. */
function refusedScope(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === grpc.status.INVALID_ARGUMENT;
}

function reasonOf(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).slice(0, 200);
  return refusedScope(err)
    ? `the cost service refused the budget scope: ${text}`
    : `cost service unreachable: ${text}`;
}

export class CostBudgetView implements BudgetView {
  private readonly entries: LRUCache<string, Entry>;
  private readonly now: () => number;
  private reachable = true;
  private closed = false;

  constructor(private readonly options: CostBudgetViewOptions) {
    this.entries = new LRUCache<string, Entry>({ max: Math.max(1, options.maxEntries) });
    this.now = options.now ?? Date.now;
  }

  status(scope: BudgetScope, cap: number): BudgetSnapshot | Promise<BudgetSnapshot> {
    // The cap is part of the scope's answer: one feature under two caps has two feature budgets.
    // Without a feature there is no feature budget to cap (and GetBudget refuses a cap without one).
    const featureCapMicros = scope.featureId === '' ? 0 : cap;
    const key = `${scope.tenantId}\u0000${scope.sessionId}\u0000${scope.featureId}\u0000${featureCapMicros}`;
    const entry = this.entries.get(key);
    if (entry?.snapshot === undefined) return entry?.refreshing ?? this.fetch(key, scope, featureCapMicros);
    const age = this.now() - entry.fetchedAt;
    if (entry.snapshot.kind === 'unknown') {
      // Known to be down: answer at once, and look again in the background now and then.
      if (age >= this.options.failureTtlMs) this.refresh(key, scope, featureCapMicros, entry);
      return entry.snapshot;
    }
    if (age < this.options.ttlMs) return entry.snapshot;
    if (age < this.options.maxStaleMs) {
      this.refresh(key, scope, featureCapMicros, entry);
      return entry.snapshot;
    }
    return entry.refreshing ?? this.fetch(key, scope, featureCapMicros);
  }

  close(): void {
    this.closed = true;
    this.entries.clear();
  }

  private refresh(key: string, scope: BudgetScope, featureCapMicros: number, entry: Entry): void {
    if (entry.refreshing !== undefined || this.closed) return;
    // fetch never rejects: a failure becomes an "unknown" snapshot.
    void this.fetch(key, scope, featureCapMicros);
  }

  /** One GetBudget per scope at a time; every waiter gets the same answer. */
  private fetch(key: string, scope: BudgetScope, featureCapMicros: number): Promise<BudgetSnapshot> {
    const existing = this.entries.get(key);
    if (existing?.refreshing !== undefined) return existing.refreshing;
    const request = cost.GetBudgetRequest.fromPartial({
      tenantId: scope.tenantId,
      sessionId: scope.sessionId,
      featureId: scope.featureId,
      featureCapMicros,
    });
    const call = this.options.client
      .unary('getBudget', request, { deadlineMs: this.options.deadlineMs })
      .then(
        (response) => {
          this.markReachable(true);
          return toSnapshot(response);
        },
        (err: unknown): BudgetSnapshot => {
          if (!refusedScope(err)) this.markReachable(false, err);
          return { kind: 'unknown', reason: reasonOf(err) };
        },
      )
      .then((snapshot) => {
        if (!this.closed) this.entries.set(key, { snapshot, fetchedAt: this.now(), refreshing: undefined });
        return snapshot;
      });
    if (existing !== undefined) existing.refreshing = call;
    else this.entries.set(key, { snapshot: undefined, fetchedAt: 0, refreshing: call });
    return call;
  }

  /** One log line per change, not one per failed call. */
  private markReachable(reachable: boolean, err?: unknown): void {
    if (reachable === this.reachable) return;
    this.reachable = reachable;
    if (reachable)
      this.options.logger.info(
        { target: 'cost' },
        'cost service reachable again: budgets known, paid tiers allowed',
      );
    else
      this.options.logger.warn(
        { target: 'cost', err },
        'cost service unreachable: budgets unknown, routing only to the free local tier',
      );
  }
}
