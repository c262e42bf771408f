import { createRequire } from 'node:module';
import { join } from 'node:path';
import { healthStatus } from './health';
import { freePort } from './ports';
import { startProcess, type ManagedProcess, type StartProcessOptions } from './process';

// A SuperAgent service as its own process, started the way production starts it (compiled main.js
// with telemetry preloaded), for integration tests and benchmarks. No code is imported from the
// service: only its build output is run.

export type ServiceName = 'router' | 'scribe' | 'embedding' | 'runner' | 'cost';

/** The repository root, from libs/devkit/dist/src at run time. */
const REPO_ROOT = join(__dirname, '..', '..', '..', '..');

/** services/<name>/dist/src/main.js (build the service first: `tsc -b services/<name>`). */
export function serviceMain(name: ServiceName): string {
  return join(REPO_ROOT, 'services', name, 'dist', 'src', 'main.js');
}

/**
 * The command line production uses: node, the telemetry preload (it must load before anything it
 * instruments), main.js. The preload is resolved from the service's own location, where it is a
 * dependency, so the child starts whatever its working directory.
 */
export function serviceCommand(name: ServiceName): { command: string; args: string[] } {
  const main = serviceMain(name);
  const register = createRequire(main).resolve('@superagent/telemetry/register');
  return { command: process.execPath, args: ['--require', register, main] };
}

export interface ServiceProcessOptions {
  /** Merged over the standard environment; a key set to undefined removes an inherited variable. */
  env?: Record<string, string | undefined>;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** How long the service may take to report SERVING (default 30 s). */
  timeoutMs?: number;
  /** LOG_LEVEL (default 'warn'); `env.LOG_LEVEL` wins. */
  logLevel?: string;
  /** Label in errors and output prefixes (default: the service name). */
  label?: string;
  onLine?: StartProcessOptions['onLine'];
  cwd?: string;
}

export interface ServiceProcess {
  /** host:port on loopback. */
  address: string;
  port: number;
  process: ManagedProcess;
}

/**
 * Starts services/<name> on 127.0.0.1 and resolves once its whole-server health check ('') says
 * SERVING: telemetry off, no shutdown drain (SIGTERM exits promptly). If it exits or is not ready
 * in time, it is killed and the error quotes its last output lines.
 */
export async function startServiceProcess(
  name: ServiceName,
  options: ServiceProcessOptions = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const child = await startProcess({
    name: options.label ?? name,
    ...serviceCommand(name),
    cwd: options.cwd,
    env: {
      OTEL_SDK_DISABLED: 'true',
      LOG_LEVEL: options.logLevel ?? 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      SHUTDOWN_DRAIN_MS: '0',
      ...options.env,
    },
    readyWhen: async () => (await healthStatus(address)) === 'SERVING',
    timeoutMs: options.timeoutMs ?? 30_000,
    onLine: options.onLine,
  });
  return { address, port, process: child };
}
