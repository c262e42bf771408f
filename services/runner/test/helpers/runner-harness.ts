// Starts the real runner (browser pool, sandboxed workers, gRPC server on loopback) for a test, with
// its own scratch and artifact directories, and a generated client to call it.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type GrpcClient, startTestServer, type TestServer } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { runner } from '@superagent/proto';
import { chromiumLauncher } from '../../src/browser/launcher';
import { loadRunnerConfig } from '../../src/config';
import type { BrowserLauncher } from '../../src/pool/browser-pool';
import { createRunnerStack, type RunnerStack } from '../../src/runner-stack';
import { createRunnerService } from '../../src/server';

export interface RunnerHarness {
  client: GrpcClient<typeof runner.RunnerServiceService>;
  stack: RunnerStack;
  server: TestServer;
  dir: string;
  stop(): Promise<void>;
}

export interface RunnerOptions {
  /** Wraps the real Chromium launcher (e.g. to delay what the pool hears of a browser's exit). */
  wrapLauncher?: (real: BrowserLauncher) => BrowserLauncher;
}

export async function startRunner(
  env: Record<string, string> = {},
  options: RunnerOptions = {},
): Promise<RunnerHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-test-'));
  const settings = loadRunnerConfig({
    RUNNER_BROWSERS: '1',
    RUNNER_CONTEXTS_PER_BROWSER: '6',
    RUNNER_WORKERS: '2',
    RUNNER_ARTIFACT_DIR: path.join(dir, 'artifacts'),
    RUNNER_SCRATCH_DIR: path.join(dir, 'scratch'),
    ...env,
  });
  const c = settings.config;
  const launcher = options.wrapLauncher?.(
    chromiumLauncher(
      c.RUNNER_CHROMIUM_PATH,
      [...settings.allowedOrigins, ...settings.extraOrigins],
      path.join(c.RUNNER_SCRATCH_DIR, 'browsers'),
    ),
  );
  const stack = createRunnerStack(settings, silentLogger(), launcher);
  let server: TestServer | undefined;
  try {
    await stack.start();
    server = await startTestServer([createRunnerService(stack)]);
  } catch (err) {
    await stack.close();
    throw err;
  }
  const client = createClient(runner.RunnerServiceService, server.address, {
    target: 'runner',
    defaultDeadlineMs: 60_000,
    breaker: false,
    logger: silentLogger(),
  });
  const started = server;
  return {
    client,
    stack,
    server: started,
    dir,
    async stop() {
      client.close();
      await started.stop();
      await stack.close();
      // Helper processes of a killed browser may still be writing here (see helpers/browser-pool.ts).
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Polls `check` until it returns true (or fails after `timeoutMs`). */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
