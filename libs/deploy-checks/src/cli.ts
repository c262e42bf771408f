// Entry point of scripts/helm.sh: `lint` runs helm lint --strict for every values set; `render`
// refreshes the chart's copied config files and writes k8s/rendered/{dev,prod}.yaml.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syncChartFiles } from './chart-files';
import { lintChart, PROFILES, renderedPath, renderProfile } from './render';
import { layout } from './repo';

function main(command: string | undefined): number {
  const l = layout();
  if (command === 'lint') {
    let failed = 0;
    const report = lintChart(l);
    if (report.omitted.length > 0) {
      console.log(`dependency charts not downloaded, linted without them: ${report.omitted.join(', ')}`);
    }
    for (const r of report.outcomes) {
      const label = r.valuesFiles.join(' + ');
      if (r.ok) console.log(`helm lint --strict (${label}): ok`);
      else {
        failed++;
        console.error(`helm lint --strict (${label}) failed:\n${r.output}`);
      }
    }
    return failed === 0 ? 0 : 1;
  }
  if (command === 'render') {
    syncChartFiles(l);
    mkdirSync(l.renderedDir, { recursive: true });
    for (const p of PROFILES) {
      const file = renderedPath(l, p);
      writeFileSync(file, renderProfile(l, p));
      console.log(`wrote ${path.relative(l.root, file)}`);
    }
    return 0;
  }
  console.error('usage: scripts/helm.sh lint|render');
  return 2;
}

try {
  process.exitCode = main(process.argv[2]);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
