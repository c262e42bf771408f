// scribe and the embedding service as real processes, without the runner and cost service that the
// stack would start with them: pattern memory needs only embeddings, and a browser pool would cost
// this machine seconds of start-up and a core while idle. RUNNER_ADDR names a port nobody listens on
// (scribe serves without it; only GenerateTest would need it).
import { join } from 'node:path';
import { REPO_ROOT, startStack } from '@superagent/cli';
import { freePort, startProcess } from '@superagent/devkit';
import { checkHealth } from '@superagent/grpc';
import { serviceNames } from '@superagent/proto';

export interface ScribeAlone {
  address: string;
  stop(): Promise<void>;
}

export async function startScribeAlone(): Promise<ScribeAlone> {
  const embedding = await startStack({
    only: ['embedding'],
    env: { LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0' },
  });
  try {
    const [port, unusedRunnerPort] = [await freePort(), await freePort()];
    const address = `127.0.0.1:${port}`;
    const scribe = await startProcess({
      name: 'scribe',
      command: process.execPath,
      args: [
        '--require',
        '@superagent/telemetry/register',
        join(REPO_ROOT, 'services', 'scribe', 'dist', 'src', 'main.js'),
      ],
      cwd: REPO_ROOT,
      env: {
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_MS: '0',
        HOST: '127.0.0.1',
        PORT: String(port),
        EMBEDDING_ADDR: embedding.address('embedding'),
        RUNNER_ADDR: `127.0.0.1:${unusedRunnerPort}`,
      },
      readyWhen: async () =>
        (await checkHealth(address, serviceNames.scribe, 1_000).catch(() => 'DOWN')) === 'SERVING',
      timeoutMs: 60_000,
    });
    return {
      address,
      async stop() {
        await scribe.stop('SIGTERM', 15_000);
        await embedding.stop();
      },
    };
  } catch (err) {
    await embedding.stop();
    throw err;
  }
}
