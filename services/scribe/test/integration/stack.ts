// The real neighbours of scribe for integration tests: the demo app (normal and with every feature
// broken), the runner and the embedding service as child processes (their own main.js, the way they
// run in production), and scribe itself in-process on a loopback port.
import path from 'node:path';
import { BREAKABLE_IDS, DEMO_FIXTURES_DIR, type DemoApp, startDemoApp } from '@superagent/demo';
import { type ServiceProcess, startServiceProcess } from '@superagent/devkit';
import { createClient, type GrpcClient, startTestServer, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { scribe } from '@superagent/proto';
import { loadScribeConfig } from '../../src/config';
import { createScribeStack, type ScribeStack } from '../../src/scribe-stack';
import { createScribeService } from '../../src/server';

const REPO = path.resolve(__dirname, '..', '..', '..', '..', '..');

export type ScribeClient = GrpcClient<typeof scribe.ScribeServiceService>;

/**
 * The runner or the embedding service as its own process (its compiled main.js, telemetry preloaded),
 * ready once it reports SERVING. 90 s: the runner launches its browsers first, and the whole suite
 * shares a busy machine.
 */
export function startService(
  name: 'runner' | 'embedding',
  env: Record<string, string>,
): Promise<ServiceProcess> {
  return startServiceProcess(name, { env, cwd: REPO, timeoutMs: 90_000 });
}

export interface ScribeUnderTest {
  server: TestServer;
  client: ScribeClient;
  stack: ScribeStack;
  close(): Promise<void>;
}

export async function startScribe(env: Record<string, string>): Promise<ScribeUnderTest> {
  const config = loadScribeConfig({ LOG_LEVEL: 'silent', ...env });
  const stack = await createScribeStack(config, silentLogger());
  stack.warmUp();
  const server = await startTestServer([createScribeService(stack.deps)]);
  const client = createClient(scribe.ScribeServiceService, server.address, {
    target: 'scribe',
    defaultDeadlineMs: 60_000,
    logger: silentLogger(),
    breaker: false,
  });
  return {
    server,
    client,
    stack,
    async close() {
      client.close();
      await server.stop();
      await stack.close();
    },
  };
}

export interface DemoStack {
  app: DemoApp;
  broken: DemoApp;
  runner: ServiceProcess;
  embedding: ServiceProcess;
  stop(): Promise<void>;
}

export async function startDemoStack(): Promise<DemoStack> {
  const started: { stop(): Promise<unknown> }[] = [];
  try {
    const app = await startDemoApp({ port: 0 });
    started.push(app);
    const broken = await startDemoApp({ port: 0, broken: BREAKABLE_IDS });
    started.push(broken);
    const both = await Promise.allSettled([
      startService('runner', {
        RUNNER_BROWSERS: '1',
        RUNNER_CONTEXTS_PER_BROWSER: '12',
        RUNNER_WORKERS: '4',
        RUNNER_WORKER_MAX_RUNS: '100',
        RUNNER_MAX_EXPLORE_SESSIONS: '6',
        RUNNER_TRACE: 'off',
        RUNNER_SCREENSHOT_ON_FAILURE: 'false',
        // The files the upload feature's specs choose.
        RUNNER_FIXTURES_DIR: DEMO_FIXTURES_DIR,
        // The OAuth feature's provider (DemoID) serves its pages from a second port.
        RUNNER_EXTRA_ORIGINS: 'http://127.0.0.1:*',
      }),
      startService('embedding', {}),
    ]);
    // Whichever started must be stopped even when the other did not.
    for (const r of both) if (r.status === 'fulfilled') started.push(r.value.process);
    const [runner, embedding] = both.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    });
    if (!runner || !embedding) throw new Error('runner or embedding missing');
    return {
      app,
      broken,
      runner,
      embedding,
      async stop() {
        await Promise.allSettled(started.map((s) => s.stop()));
      },
    };
  } catch (err) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw err;
  }
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const item = items[i] as T;
      out[i] = await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
