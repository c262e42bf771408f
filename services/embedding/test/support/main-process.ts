import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { MAIN_JS } from './paths';

export interface MainProcess {
  readonly child: ChildProcess;
  /** Resolves with the bound port once the server logs that it listens. */
  readonly port: Promise<number>;
  readonly exited: Promise<{ code: number | null; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * Starts services/embedding/dist/src/main.js as production does (telemetry preloaded, disabled
 * here) with PORT=0, learning the port from its "grpc server listening" log line.
 */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--require', '@superagent/telemetry/register', MAIN_JS], {
    env: { ...process.env, OTEL_SDK_DISABLED: 'true', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.once('exit', (code) => resolve({ code, stderr }));
  });
  const port = new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'grpc server listening' && typeof entry.port === 'number') resolve(entry.port);
      } catch {
        // not a log line
      }
    });
    void exited.then(({ code }) => reject(new Error(`main.js exited (${code}) before listening: ${stderr}`)));
  });
  // Callers that only care about the exit never await the port: keep its rejection handled.
  port.catch(() => undefined);
  return {
    child,
    port,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
