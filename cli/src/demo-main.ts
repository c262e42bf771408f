// `npm run demo`: generate and run tests for the bundled demo app's features, then print the table.
import { join } from 'node:path';
import { loadCliConfig } from './config';
import { demoOutcome, formatDemoTable, runDemo, SIMPLE_QUALITY_BAR } from './demo/run-demo';
import { dollars, table } from './format';

async function main(): Promise<number> {
  const config = loadCliConfig();
  const outDir = join(process.cwd(), 'out', 'demo');
  process.stdout.write(
    'Starting the demo app and the five services (embedded defaults: no Redis, Qdrant or cluster)…\n',
  );
  const report = await runDemo({
    outDir,
    stack: { env: { LOG_LEVEL: config.LOG_LEVEL } },
    onProgress: (feature, line) => process.stdout.write(`  ${feature.padEnd(18)} ${line}\n`),
  });
  process.stdout.write(`\n${table(formatDemoTable(report))}\n\n`);
  const outcome = demoOutcome(report);
  const cost = report.rows.reduce((sum, r) => sum + r.costMicros, 0);
  process.stdout.write(
    `${report.rows.filter((r) => r.verdict === 'passed').length}/${report.rows.length} features produced a passing test; ` +
      `${outcome.simpleCaught}/${outcome.simpleTotal} simple features passed and caught their bug (bar: ${SIMPLE_QUALITY_BAR}); ` +
      `total ${report.totalSeconds.toFixed(1)} s, cost ${dollars(cost)}.\nSpecs written to ${outDir}\n`,
  );
  for (const r of outcome.errors) process.stdout.write(`error in ${r.feature.id}: ${r.error ?? 'unknown'}\n`);
  if (outcome.exitCode === 2)
    process.stdout.write(
      `below the quality bar: fewer than ${SIMPLE_QUALITY_BAR} simple features passed and caught their bug\n`,
    );
  return outcome.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
