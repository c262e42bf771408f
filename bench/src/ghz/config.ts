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
  if (typeof raw.call !== 'string' || !/^[\w.]+[./]\w+$/.test(raw.call))
    throw new Error(`${path}: call must be package.Service.Method`);
  if (typeof raw.host !== 'string') throw new Error(`${path}: host is required`);
  return raw as unknown as GhzConfig;
}

/** `package.Service.Method` → `package.Service/Method`. */
export function normaliseCall(call: string): string {
  if (call.includes('/')) return call;
  const i = call.lastIndexOf('.');
  return `${call.slice(0, i)}/${call.slice(i + 1)}`;
}

/** What a caller may change in a config when running it: where, how long, how hard, and which app. */
export interface GhzOverrides {
  host?: string;
  durationMs?: number;
  total?: number;
  /** At most this many calls in flight (a config's own lower concurrency is kept). */
  maxConcurrency?: number;
  skipFirst?: number;
  /** Client processes (default: the config's connections, at most 4). */
  processes?: number;
  /**
   * Exact string values in `data` to swap, e.g. the demo app's default address for where a test
   * started it. Configs stay valid ghz files: ghz has no variables for request data.
   */
  replace?: Record<string, string>;
}

function replaceStrings(value: unknown, replace: Record<string, string>): unknown {
  if (typeof value === 'string')
    return Object.entries(replace).reduce((s, [from, to]) => s.split(from).join(to), value);
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, replace)]));
  }
  return value;
}

export function toLoadSpec(config: GhzConfig, overrides: GhzOverrides = {}): LoadSpec {
  const raw = config.data === undefined ? [{}] : Array.isArray(config.data) ? config.data : [config.data];
  const data = overrides.replace ? raw.map((d) => replaceStrings(d, overrides.replace ?? {})) : raw;
  const total = overrides.total ?? config.total;
  const concurrency = Math.min(config.concurrency ?? 50, overrides.maxConcurrency ?? Infinity);
  return {
    address: overrides.host ?? config.host,
    call: normaliseCall(config.call),
    // Field names are checked and normalised by the load worker against the method's input type.
    data,
    concurrency,
    processes: Math.min(overrides.processes ?? config.connections ?? 2, 4, concurrency),
    durationMs:
      overrides.durationMs ??
      (config.duration ? parseDuration(config.duration, 'duration') : total ? undefined : 10_000),
    total,
    deadlineMs: config.timeout ? parseDuration(config.timeout, 'timeout') : 20_000,
    metadata: config.metadata,
    skipFirst: overrides.skipFirst ?? config.skipFirst,
  };
}
