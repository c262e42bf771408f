// Benchmarks are discovered, not listed: each module in benches/ exports `bench`, so adding one
// never touches a shared file.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench } from './harness';

function load(): Bench[] {
  const dir = join(__dirname, 'benches');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()
    .map((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- discovery loads compiled modules by path, synchronously
      const mod = require(join(dir, f)) as { bench?: Bench };
      if (!mod.bench) throw new Error(`benches/${f} does not export \`bench\``);
      return mod.bench;
    });
}

export const benches: readonly Bench[] = load();
