import { deferHangups, runMain } from '@superagent/config';
import { startServer, watchStopSignals, whenStopped } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadCostConfig } from './config';
import { parseBudgetPolicy } from './domain/budget-policy';
import { parsePriceTable } from './domain/price-table';
import { createCostMetrics } from './metrics';
import { openStore } from './open-store';
import { followReadiness } from './readiness';
import { loadAtStart } from './reloadable-file';
import { createCostService } from './server';

runMain(async () => {
  // First of all: until a SIGHUP handler exists, a reload request would kill the process.
  const sighup = deferHangups();
  const config = loadCostConfig();
  const logger = createLogger({ name: 'cost', level: config.LOG_LEVEL });
  // From here on SIGTERM/SIGINT shut down in order, during the start-up too.
  const stop = watchStopSignals(logger);
  const [prices, budgets] = await loadAtStart(
    [
      {
        variable: 'COST_PRICES_PATH',
        what: 'price table',
        path: config.COST_PRICES_PATH,
        interpret: parsePriceTable,
      },
      {
        variable: 'COST_BUDGETS_PATH',
        what: 'budget policy',
        path: config.COST_BUDGETS_PATH,
        interpret: parseBudgetPolicy,
      },
    ],
    logger,
  );
  sighup.start(() => Promise.all([prices.reload(), budgets.reload()]));
  const backend = openStore(config, logger);
  const service = createCostService({
    store: backend.store,
    prices,
    budgets,
    logger,
    metrics: createCostMetrics(),
    defaultReservationTtlMs: config.COST_RESERVATION_TTL_MS,
    maxReservationTtlMs: config.COST_RESERVATION_MAX_TTL_MS,
    maxBatch: config.COST_MAX_BATCH,
  });
  const server = await startServer({
    name: 'cost',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [service],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  // Health stays NOT_SERVING until the store answers, and follows it from then on.
  const readiness = followReadiness(backend.ready, server, logger, config.COST_READINESS_INTERVAL_MS);
  await readiness.check();
  // Stop following the store first, so a probe cannot flip health back to SERVING while draining.
  whenStopped(stop.signal, () => void readiness.stop());
  logger.info(
    { port: server.port, store: config.COST_STORE, prices: prices.current().version },
    'cost service started',
  );
  stop.serve(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [
      { name: 'readiness', close: () => readiness.stop() },
      { name: 'store', close: () => backend.close() },
    ],
  });
});
