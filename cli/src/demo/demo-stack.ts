// The five services configured for the bundled demo app (`npm run demo`, the pipeline benchmark):
// what the demo's features need from the runner, and explore slots for a whole burst of features.
import { DEMO_FIXTURES_DIR } from '@superagent/demo';
import { startStack, type ServiceName, type Stack, type StackOptions } from '../stack';

export { DEMO_FIXTURES_DIR };

/**
 * Explore sessions open at once, in scribe and in the runner alike. The benchmark submits 10 simple
 * features together; with the services' default of 4, six of them would wait for a slot while the
 * machine still has room (an exploration mostly waits on the page).
 */
export const DEMO_EXPLORE_SESSIONS = 10;

/**
 * Runner pool for that burst: every spec worker and every explore session holds a context slot, so
 * browsers × contexts must cover workers + explore sessions (the runner refuses to start otherwise).
 */
export const DEMO_RUNNER_POOL = { browsers: 2, contextsPerBrowser: 10, workers: 10 } as const;

/** Time limit of one explore action in the demo (see `demoServiceEnv`). */
export const DEMO_ACTION_TIMEOUT_MS = 10_000;
/** Time limit of one whole exploration in the demo (see `demoServiceEnv`). */
export const DEMO_EXPLORE_TIMEOUT_MS = 60_000;

type ServiceEnv = Partial<Record<ServiceName, Record<string, string | undefined>>>;

/** The demo's per-service environment, with `overrides` (per service, per variable) taking precedence. */
export function demoServiceEnv(overrides: ServiceEnv = {}): ServiceEnv {
  const defaults: ServiceEnv = {
    runner: {
      // The OAuth feature leaves the app's origin for the local provider's login page, and every
      // broken-variant instance has its own provider port: allow loopback, nothing else.
      RUNNER_EXTRA_ORIGINS: 'http://127.0.0.1:*',
      RUNNER_FIXTURES_DIR: DEMO_FIXTURES_DIR,
      RUNNER_MAX_EXPLORE_SESSIONS: String(DEMO_EXPLORE_SESSIONS),
      RUNNER_BROWSERS: String(DEMO_RUNNER_POOL.browsers),
      RUNNER_CONTEXTS_PER_BROWSER: String(DEMO_RUNNER_POOL.contextsPerBrowser),
      RUNNER_WORKERS: String(DEMO_RUNNER_POOL.workers),
    },
    scribe: {
      SCRIBE_MAX_EXPLORES: String(DEMO_EXPLORE_SESSIONS),
      // Everything (app, five services, ten explorations, ten runs) shares one machine here: a click
      // that waits past scribe's 5 s default for its page under that load left the step unresolved and
      // cost the task a whole second attempt. A run gives the same click its 30 s test timeout.
      SCRIBE_ACTION_TIMEOUT_MS: String(DEMO_ACTION_TIMEOUT_MS),
      // For the same reason a whole exploration gets 60 s instead of 30 s: with 14 features at once,
      // explorations that were still making progress hit the 30 s limit and were started over.
      SCRIBE_EXPLORE_TIMEOUT_MS: String(DEMO_EXPLORE_TIMEOUT_MS),
    },
  };
  const merged: ServiceEnv = { ...overrides };
  for (const [name, env] of Object.entries(defaults) as [ServiceName, Record<string, string>][]) {
    merged[name] = { ...env, ...overrides[name] };
  }
  return merged;
}

/** Starts the five services with the demo's configuration (see `demoServiceEnv`). */
export function startDemoStack(options: StackOptions = {}): Promise<Stack> {
  return startStack({ ...options, serviceEnv: demoServiceEnv(options.serviceEnv) });
}
