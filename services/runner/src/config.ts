import os from 'node:os';
import path from 'node:path';
import { bool, type ConfigOf, int, list, loadConfig, oneOf, serverSpec, str } from '@superagent/config';
import { parseOriginPattern, type OriginPattern } from './domain/url-policy';

const originPattern = () =>
  str({ pattern: /^https?:\/\/(\*\.)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(:(\d{1,5}|\*))?\/?$/ });

/** Debian's headless-only Chromium build: the one Playwright itself uses, a third of full Chromium's CPU per page. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium-headless-shell';

export const runnerConfigSpec = {
  ...serverSpec(50054),
  RUNNER_CHROMIUM_PATH: str({
    default: DEFAULT_CHROMIUM_PATH,
    doc: "Chromium executable launched for the pool; a wrapper script that only forwards its arguments to one binary (Debian's) is replaced by that binary",
  }),
  RUNNER_BROWSERS: int({ default: 2, min: 1, max: 32, doc: 'warm browsers in the pool' }),
  RUNNER_CONTEXTS_PER_BROWSER: int({
    default: 8,
    min: 1,
    max: 64,
    doc: 'context slots per browser (a run or an explore session holds one)',
  }),
  RUNNER_RECYCLE_AFTER: int({ default: 200, min: 1, doc: 'a browser is replaced after this many leases' }),
  RUNNER_WORKERS: int({
    default: 10,
    min: 1,
    max: 256,
    doc: 'pre-spawned spec worker processes = runs executing at once',
  }),
  RUNNER_WORKER_MAX_RUNS: int({
    default: 20,
    min: 1,
    doc: 'runs per worker process before it is replaced; a worker only serves one base-URL origin (1 = a fresh process for every spec)',
  }),
  RUNNER_WORKER_MAX_OLD_SPACE_MB: int({ default: 256, min: 32, doc: 'V8 heap cap of a spec worker (MB)' }),
  RUNNER_MAX_QUEUE: int({
    default: 50,
    min: 0,
    doc: 'runs waiting for a worker; beyond it RunSpec answers RESOURCE_EXHAUSTED',
  }),
  RUNNER_RUN_TIMEOUT_MS: int({ default: 60_000, min: 1000, doc: 'default hard wall-clock limit of a run' }),
  RUNNER_MAX_RUN_TIMEOUT_MS: int({
    default: 180_000,
    min: 1000,
    doc: 'largest timeout_ms a caller may ask for',
  }),
  RUNNER_TEST_TIMEOUT_MS: int({
    default: 30_000,
    min: 100,
    doc: 'per-test timeout (Playwright default), capped by the run limit',
  }),
  RUNNER_EXPECT_TIMEOUT_MS: int({
    default: 5000,
    min: 0,
    doc: 'default expect() auto-wait timeout (Playwright default)',
  }),
  RUNNER_MAX_SPEC_BYTES: int({
    default: 262_144,
    min: 1,
    doc: 'largest accepted spec source (bytes, UTF-8)',
  }),
  RUNNER_ALLOWED_ORIGINS: list(originPattern(), {
    default: ['http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'],
    doc: 'origins a base/start URL may use (scheme://host[:port|:*], host may start with *.)',
  }),
  RUNNER_EXTRA_ORIGINS: list(originPattern(), {
    default: [],
    doc: 'origins pages may also load from during a run (e.g. a CDN); everything else is blocked',
  }),
  RUNNER_TRACE: oneOf(['off', 'on', 'retain-on-failure'] as const, {
    default: 'retain-on-failure',
    doc: 'trace when a request leaves artifacts.trace unset',
  }),
  RUNNER_TRACE_SCREENSHOTS: bool({
    default: false,
    doc: 'add the screencast film strip to traces (≈250 ms per test); DOM snapshots are always in the trace',
  }),
  RUNNER_SCREENSHOT_ON_FAILURE: bool({
    default: true,
    doc: 'failure screenshot when a request leaves it unset',
  }),
  RUNNER_ARTIFACT_DIR: str({
    default: path.join(os.tmpdir(), 'superagent-runner', 'artifacts'),
    doc: 'where traces and screenshots are kept',
  }),
  RUNNER_ARTIFACT_MAX_BYTES: int({
    default: 1024 * 1024 * 1024,
    min: 1,
    doc: 'size cap of the artifact directory; oldest go first',
  }),
  RUNNER_ARTIFACT_MAX_RUN_BYTES: int({
    optional: true,
    min: 1,
    doc: "what one run's artifacts may take of the artifact directory together; an artifact past it is not kept (the RunSpec answer lists it in omitted_artifacts); unset = a tenth of RUNNER_ARTIFACT_MAX_BYTES",
  }),
  RUNNER_ARTIFACT_TTL_MS: int({
    default: 24 * 3600 * 1000,
    min: 1000,
    doc: 'artifacts older than this are deleted',
  }),
  RUNNER_SCRATCH_DIR: str({
    default: path.join(os.tmpdir(), 'superagent-runner', 'scratch'),
    doc: 'parent of the per-worker scratch directories',
  }),
  RUNNER_SPECS_DIR: str({
    optional: true,
    doc: 'directory of stored specs for RunSpec.spec_name (unset = names refused)',
  }),
  RUNNER_FIXTURES_DIR: str({
    optional: true,
    doc: 'directory of sample files to upload by name: Explore offers and uploads them, and spec workers get a copy in their working directory (unset = none)',
  }),
  RUNNER_MAX_EXPLORE_SESSIONS: int({ default: 4, min: 0, doc: 'explore sessions open at once' }),
  RUNNER_EXPLORE_IDLE_MS: int({
    default: 120_000,
    min: 1000,
    doc: 'an explore session with no message for this long is closed',
  }),
  RUNNER_EXPLORE_MAX_MS: int({ default: 15 * 60_000, min: 1000, doc: 'longest explore session' }),
  RUNNER_EXPLORE_WARM_TABS: int({
    optional: true,
    min: 0,
    doc: "finished explore sessions' tabs kept, wiped, for the next session on the same origin (each holds a context slot until a slot is wanted); unset = RUNNER_MAX_EXPLORE_SESSIONS, 0 = a new context per session",
  }),
  RUNNER_EXPLORE_SPARE_TABS: int({
    default: 2,
    min: 0,
    doc: 'blank tabs opened at start-up and whenever no explore session runs, ready for a session on any origin (each holds a free context slot until a slot is wanted; at most RUNNER_MAX_EXPLORE_SESSIONS are opened; 0 = none)',
  }),
};

export type RunnerConfig = ConfigOf<typeof runnerConfigSpec>;

/** What one run's artifacts may take of the store (RUNNER_ARTIFACT_MAX_RUN_BYTES, or a tenth of the cap). */
export function artifactRunShareBytes(c: RunnerConfig): number {
  return c.RUNNER_ARTIFACT_MAX_RUN_BYTES ?? Math.max(1, Math.floor(c.RUNNER_ARTIFACT_MAX_BYTES / 10));
}

