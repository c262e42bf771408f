// Pool stats as metrics (registry names from @superagent/telemetry): in use, idle and waiting for the
// browser contexts and the test workers, read from the pools at collection time (no per-run cost).
// The same figures GetPoolStats answers. A no-op when telemetry is not preloaded.
import { metrics, type Observable } from '@opentelemetry/api';
import { ATTR, METRIC } from '@superagent/telemetry';
import type { Admission } from './pool/admission';
import type { BrowserPool } from './pool/browser-pool';
import type { WorkerPool } from './pool/worker-pool';

export interface PoolMetricSources {
  browsers: BrowserPool;
  workers: WorkerPool;
  admission: Admission;
  exploreSessions: () => number;
}

export function observePools(s: PoolMetricSources): void {
  const meter = metrics.getMeter('@superagent/runner');
  const unit = '{resource}';
  const inUse = meter.createObservableGauge(METRIC.poolInUse, { unit, description: 'Pool resources in use' });
  const idle = meter.createObservableGauge(METRIC.poolIdle, { unit, description: 'Pool resources idle' });
  const waiting = meter.createObservableGauge(METRIC.poolWaiting, {
    unit: '{request}',
    description: 'Requests waiting for a pool resource',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const b = s.browsers.stats();
      const w = s.workers.stats();
      const busy = w.busy + s.exploreSessions();
      const observe = (gauge: Observable, value: number, pool: string): void =>
        result.observe(gauge, value, { [ATTR.poolName]: pool });
      observe(inUse, busy, 'browser');
      observe(idle, Math.max(0, b.slots - busy), 'browser');
      observe(waiting, b.waiting, 'browser');
      observe(inUse, w.busy, 'worker');
      observe(idle, w.idle, 'worker');
      observe(waiting, s.admission.queued, 'worker');
    },
    [inUse, idle, waiting],
  );
}
