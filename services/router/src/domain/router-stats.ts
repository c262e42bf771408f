// Counters of this router process for GetStats: decisions per tier and agent, refusals, downgrades,
// give-ups, and estimator timings. Timing every estimate would cost as much as a short estimate, so
// one estimate in `sampleEvery` is timed (process.hrtime.bigint) into a bounded ring of recent samples.
import type { RouteOutcome } from './decide';
import { TIER_NAMES } from './tiers';

export interface EstimatorTimings {
  /** Estimates timed. */
  readonly count: number;
  readonly meanNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly maxNs: number;
}

export interface StatsSnapshot {
  readonly decisionsTotal: number;
  /** Index 0 = give-ups (no tier), then local, haiku, sonnet, opus. */
  readonly byTier: readonly number[];
  readonly byAgent: ReadonlyMap<string, number>;
  readonly refused: number;
  readonly downgraded: number;
  readonly giveUps: number;
  readonly estimator: EstimatorTimings;
  readonly startedAtMs: number;
}

const RING = 1024;

export class RouterStats {
  readonly sampleEvery: number;
  private readonly startedAtMs: number;
  private decisions = 0;
  private readonly byTier = new Array<number>(TIER_NAMES.length + 1).fill(0);
  /** Counter cells, so a decision is one lookup and an increment. */
  private readonly byAgent = new Map<string, { count: number }>();
  private refused = 0;
  private downgraded = 0;
  private giveUps = 0;
  private estimates = 0;
  private timed = 0;
  private totalNs = 0;
  private maxNs = 0;
  private readonly ring = new Float64Array(RING);

  constructor(options: { sampleEvery?: number; nowMs?: number } = {}) {
    this.sampleEvery = Math.max(1, options.sampleEvery ?? 64);
    this.startedAtMs = options.nowMs ?? Date.now();
  }

  /** True when the next estimate should be timed; counts every estimate. */
  shouldTime(): boolean {
    return this.estimates++ % this.sampleEvery === 0;
  }

  recordEstimate(ns: number): void {
    this.ring[this.timed % RING] = ns;
    this.timed++;
    this.totalNs += ns;
    if (ns > this.maxNs) this.maxNs = ns;
  }

  record(outcome: RouteOutcome): void {
    this.decisions++;
    if (outcome.kind === 'refused') {
      this.refused++;
      return;
    }
    const slot = outcome.rank === undefined ? 0 : outcome.rank + 1;
    this.byTier[slot] = (this.byTier[slot] ?? 0) + 1;
    if (outcome.giveUp) this.giveUps++;
    else {
      const cell = this.byAgent.get(outcome.agent);
      if (cell === undefined) this.byAgent.set(outcome.agent, { count: 1 });
      else cell.count++;
    }
    if (outcome.downgraded) this.downgraded++;
  }

  snapshot(): StatsSnapshot {
    const samples = Array.from(this.ring.subarray(0, Math.min(this.timed, RING))).sort((a, b) => a - b);
    const pick = (q: number) =>
      samples.length === 0 ? 0 : (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0);
    return {
      decisionsTotal: this.decisions,
      byTier: [...this.byTier],
      byAgent: new Map([...this.byAgent].map(([agent, cell]) => [agent, cell.count])),
      refused: this.refused,
      downgraded: this.downgraded,
      giveUps: this.giveUps,
      estimator: {
        count: this.timed,
        meanNs: this.timed === 0 ? 0 : Math.round(this.totalNs / this.timed),
        p50Ns: Math.round(pick(0.5)),
        p99Ns: Math.round(pick(0.99)),
        maxNs: Math.round(this.maxNs),
      },
      startedAtMs: this.startedAtMs,
    };
  }
}
