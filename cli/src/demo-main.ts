// `npm run demo`: generate and run tests for the bundled demo app's features, then print the table.
import { join } from 'node:path';
import { loadCliConfig } from './config';
import { formatDemoTable, runDemo } from './demo/run-demo';
import { dollars, table } from './format';

async function main(): Promise<number> {
  const config = loadCliConfig();
  const outDir = join(process.cwd(), 'out', 'demo');
  process.stdout.write('Starting the demo app and the five services (embedded defaults: no Redis, Qdrant or cluster)…\n');
  const report = await runDemo({
    outDir,
    stack: { env: { LOG_LEVEL: config.LOG_LEVEL } },
    onProgress: (feature, line) => process.stdout.write(`  ${feature.padEnd(18)} ${line}\n`),
  });
  process.stdout.write(`\n${table(formatDemoTable(report))}\n\n`);
  const simple = report.rows.filter((r) => r.feature.kind === 'simple');
  const caught = simple.filter((r) => r.verdict === 'passed' && r.caught).length;
  const cost = report.rows.reduce((sum, r) => sum + r.costMicros, 0);
  const errors = report.rows.filter((r) => r.verdict === 'error');
  process.stdout.write(
    `${report.rows.filter((r) => r.verdict === 'passed').length}/${report.rows.length} features produced a passing test; ` +
      `${caught}/${simple.length} simple features passed and caught their bug; ` +
      `total ${report.totalSeconds.toFixed(1)} s, cost ${dollars(cost)}.\nSpecs written to ${outDir}\n`,
  );
  for (const r of errors) process.stdout.write(`error in ${r.feature.id}: ${r.error ?? 'unknown'}\n`);
  return errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
