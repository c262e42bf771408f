// scribe and the embedding service as real processes, without the runner and cost service that the
// stack would start with them: pattern memory needs only embeddings, and a browser pool would cost
// this machine seconds of start-up and a core while idle. RUNNER_ADDR names a port nobody listens on
// (scribe serves without it; only GenerateTest would need it).
import { REPO_ROOT, startStack } from '@superagent/cli';
import { freePort, startServiceProcess } from '@superagent/devkit';

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
    const unusedRunnerPort = await freePort();
    const { address, process: scribe } = await startServiceProcess('scribe', {
      cwd: REPO_ROOT,
      env: {
        EMBEDDING_ADDR: embedding.address('embedding'),
        RUNNER_ADDR: `127.0.0.1:${unusedRunnerPort}`,
      },
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
