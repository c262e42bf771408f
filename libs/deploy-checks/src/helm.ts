import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { isObject, parseYamlObject } from './yaml-docs';

export interface HelmResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** The helm binary scripts/setup.d/helm.sh installs (HELM_BIN overrides it). */
export function helmBinary(root: string): string {
  const bin = process.env.HELM_BIN ?? path.join(root, '.tools', 'helm');
  if (!existsSync(bin)) throw new Error(`helm not found at ${bin}: run \`bash scripts/setup.d/helm.sh\``);
  return bin;
}

/** Runs helm with its caches inside the repository's .cache, so nothing outside it is written. */
export function runHelm(root: string, args: string[]): HelmResult {
  const home = path.join(root, '.cache', 'helm');
  mkdirSync(home, { recursive: true });
  const result = spawnSync(helmBinary(root), args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
    },
  });
  if (result.error) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
}

export function chartDependencies(chartDir: string): Dependency[] {
  const chart = parseYamlObject(readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'), 'Chart.yaml');
  const deps = chart.dependencies;
  if (deps === undefined) return [];
  if (!Array.isArray(deps)) throw new Error('Chart.yaml: dependencies is not a list');
  return deps.map((d: unknown, i) => {
    if (!isObject(d)) throw new Error(`Chart.yaml: dependencies[${i}] is not a mapping`);
    const field = (key: string): string => {
      const v = d[key];
      if (typeof v !== 'string' || v === '')
        throw new Error(`Chart.yaml: dependencies[${i}].${key} is missing`);
      return v;
    };
    return {
      name: field('name'),
      version: field('version'),
      repository: field('repository'),
      condition: field('condition'),
    };
  });
}

/** Whether `helm dependency build` has put the dependency's chart into charts/. */
export function isVendored(chartDir: string, name: string): boolean {
  const charts = path.join(chartDir, 'charts');
  if (!existsSync(charts)) return false;
  return readdirSync(charts).some((f) => f === name || (f.startsWith(`${name}-`) && f.endsWith('.tgz')));
}

export interface StagedChart {
  dir: string;
  /** Dependencies declared in Chart.yaml whose charts are not in charts/ and were left out. */
  omitted: Dependency[];
  dispose(): void;
}

/**
 * A temporary copy of the chart that helm can lint and render offline: dependencies that were never
 * downloaded are removed from its Chart.yaml (helm refuses a chart whose declared dependencies are
 * missing, whatever their condition). Callers decide whether an omitted dependency is acceptable.
 */
export function stageChart(chartDir: string): StagedChart {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'superagent-chart-'));
  const dir = path.join(parent, path.basename(chartDir));
  cpSync(chartDir, dir, { recursive: true });
  const deps = chartDependencies(chartDir);
  const omitted = deps.filter((d) => !isVendored(chartDir, d.name));
  if (omitted.length > 0) {
    const chartFile = path.join(dir, 'Chart.yaml');
    const chart = parseYamlObject(readFileSync(chartFile, 'utf8'), 'Chart.yaml');
    const kept = deps.filter((d) => !omitted.includes(d));
    if (kept.length > 0) chart.dependencies = kept;
    else delete chart.dependencies;
    writeFileSync(chartFile, stringify(chart));
    rmSync(path.join(dir, 'Chart.lock'), { force: true });
  }
  return { dir, omitted, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}
