import { createRequire } from 'node:module';
import path from 'node:path';
import { describeSpec, loadConfig, ConfigError, type Spec } from '@superagent/config';
import type { ServiceName } from './repo';
import { at, isObject, type JsonObject } from './yaml-docs';

/** Variables the chart may set that are not in a service's config spec: read by Node, the OTel SDK or the platform. */
export const PLATFORM_ENV = /^(OTEL_[A-Z_]+|POD_NAME|POD_NAMESPACE|HOME|NODE_OPTIONS)$/;

export interface ServiceSpec {
  service: ServiceName;
  spec: Spec;
  /** The service's own `load<Svc>Config(env)`, which adds cross-field rules to the spec's. */
  load?: (env: NodeJS.ProcessEnv) => unknown;
}

// Compiled CommonJS of another package, located at run time; what it exports is narrowed below.
const loadModule: (id: string) => unknown = createRequire(__filename);

function isSpec(value: unknown): value is Spec {
  return (
    isObject(value) &&
    Object.values(value).every(
      (f) =>
        isObject(f) && typeof f.kind === 'string' && isObject(f.options) && typeof f.parse === 'function',
    )
  );
}

/** The compiled config module of a service (services/<svc>/dist/src/config.js), if built. */
export function configModulePath(root: string, service: ServiceName): string {
  return path.join(root, 'services', service, 'dist', 'src', 'config.js');
}

/** Loads `<name>ConfigSpec` from a compiled config module. */
export function loadServiceSpec(root: string, service: ServiceName): ServiceSpec {
  const file = configModulePath(root, service);
  const mod = loadModule(file);
  const entry = isObject(mod) ? Object.entries(mod).find(([key]) => key.endsWith('ConfigSpec')) : undefined;
  if (!entry) throw new Error(`${file} exports no *ConfigSpec`);
  if (!isSpec(entry[1])) throw new Error(`${file}: ${entry[0]} is not a @superagent/config spec`);
  const loader = isObject(mod)
    ? Object.entries(mod).find(([key]) => /^load\w*Config$/.test(key))?.[1]
    : undefined;
  const load =
    typeof loader === 'function'
      ? (env: NodeJS.ProcessEnv): unknown => (loader as (e: NodeJS.ProcessEnv) => unknown)(env)
      : undefined;
  return { service, spec: entry[1], ...(load ? { load } : {}) };
}

interface ContainerEnv {
  plain: Map<string, string>;
  fromSecret: Set<string>;
  fromField: Set<string>;
}

function containerEnv(deployment: JsonObject): ContainerEnv {
  const out: ContainerEnv = { plain: new Map(), fromSecret: new Set(), fromField: new Set() };
  const containers = at(deployment, 'spec.template.spec.containers');
  const first: unknown = Array.isArray(containers) ? (containers as unknown[])[0] : undefined;
  const env = at(first, 'env');
  for (const e of Array.isArray(env) ? (env as unknown[]) : []) {
    if (!isObject(e) || typeof e.name !== 'string') continue;
    if (typeof e.value === 'string') out.plain.set(e.name, e.value);
    else if (at(e, 'valueFrom.secretKeyRef') !== undefined) out.fromSecret.add(e.name);
    else out.fromField.add(e.name);
  }
  return out;
}

/**
 * Compares a service's rendered Deployment env with its config spec: every required variable is
 * set, every variable the chart sets is one the service reads (or a platform variable), secrets come
 * from Secrets, and every plain value parses the way the service will parse it at start.
 */
