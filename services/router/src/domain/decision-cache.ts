// LRU of route plans (the budget-independent part of a decision), keyed on the normalised request and
// the policy generation. Cleared when a new policy is swapped in; the generation in the key also
// keeps a plan computed under the old policy (still in flight during the swap) from ever being served.
import { LRUCache } from 'lru-cache';
import type { RouteInput, RoutePlan } from './decide';
import { FAILURE_KIND_NAMES } from './task-types';

/** Requests whose text is longer than this are not cached (rare, and costly to hash and keep). */
export const MAX_CACHED_TEXT_CHARS = 4096;

export interface CacheCounters {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/**
 * The key: every input that changes the plan, normalised (enums as small integers, defaults
 * resolved by the caller, attempts clamped above the largest possible max_attempts). Budget scope
 * is not part of it: budgets are applied after the cache.
 */
export function planKey(generation: number, input: RouteInput): string | undefined {
  if (input.description.length + input.testPath.length > MAX_CACHED_TEXT_CHARS) return undefined;
  const previous =
    input.previous === undefined
      ? '-'
      : `${input.previous.rank}${FAILURE_KIND_NAMES.indexOf(input.previous.failure)}`;
  const attempts = Math.min(input.attemptsMade, 11);
  const maxRank = input.maxRank ?? '-';
  return `${generation}|${input.taskIndex}|${previous}|${attempts}|${maxRank}|${input.testPath}\u0000${input.description}`;
}

export class DecisionCache {
  private readonly lru: LRUCache<string, RoutePlan> | undefined;
  private hitCount = 0;
  private missCount = 0;

  /** `maxEntries` 0 disables the cache (every lookup is a miss, nothing is kept). */
  constructor(maxEntries: number) {
    this.lru = maxEntries > 0 ? new LRUCache<string, RoutePlan>({ max: maxEntries }) : undefined;
  }

  get enabled(): boolean {
    return this.lru !== undefined;
  }

  get(key: string | undefined): RoutePlan | undefined {
    const plan = key === undefined ? undefined : this.lru?.get(key);
    if (plan === undefined) this.missCount++;
    else this.hitCount++;
    return plan;
  }

  set(key: string | undefined, plan: RoutePlan): void {
    if (key !== undefined) this.lru?.set(key, plan);
  }

  /** Drops every entry (policy reload). Counters are kept: they describe the process. */
  clear(): void {
    this.lru?.clear();
  }

  counters(): CacheCounters {
    return { hits: this.hitCount, misses: this.missCount, size: this.lru?.size ?? 0 };
  }
}
