import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Layout } from './repo';

/**
 * Configuration the chart ships in ConfigMaps, copied from the service that owns the default (Helm
 * can only read files inside the chart). `npm run helm:render` refreshes the copies; the checks fail
 * while a copy differs from its source.
 */
export const CHART_FILES: readonly { chart: string; source: string }[] = [
  { chart: 'files/router/policy.yaml', source: 'services/router/policy/default-policy.yaml' },
  { chart: 'files/cost/prices.yaml', source: 'services/cost/prices/default-prices.yaml' },
  { chart: 'files/cost/budgets.yaml', source: 'services/cost/budgets/default-budgets.yaml' },
];

export function staleChartFiles(l: Layout): string[] {
  return CHART_FILES.filter(({ chart, source }) => {
    const a = path.join(l.chartDir, chart);
    const b = path.join(l.root, source);
    return !existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8');
  }).map(({ chart, source }) => `helm/superagent/${chart} differs from ${source}`);
}

export function syncChartFiles(l: Layout): void {
  for (const { chart, source } of CHART_FILES)
    copyFileSync(path.join(l.root, source), path.join(l.chartDir, chart));
}
