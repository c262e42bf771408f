// First: SIGHUP must not end the process while the rest loads (see hangups.ts).
import { hangups } from './hangups';
import { ConfigError, runMain } from '@superagent/config';
import { startServer, watchStopSignals, whenStopped } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { createApiKeyAuth, type ApiKeyAuth } from './auth/api-keys';
import { createBudgetView } from './budget-view-factory';
import { availableProviders, loadRouterConfig } from './config';
import { PolicyError } from './domain/policy';
import { startPipeline } from './pipeline/start-pipeline';
import { loadPolicyFile, PolicyReloader } from './policy-reloader';
import { createRoutingCore } from './routing-core';
import { createRoutingEngine } from './routing-stack';
import { createRouterService } from './server';

/** The API keys, or a configuration error (exit 78) naming the bad entry, never a key. */
function apiKeys(entries: readonly string[] | undefined): ApiKeyAuth {
  try {
    return createApiKeyAuth(entries ?? []);
  } catch (err) {
    throw new ConfigError([`ROUTER_API_KEYS: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

runMain(async () => {
  const config = loadRouterConfig();
  const logger = createLogger({ name: 'router', level: config.LOG_LEVEL });
  // From here on SIGTERM/SIGINT shut down in order, during the start-up too.
  const stop = watchStopSignals(logger);
  const auth = apiKeys(config.ROUTER_API_KEYS);
  if (!auth.enabled)
    logger.warn('ROUTER_API_KEYS is not set: every RouterService RPC accepts calls without an API key');
  // A broken policy at start-up is a configuration error (exit 78) listing every problem.
  const policy = await loadPolicyFile(config.ROUTER_POLICY_PATH).catch((err: unknown) => {
    const where = `ROUTER_POLICY_PATH (${config.ROUTER_POLICY_PATH})`;
    if (err instanceof PolicyError) throw new ConfigError(err.problems.map((p) => `${where}: ${p}`));
    // A file that cannot be read (missing, a directory, no permission) is configuration too.
    if (typeof (err as NodeJS.ErrnoException | null)?.syscall === 'string')
      throw new ConfigError([`${where}: cannot be read: ${(err as Error).message}`]);
    throw err;
  });
  const budgets = createBudgetView(config, logger);
  const providers = availableProviders(config);
  const engine = createRoutingEngine({
    policy,
    providers,
    budgets: budgets.view,
    cacheSize: config.ROUTER_CACHE_SIZE,
    sampleEvery: config.ROUTER_STATS_SAMPLE_EVERY,
  });
  const pipeline = await startPipeline({
    settings: config,
    logger,
    auth,
    routing: createRoutingCore(engine),
  });
  const reloader = new PolicyReloader({
    path: config.ROUTER_POLICY_PATH,
    holder: engine.policies,
    logger,
    debounceMs: config.ROUTER_POLICY_DEBOUNCE_MS,
  });
  if (config.ROUTER_POLICY_WATCH) reloader.watch();
  hangups.start(() => reloader.reload('sighup'));
  const server = await startServer({
    name: 'router',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [createRouterService({ engine, logger, auth, pipeline: pipeline.handlers })],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  pipeline.followReadiness((serving) => server.setServing(serving));
  logger.info(
    { policy: policy.version, providers: [...providers], budgets: config.ROUTER_BUDGET_VIEW },
    'router ready',
  );
  // The pipeline's tasks run on while the server drains: it takes no new ones from the signal on,
  // and its closer gives the running ones half the grace more, leaving the other half to abandon
  // the rest and close the store within the closer's bound (the grace).
  whenStopped(stop.signal, () => void pipeline.beginShutdown());
  stop.serve(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [
      { name: 'pipeline', close: () => pipeline.close(Math.floor(config.SHUTDOWN_GRACE_MS / 2)) },
      { name: 'policy-reloader', close: () => Promise.resolve(reloader.close()) },
      { name: 'budget-view', close: () => Promise.resolve(budgets.close()) },
    ],
  });
});
