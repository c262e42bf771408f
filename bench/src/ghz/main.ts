// `node bench/dist/src/ghz/main.js [config.json ...] [--host host:port]`: the Node stand-in for ghz,
// for machines where ghz cannot be installed. Reads the same config files and prints ghz's summary.
import { basename } from 'node:path';
import { formatGhzSummary } from './summary';
import { ghzConfigPaths, runGhzConfigs } from './run-configs';

async function main(argv: string[]): Promise<number> {
  const hostIndex = argv.indexOf('--host');
  const host = hostIndex >= 0 ? argv[hostIndex + 1] : undefined;
  const paths = argv.filter((a, i) => a.endsWith('.json') && i !== hostIndex + 1);
  const runs = await runGhzConfigs(paths.length ? paths : ghzConfigPaths(), host ? () => host : undefined);
  for (const run of runs)
    process.stdout.write(
      `== ${basename(run.path)}\n${formatGhzSummary(run.config.name ?? run.config.call, run.result)}\n\n`,
    );
  return runs.every((r) => r.result.errors === 0) ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ghz-node: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
