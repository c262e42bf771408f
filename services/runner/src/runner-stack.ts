// Builds the runner's parts from configuration: browser pool, worker pool, run queue, artifact store
// and explore sessions. main.ts and the integration tests start the same stack.

import path from 'node:path';
import type { Logger } from '@superagent/logging';
import { chromiumLauncher } from './browser/launcher';
import { artifactRunShareBytes, type RunnerSettings } from './config';
import { ExploreSessions } from './explore/explore-sessions';
import { Admission } from './pool/admission';
import { BrowserPool, type BrowserLauncher } from './pool/browser-pool';
import { WorkerPool } from './pool/worker-pool';
import { observePools } from './pool-metrics';
import { SpecRuns } from './runs/spec-runs';
import { ArtifactStore } from './store/artifact-store';

export interface RunnerStack {
  settings: RunnerSettings;
  browsers: BrowserPool;
  workers: WorkerPool;
  admission: Admission;
  runs: SpecRuns;
  store: ArtifactStore;
  explore: ExploreSessions;
  /** Launches the browsers and workers; resolves when every worker holds a warm connection. */
  start(): Promise<void>;
  close(): Promise<void>;
}

function packageDir(name: string, from?: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, from ? { paths: [from] } : undefined));
}

/** What a spec worker may read: its own compiled code and the packages it loads. */
export function workerReadPaths(): string[] {
  const testPkg = packageDir('@playwright/test');
  return [
    path.resolve(__dirname, '..'),
    packageDir('playwright-core'),
    testPkg,
    packageDir('playwright', testPkg),
    // Probed by playwright-core at load time (WSL detection); harmless when absent.
    '/proc/sys/fs/binfmt_misc/WSLInterop',
    '/run/WSL',
  ];
}

function defaultLauncher(settings: RunnerSettings, logger: Logger): BrowserLauncher {
  const c = settings.config;
  const launcher = chromiumLauncher(
    c.RUNNER_CHROMIUM_PATH,
    [...settings.allowedOrigins, ...settings.extraOrigins],
    path.join(c.RUNNER_SCRATCH_DIR, 'browsers'),
  );
  const { path: executable, wrapper } = launcher.executable;
  if (wrapper !== undefined)
    logger.info(
      { wrapper, executable },
      'Chromium wrapper script only forwards its arguments: launching the binary it runs',
    );
  return launcher;
}

export function createRunnerStack(
  settings: RunnerSettings,
  logger: Logger,
  launcher?: BrowserLauncher,
): RunnerStack {
  const c = settings.config;
  const browsers = new BrowserPool({
    size: c.RUNNER_BROWSERS,
    contextsPerBrowser: c.RUNNER_CONTEXTS_PER_BROWSER,
    recycleAfter: c.RUNNER_RECYCLE_AFTER,
    launcher: launcher ?? defaultLauncher(settings, logger),
    logger: logger.child({ component: 'browser-pool' }),
  });
  const workers = new WorkerPool({
    size: c.RUNNER_WORKERS,
    maxRunsPerWorker: c.RUNNER_WORKER_MAX_RUNS,
    spawn: {
      script: path.join(__dirname, 'worker', 'worker-main.js'),
      scratchRoot: c.RUNNER_SCRATCH_DIR,
      maxOldSpaceMb: c.RUNNER_WORKER_MAX_OLD_SPACE_MB,
      readPaths: workerReadPaths(),
    },
    fixturesDir: c.RUNNER_FIXTURES_DIR,
    browsers,
    extraOrigins: settings.extraOrigins,
    logger: logger.child({ component: 'worker-pool' }),
  });
  const admission = new Admission(c.RUNNER_WORKERS, c.RUNNER_MAX_QUEUE);
  const store = new ArtifactStore({
    dir: c.RUNNER_ARTIFACT_DIR,
    maxBytes: c.RUNNER_ARTIFACT_MAX_BYTES,
    maxRunBytes: artifactRunShareBytes(c),
    ttlMs: c.RUNNER_ARTIFACT_TTL_MS,
  });
  const runs = new SpecRuns({
    admission,
    workers,
    store,
    testTimeoutMs: c.RUNNER_TEST_TIMEOUT_MS,
    expectTimeoutMs: c.RUNNER_EXPECT_TIMEOUT_MS,
    logger,
  });
  const explore = new ExploreSessions({
    browsers,
    maxSessions: c.RUNNER_MAX_EXPLORE_SESSIONS,
    idleMs: c.RUNNER_EXPLORE_IDLE_MS,
    maxMs: c.RUNNER_EXPLORE_MAX_MS,
    allowedOrigins: settings.allowedOrigins,
    extraOrigins: settings.extraOrigins,
    warmTabs: c.RUNNER_EXPLORE_WARM_TABS ?? c.RUNNER_MAX_EXPLORE_SESSIONS,
    // More spares than sessions can be open at once would never be used.
    spareTabs: Math.min(c.RUNNER_EXPLORE_SPARE_TABS, c.RUNNER_MAX_EXPLORE_SESSIONS),
    fixturesDir: c.RUNNER_FIXTURES_DIR,
    logger: logger.child({ component: 'explore' }),
  });
  observePools({ browsers, workers, admission, exploreSessions: () => explore.count });
  return {
    settings,
    browsers,
    workers,
    admission,
    runs,
    store,
    explore,
    async start() {
      await store.open();
      await browsers.start();
      await workers.start();
      // Before the spares take free slots: the probe needs one.
      await explore.probeVersion();
      await explore.openSpares();
    },
    async close() {
      await explore.close();
      await workers.close();
      await browsers.close();
      store.close();
    },
  };
}
