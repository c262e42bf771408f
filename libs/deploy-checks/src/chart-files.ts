import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeployable, type Layout, type ServiceName } from './repo';

/**
 * Configuration the chart ships in ConfigMaps, copied from the service that owns the default (Helm
 * can only read files inside the chart). `npm run helm:render` refreshes the copies; the checks fail
 * while a copy differs from its source. A service still being written (no main.ts) is left alone.
 */
export const CHART_FILES: readonly { service: ServiceName; chart: string; source: string }[] = [
  {
    service: 'router',
    chart: 'files/router/policy.yaml',
    source: 'services/router/policy/default-policy.yaml',
  },
  { service: 'cost', chart: 'files/cost/prices.yaml', source: 'services/cost/prices/default-prices.yaml' },
  { service: 'cost', chart: 'files/cost/budgets.yaml', source: 'services/cost/budgets/default-budgets.yaml' },
];

export interface ChartFilesReport {
  stale: string[];
  /** Copies whose service is not deployable yet: not compared. */
  pending: string[];
}

export function checkChartFiles(l: Layout): ChartFilesReport {
  const report: ChartFilesReport = { stale: [], pending: [] };
  for (const { service, chart, source } of CHART_FILES) {
    if (!isDeployable(l.root, service)) {
      report.pending.push(`helm/superagent/${chart} (services/${service} has no main.ts yet)`);
      continue;
    }
    const a = path.join(l.chartDir, chart);
    const b = path.join(l.root, source);
    if (!existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8')) {
      report.stale.push(`helm/superagent/${chart} differs from ${source}`);
    }
  }
  return report;
}

export function syncChartFiles(l: Layout): void {
  for (const { service, chart, source } of CHART_FILES) {
    if (isDeployable(l.root, service)) copyFileSync(path.join(l.root, source), path.join(l.chartDir, chart));
  }
}
