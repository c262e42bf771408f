// The policy in force. Decisions read `current()` once at their start, so swapping in a new policy
// is one reference assignment: requests in flight finish under the policy they started with, new
// ones see the new one, none is dropped or blocked.
import { compilePolicy, type CompiledPolicy } from './compiled-policy';
import type { RoutingPolicy } from './policy';

export type PolicyListener = (next: CompiledPolicy, previous: CompiledPolicy) => void;

export class PolicyHolder {
  private compiled: CompiledPolicy;
  private readonly listeners: PolicyListener[] = [];
  private failures = 0;

  constructor(
    policy: RoutingPolicy,
    readonly providers: ReadonlySet<string>,
    private readonly now: () => number = Date.now,
  ) {
    this.compiled = compilePolicy(policy, { providers, generation: 1, nowMs: now() });
  }

  current(): CompiledPolicy {
    return this.compiled;
  }

  /** Compiles and swaps in a validated policy; listeners (the decision cache) run after the swap. */
  replace(policy: RoutingPolicy): CompiledPolicy {
    const previous = this.compiled;
    const next = compilePolicy(policy, {
      providers: this.providers,
      generation: previous.generation + 1,
      nowMs: this.now(),
    });
    this.compiled = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  onReplace(listener: PolicyListener): void {
    this.listeners.push(listener);
  }

  /** A reload that failed validation (the current policy stays). */
  recordFailure(): void {
    this.failures++;
  }

  get reloadFailures(): number {
    return this.failures;
  }
}