export function envProblems(deployment: JsonObject, s: ServiceSpec): string[] {
  const where = `${s.service} (Deployment ${String(at(deployment, 'metadata.name'))})`;
  const rows = describeSpec(s.spec);
  const known = new Set(rows.map((r) => r.name));
  const env = containerEnv(deployment);
  const problems: string[] = [];
  for (const row of rows) {
    const present = env.plain.has(row.name) || env.fromSecret.has(row.name);
    if (row.required && !present)
      problems.push(`${where}: ${row.name} is required by the service but not set by the chart`);
    if (row.secret && env.plain.has(row.name))
      problems.push(`${where}: ${row.name} is a secret but set as a plain value`);
  }
  // A downstream address left at its default points at the pod itself (127.0.0.1): never right here.
  for (const row of rows.filter((r) => r.name.endsWith('_ADDR') && !env.plain.has(r.name))) {
    problems.push(
      `${where}: ${row.name} keeps its default ${row.default || '(unset)'}; add the service to dependsOn`,
    );
  }
  // A service the chart connects to Redis or Qdrant must also select it: a store switch left at its
  // embedded default would keep per-pod state while looking configured.
  const backends: [string, boolean][] = [
    ['redis', env.plain.has('REDIS_SENTINELS') || env.plain.has('REDIS_URL')],
    ['qdrant', env.plain.has('QDRANT_URL')],
  ];
  for (const [backend, connected] of backends) {
    if (!connected) continue;
    for (const row of rows.filter(
      (r) => r.kind.startsWith('one of ') && r.kind.split(/[ |]/).includes(backend),
    )) {
      const value = env.plain.get(row.name) ?? row.default;
      if (value !== backend)
        problems.push(`${where}: connected to ${backend} but ${row.name}=${value || '(unset)'}`);
    }
  }
  for (const name of [...env.plain.keys(), ...env.fromSecret, ...env.fromField]) {
    if (!known.has(name) && !PLATFORM_ENV.test(name))
      problems.push(`${where}: sets ${name}, which the service does not read`);
  }
  // Parse the plain values with the service's own spec (secrets stand in as present but unchecked).
  const plainOnly: Spec = Object.fromEntries(Object.entries(s.spec).filter(([n]) => env.plain.has(n)));
  try {
    loadConfig(plainOnly, Object.fromEntries(env.plain));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const p of err.problems) problems.push(`${where}: ${p}`);
  }
  if (problems.length === 0 && s.load) {
    // The whole start-up parse, cross-field rules included, on what a pod would see: plain values as
    // rendered, and a stand-in for each required variable that comes from a Secret.
    const standIns = rows
      .filter((r) => r.required && env.fromSecret.has(r.name))
      .map((r): [string, string] => [r.name, 'from-secret']);
    try {
      s.load({ ...Object.fromEntries(env.plain), ...Object.fromEntries(standIns) });
    } catch (err) {
      if (err instanceof ConfigError) for (const p of err.problems) problems.push(`${where}: ${p}`);
      else
        problems.push(
          `${where}: its config loader failed: ${err instanceof Error ? err.message : String(err)}`,
        );
    }
  }
  return problems;
}

/** Upper bound of the telemetry flush, the last shutdown step (libs/telemetry shutdownTelemetry). */
export const TELEMETRY_FLUSH_MS = 5000;

/**
 * The pod's terminationGracePeriodSeconds against the service's own shutdown (libs/grpc
 * gracefulShutdown): SHUTDOWN_DRAIN_MS, then up to SHUTDOWN_GRACE_MS for in-flight calls, then the
 * closers (the one that waits for work, e.g. the router's running tasks, also gets the grace), then
 * the telemetry flush. A shorter period ends in SIGKILL: calls cut off, leases and telemetry lost.
 */
export function shutdownProblems(deployment: JsonObject, s: ServiceSpec): string[] {
  const where = `${s.service} (Deployment ${String(at(deployment, 'metadata.name'))})`;
  const names = ['SHUTDOWN_DRAIN_MS', 'SHUTDOWN_GRACE_MS'] as const;
  const spec: Spec = Object.fromEntries(names.flatMap((n) => (s.spec[n] ? [[n, s.spec[n]]] : [])));
  if (Object.keys(spec).length !== names.length) return [`${where}: its config has no ${names.join(' / ')}`];
  let parsed: Record<string, unknown>;
  try {
    parsed = loadConfig(spec, Object.fromEntries(containerEnv(deployment).plain));
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${where}: ${p}`);
    throw err;
  }
  const drain = Number(parsed.SHUTDOWN_DRAIN_MS);
  const grace = Number(parsed.SHUTDOWN_GRACE_MS);
  const needed = drain + 2 * grace + TELEMETRY_FLUSH_MS;
  const period = at(deployment, 'spec.template.spec.terminationGracePeriodSeconds');
  const periodMs = typeof period === 'number' ? period * 1000 : 30_000; // Kubernetes' default
  return periodMs >= needed
    ? []
    : [
        `${where}: terminationGracePeriodSeconds ${periodMs / 1000} is shorter than its shutdown ` +
          `(drain ${drain} ms + 2 × grace ${grace} ms + flush ${TELEMETRY_FLUSH_MS} ms = ${needed / 1000} s)`,
      ];
}
