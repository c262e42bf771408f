// Runner settings for cross-service tests: they need little capacity, and a small pool starts faster
// on a shared two-core machine than the default 2 browsers and 10 workers.
export const RUNNER_WORKERS = 2;

export const SMALL_RUNNER: Record<string, string> = {
  RUNNER_BROWSERS: '1',
  RUNNER_CONTEXTS_PER_BROWSER: '4',
  RUNNER_WORKERS: String(RUNNER_WORKERS),
  RUNNER_MAX_EXPLORE_SESSIONS: '2',
};
