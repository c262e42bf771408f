import type { runner } from '@superagent/proto';
import type { BrowserPool } from '../pool/browser-pool';
import type { Admission } from '../pool/admission';
import type { WorkerPool } from '../pool/worker-pool';
import type { SpecRuns } from '../runs/spec-runs';

export interface PoolStatsSources {
  browsers: BrowserPool;
  workers: WorkerPool;
  admission: Admission;
  runs: SpecRuns;
  exploreSessions: () => number;
  exploreWarmTabs: () => number;
  exploreSpareTabs: () => number;
  browserVersion: () => string;
}

/** GetPoolStats: counters of the browser pool, the worker pool and the run queue. */
export function getPoolStatsHandler(s: PoolStatsSources) {
  return async (_req: runner.GetPoolStatsRequest): Promise<runner.GetPoolStatsResponse> => {
    const b = s.browsers.stats();
    const w = s.workers.stats();
    const explore = s.exploreSessions();
    const busy = w.busy + explore;
    return Promise.resolve({
      size: b.size,
      busy,
      idle: Math.max(0, b.slots - busy),
      queued: s.admission.queued,
      recycled: b.recycled,
      crashes: b.crashes + w.crashes,
      runsTotal: s.runs.counters.runsTotal,
      exploreSessions: explore,
      maxQueue: s.admission.maxQueue,
      runsKilled: s.runs.counters.runsKilled,
      runsRejected: s.runs.counters.runsRejected,
      browserVersion: s.browserVersion(),
      workers: w.workers,
      workersReady: w.ready,
      exploreWarmTabs: s.exploreWarmTabs(),
      exploreSpareTabs: s.exploreSpareTabs(),
    });
  };
}
