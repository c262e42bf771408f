// Real service processes for integration tests: the router's own main.ts and the cost service's
// (started from its compiled entry point, the way production runs it; no code is imported from it).
import { join } from 'node:path';
import { freePort, startProcess, type ManagedProcess } from '@superagent/devkit';
import { checkHealth } from '@superagent/grpc';
import { serviceNames } from '@superagent/proto';

const SERVICES = join(__dirname, '..', '..', '..', '..');
export const ROUTER_MAIN = join(SERVICES, 'router', 'dist', 'src', 'main.js');
export const COST_MAIN = join(SERVICES, 'cost', 'dist', 'src', 'main.js');

export interface ServiceProcess {
  address: string;
  port: number;
  process: ManagedProcess;
}

const BASE_ENV = { OTEL_SDK_DISABLED: 'true', LOG_LEVEL: 'info', HOST: '127.0.0.1', SHUTDOWN_DRAIN_MS: '0' };

export async function startServiceProcess(
  name: 'router' | 'cost',
  env: Record<string, string>,
  port?: number,
): Promise<ServiceProcess> {
  const chosen = port ?? (await freePort());
  const address = `127.0.0.1:${chosen}`;
  const process = await startProcess({
    name,
    command: globalThis.process.execPath,
    args: ['--require', '@superagent/telemetry/register', name === 'router' ? ROUTER_MAIN : COST_MAIN],
    env: { ...BASE_ENV, PORT: String(chosen), ...env },
    readyWhen: async () => (await checkHealth(address, serviceNames[name]).catch(() => 'DOWN')) === 'SERVING',
    timeoutMs: 20_000,
  });
  return { address, port: chosen, process };
}
