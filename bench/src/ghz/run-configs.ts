import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad, type LoadResult } from '../load/driver';
import { readGhzConfig, toLoadSpec, type GhzConfig, type GhzOverrides } from './config';

export const GHZ_DIR = join(__dirname, '..', '..', '..', 'ghz');

export function ghzConfigPaths(dir = GHZ_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** `superagent.router.v1.RouterService.Route` → `router`. */
export function serviceOfCall(call: string): string {
  const m = /^superagent\.(\w+)\.v1\./.exec(call);
  if (!m) throw new Error(`call ${call} is not a SuperAgent service`);
  return m[1]!;
}

export interface ConfigRun {
  path: string;
  config: GhzConfig;
  result: LoadResult;
}

/** Runs each config against its own host or `hostFor(service)`, optionally shortened (CI and benches). */
export async function runGhzConfigs(
  paths: string[],
  hostFor?: (service: string) => string,
  overrides: Omit<GhzOverrides, 'host'> = {},
): Promise<ConfigRun[]> {
  const runs: ConfigRun[] = [];
  for (const path of paths) {
    const config = readGhzConfig(path);
    const spec = toLoadSpec(config, { host: hostFor?.(serviceOfCall(config.call)), ...overrides });
    runs.push({ path, config, result: await runLoad(spec) });
  }
  return runs;
}