export interface RunnerSettings {
  config: RunnerConfig;
  allowedOrigins: OriginPattern[];
  extraOrigins: OriginPattern[];
}

function patterns(name: string, raw: readonly string[], problems: string[]): OriginPattern[] {
  return raw.flatMap((r) => {
    const p = parseOriginPattern(r);
    if (!p) problems.push(`${name} has an invalid origin pattern "${r}"`);
    return p ? [p] : [];
  });
}

/** Parses the environment once; throws a ConfigError listing every problem, cross-field ones included. */
export function loadRunnerConfig(env: NodeJS.ProcessEnv = process.env): RunnerSettings {
  let allowedOrigins: OriginPattern[] = [];
  let extraOrigins: OriginPattern[] = [];
  // Listed with the variables' own problems (a value that did not parse is undefined here).
  const config = loadConfig(runnerConfigSpec, env, (c) => {
    const problems: string[] = [];
    allowedOrigins = patterns('RUNNER_ALLOWED_ORIGINS', c.RUNNER_ALLOWED_ORIGINS ?? [], problems);
    extraOrigins = patterns('RUNNER_EXTRA_ORIGINS', c.RUNNER_EXTRA_ORIGINS ?? [], problems);
    const { RUNNER_RUN_TIMEOUT_MS: timeout, RUNNER_MAX_RUN_TIMEOUT_MS: maxTimeout } = c;
    if (timeout !== undefined && maxTimeout !== undefined && timeout > maxTimeout)
      problems.push('RUNNER_RUN_TIMEOUT_MS must be ≤ RUNNER_MAX_RUN_TIMEOUT_MS');
    const { RUNNER_ARTIFACT_MAX_BYTES: storeBytes, RUNNER_ARTIFACT_MAX_RUN_BYTES: runBytes } = c;
    if (storeBytes !== undefined && runBytes !== undefined && runBytes > storeBytes)
      problems.push('RUNNER_ARTIFACT_MAX_RUN_BYTES must be ≤ RUNNER_ARTIFACT_MAX_BYTES');
    const { RUNNER_BROWSERS: browsers, RUNNER_CONTEXTS_PER_BROWSER: contexts } = c;
    const { RUNNER_WORKERS: workers, RUNNER_MAX_EXPLORE_SESSIONS: sessions } = c;
    if (
      browsers !== undefined &&
      contexts !== undefined &&
      workers !== undefined &&
      sessions !== undefined &&
      browsers * contexts < workers + sessions
    )
      problems.push(
        'RUNNER_BROWSERS × RUNNER_CONTEXTS_PER_BROWSER must be ≥ RUNNER_WORKERS + RUNNER_MAX_EXPLORE_SESSIONS (each worker and each explore session holds a context slot)',
      );
    return problems;
  });
  return { config, allowedOrigins, extraOrigins };
}
