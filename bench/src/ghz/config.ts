// Reads ghz JSON configs (https://ghz.sh/docs/options) — the subset that matters for unary load —
// and turns them into a LoadSpec for the Node load runner. Unknown keys are an error, so a config
// that ghz would read differently never passes silently.
import { readFileSync } from 'node:fs';
import type { LoadSpec } from '../load/spec';

export interface GhzConfig {
  name?: string;
  proto?: string;
  protoset?: string;
  call: string;
  host: string;
  insecure?: boolean;
  concurrency?: number;
  connections?: number;
  total?: number;
  duration?: string;
  timeout?: string;
  skipFirst?: number;
  data?: unknown;
  metadata?: Record<string, string>;
}

const KNOWN = new Set([
  'name',
  'proto',
  'protoset',
  'import-paths',
  'call',
  'host',
  'insecure',
  'concurrency',
  'connections',
  'total',
  'duration',
  'timeout',
  'skipFirst',
  'data',
  'metadata',
]);

/** ghz durations: "10s", "500ms", "1m". */
export function parseDuration(value: string, field: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value.trim());
  if (!m) throw new Error(`${field}: expected a duration like 10s or 500ms, got "${value}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}

export function readGhzConfig(path: string): GhzConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !KNOWN.has(k));
  if (unknown.length) throw new Error(`${path}: unsupported ghz option(s) ${unknown.join(', ')}`);
  if (typeof raw.call !== 'string' || !/^[\w.]+[./]\w+$/.test(raw.call)) throw new Error(`${path}: call must be package.Service.Method`);
  if (typeof raw.host !== 'string') throw new Error(`${path}: host is required`);
  return raw as unknown as GhzConfig;
}

/** protojson accepts proto field names (snake_case); the runner's codec wants JSON names. */
export function toJsonNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonNames);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), toJsonNames(v)]),
  );
}

/** `package.Service.Method` → `package.Service/Method`. */
export function normaliseCall(call: string): string {
  if (call.includes('/')) return call;
  const i = call.lastIndexOf('.');
  return `${call.slice(0, i)}/${call.slice(i + 1)}`;
}

export function toLoadSpec(config: GhzConfig, overrides: { host?: string; durationMs?: number; total?: number } = {}): LoadSpec {
  const data = config.data === undefined ? [{}] : Array.isArray(config.data) ? config.data : [config.data];
  const total = overrides.total ?? config.total;
  return {
    address: overrides.host ?? config.host,
    call: normaliseCall(config.call),
    data: data.map(toJsonNames),
    concurrency: config.concurrency ?? 50,
    processes: Math.min(config.connections ?? 2, 4),
    durationMs: overrides.durationMs ?? (config.duration ? parseDuration(config.duration, 'duration') : total ? undefined : 10_000),
    total,
    deadlineMs: config.timeout ? parseDuration(config.timeout, 'timeout') : 20_000,
    metadata: config.metadata,
    skipFirst: config.skipFirst,
  };
}
