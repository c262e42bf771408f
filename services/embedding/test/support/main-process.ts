import { serviceCommand, startProcess, type ManagedProcess } from '@superagent/devkit';

/**
 * Starts services/embedding/dist/src/main.js as production does with a configuration it must
 * refuse, and resolves once it has exited, with its exit code and last output lines.
 */
export async function runRefusedMain(
  env: Record<string, string>,
  started: ManagedProcess[],
): Promise<{ code: number | null; output: string }> {
  const child = await startProcess({
    name: 'embedding-bad-config',
    ...serviceCommand('embedding'),
    env: { OTEL_SDK_DISABLED: 'true', PORT: '0', HOST: '127.0.0.1', ...env },
  });
  started.push(child);
  const { code } = await child.exited;
  return { code, output: child.tail().join('\n') };
}
