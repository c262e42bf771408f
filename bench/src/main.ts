// `npm run bench -- <name> [--json] [--key=value ...]`: runs one benchmark, prints a table or one JSON object.
import { formatTable, type Bench } from './harness';
import { BenchArgsError, describeOptions, parseBenchArgs } from './options';
import { benches } from './registry';

async function main(argv: string[]): Promise<number> {
  const name = argv.find((a) => !a.startsWith('--'));
  const words = argv.filter((a) => a !== name);
  const bench: Bench | undefined = name === undefined ? undefined : benches.find((b) => b.name === name);
  if (!bench) {
    process.stderr.write(
      `usage: npm run bench -- <name> [--json] [--key=value ...] (--help after a name lists its options)\n\n${benches.map((b) => `  ${b.name.padEnd(12)} ${b.description}`).join('\n')}\n`,
    );
    if (name !== undefined) process.stderr.write(`\nno bench named "${name}"\n`);
    return name === undefined ? 0 : 2;
  }
  if (words.includes('--help')) {
    const lines = describeOptions(bench.options);
    process.stdout.write(
      `${bench.name}: ${bench.description}\n${lines.length > 0 ? lines.join('\n') : '  (no options)'}\n  --json  print one JSON object instead of the table\n`,
    );
    return 0;
  }
  const json = words.includes('--json');
  const args = parseBenchArgs(bench.options, words);
  const result = await bench.run({ json, args });
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatTable(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof BenchArgsError) {
      process.stderr.write(`bench: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
