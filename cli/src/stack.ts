// Starts the five services as real processes on loopback, wired to each other through the same
// `<DEP>_ADDR` variables the Helm chart sets. Used by `npm run dev`, `npm run demo`, benchmarks and
// cross-service tests.
import { join } from 'node:path';
import {
  freePorts,
  healthStatus,
  serviceCommand,
  startProcess,
  type ManagedProcess,
} from '@superagent/devkit';

export const SERVICE_NAMES = ['embedding', 'runner', 'cost', 'scribe', 'router'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Start order: leaves first, so every service finds its downstreams ready. */
const DEPENDENCIES: Record<ServiceName, readonly ServiceName[]> = {
  embedding: [],
  runner: [],
  cost: [],
  scribe: ['embedding', 'runner', 'cost'],
  router: ['scribe', 'runner', 'cost'],
};

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  router: 50051,
  scribe: 50052,
  embedding: 50053,
  runner: 50054,
  cost: 50055,
};

/** The repository root (cli/dist/src → ../../..). */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface StackOptions {
  /** Which services to start (with what they depend on); all five by default. */
  only?: readonly ServiceName[];
  /** Fixed ports; otherwise free ports are picked. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Environment for every service (over the inherited one). */
  env?: Record<string, string | undefined>;
  /** Environment per service. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string | undefined>>>;
  /** Each service's output lines (e.g. to print them prefixed); dropped by default. */
  onLine?: (service: ServiceName, line: string) => void;
  /** How long each service may take to report SERVING (default 60 s: the runner warms browsers). */
  readyTimeoutMs?: number;
}

export interface RunningService {
  name: ServiceName;
  address: string;
  port: number;
  process: ManagedProcess;
}

export interface Stack {
  services: Partial<Record<ServiceName, RunningService>>;
  address(name: ServiceName): string;
  /** Stops in reverse start order: callers before the services they call. */
  stop(): Promise<void>;
}

function withDependencies(names: readonly ServiceName[]): ServiceName[] {
  const wanted = new Set<ServiceName>();
  const add = (n: ServiceName): void => {
    if (wanted.has(n)) return;
    wanted.add(n);
    DEPENDENCIES[n].forEach(add);
  };
  names.forEach(add);
  return SERVICE_NAMES.filter((n) => wanted.has(n));
}

/** Attempts when a picked port is taken before its service binds it (another process got it first). */
const PORT_ATTEMPTS = 3;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(options);
    } catch (err) {
      // A free port is only free until someone binds it: on a busy machine another test or process
      // can take one between the pick and the service's listen. Fixed ports are not picked again.
      const taken = err instanceof Error && err.message.includes('EADDRINUSE');
      if (!taken || options.ports !== undefined || attempt >= PORT_ATTEMPTS) throw err;
    }
  }
}

async function startStackOnce(options: StackOptions): Promise<Stack> {
  const names = withDependencies(options.only ?? SERVICE_NAMES);
  const picked = await freePorts(names.length);
  const ports = Object.fromEntries(names.map((n, i) => [n, options.ports?.[n] ?? picked[i]!])) as Record<
    ServiceName,
    number
  >;
  const addressOf = (n: ServiceName): string => `127.0.0.1:${ports[n]}`;
  const addrEnv: Record<string, string> = {};
  for (const n of names) addrEnv[`${n.toUpperCase()}_ADDR`] = addressOf(n);

  const services: Partial<Record<ServiceName, RunningService>> = {};
  const started: RunningService[] = [];
  const stop = async (): Promise<void> => {
    for (const s of [...started].reverse()) await s.process.stop('SIGTERM', 15_000);
  };
  try {
    for (const name of names) {
      const address = addressOf(name);
      const proc = await startProcess({
        name,
        // The production command line (telemetry preloaded). Not startServiceProcess: its fixed test
        // environment (telemetry off, warn level, no shutdown drain) would override what we inherit.
        ...serviceCommand(name),
        cwd: REPO_ROOT,
        env: {
          // Off unless asked for: by the caller (options.env) or by whoever started us
          // (`OTEL_SDK_DISABLED=false OTEL_EXPORTER_OTLP_ENDPOINT=… npm run dev`), which children inherit.
          ...(process.env.OTEL_SDK_DISABLED === undefined ? { OTEL_SDK_DISABLED: 'true' } : {}),
          OTEL_SERVICE_NAME: `superagent-${name}`,
          ...options.env,
          ...addrEnv,
          HOST: '127.0.0.1',
          PORT: String(ports[name]),
          ...options.serviceEnv?.[name],
        },
        readyWhen: async () => (await healthStatus(address)) === 'SERVING',
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        onLine: options.onLine ? (line) => options.onLine?.(name, line) : undefined,
      });
      const running: RunningService = { name, address, port: ports[name], process: proc };
      services[name] = running;
      started.push(running);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    services,
    address(name) {
      const s = services[name];
      if (!s) throw new Error(`${name} is not part of this stack`);
      return s.address;
    },
    stop,
  };
}
