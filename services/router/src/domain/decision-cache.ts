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
 * is not part of it: budgets are applied after the cache. In two parts, so that the description
 * (the long part) is hashed as it came, never copied into a longer key string: the cache maps a
 * description to its few variants (task type, path, ladder position, policy generation).
 */
export interface PlanKey {
  readonly text: string;
  readonly variant: string;
}

export function planKey(generation: number, input: RouteInput): PlanKey | undefined {
  if (input.description.length + input.testPath.length > MAX_CACHED_TEXT_CHARS) return undefined;
  const previous =
    input.previous === undefined
      ? '-'
      : `${input.previous.rank}${FAILURE_KIND_NAMES.indexOf(input.previous.failure)}`;
  const attempts = Math.min(input.attemptsMade, 11);
  const maxRank = input.maxRank ?? '-';
  return {
    text: input.description,
    variant: `${generation}|${input.taskIndex}|${previous}|${attempts}|${maxRank}|${input.testPath}`,
  };
}

/** Variants kept per description; more (a pathological caller) start the description's set afresh. */
const MAX_VARIANTS = 32;

export class DecisionCache {
  private readonly lru: LRUCache<string, Map<string, RoutePlan>> | undefined;
  private hitCount = 0;
  private missCount = 0;
  private plans = 0;

  /** `maxEntries` (descriptions) 0 disables the cache (every lookup is a miss, nothing is kept). */
  constructor(maxEntries: number) {
    this.lru =
      maxEntries > 0
        ? new LRUCache<string, Map<string, RoutePlan>>({
            max: maxEntries,
            dispose: (variants) => {
              this.plans -= variants.size;
            },
          })
        : undefined;
  }

  get enabled(): boolean {
    return this.lru !== undefined;
  }

  get(key: PlanKey | undefined): RoutePlan | undefined {
    const plan = key === undefined ? undefined : this.lru?.get(key.text)?.get(key.variant);
    if (plan === undefined) this.missCount++;
    else this.hitCount++;
    return plan;
  }

  set(key: PlanKey | undefined, plan: RoutePlan): void {
    if (key === undefined || this.lru === undefined) return;
    let variants = this.lru.peek(key.text);
    if (variants === undefined) {
      variants = new Map();
      this.lru.set(key.text, variants);
    } else if (variants.size >= MAX_VARIANTS) {
      this.plans -= variants.size;
      variants.clear();
    }
    if (!variants.has(key.variant)) this.plans++;
    variants.set(key.variant, plan);
  }

  /** Drops every entry (policy reload). Counters are kept: they describe the process. */
  clear(): void {
    this.lru?.clear();
  }

  /** `size` counts plans (a description with two variants is two). */
  counters(): CacheCounters {
    return { hits: this.hitCount, misses: this.missCount, size: this.plans };
  }
}
