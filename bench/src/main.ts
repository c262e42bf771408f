// `npm run bench -- <name> [--json] [--key=value ...]`: runs one benchmark, prints a table or one JSON object.
import { formatTable, type Bench, type BenchOptions } from './harness';
import { benches } from './registry';

async function main(argv: string[]): Promise<number> {
  const name = argv.find((a) => !a.startsWith('--'));
  const json = argv.includes('--json');
  const args: Record<string, string> = {};
  for (const a of argv) {
    const m = /^--([^=]+)=(.*)$/.exec(a);
    if (m) args[m[1]!] = m[2]!;
  }
  const bench: Bench | undefined = name ? benches.find((b) => b.name === name) : undefined;
  if (!bench) {
    process.stderr.write(
      `usage: npm run bench -- <name> [--json]\n\n${benches.map((b) => `  ${b.name.padEnd(12)} ${b.description}`).join('\n')}\n`,
    );
    return name ? 2 : 0;
  }
  const options: BenchOptions = { json, args };
  const result = await bench.run(options);
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatTable(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
