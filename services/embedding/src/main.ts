import { runMain } from '@superagent/config';
import { startServer, watchStopSignals } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadEmbeddingConfig } from './config';
import { createEmbeddingStack } from './embedding-stack';
import { limitsOf, openModel, readPrewarmTexts, stackOptionsOf } from './open-model';
import { createEmbeddingService } from './server';
import { ServiceStatus } from './service-status';
import { warmUpThenServe } from './warm-up';

runMain(async () => {
  const config = loadEmbeddingConfig();
  const logger = createLogger({ name: 'embedding', level: config.LOG_LEVEL });
  // From here on SIGTERM/SIGINT shut down in order, during the model load and the warm-up too.
  const stop = watchStopSignals(logger);
  const prewarm = await readPrewarmTexts(config.EMBEDDING_PREWARM_FILE);
  // A dead model thread makes the pod unready and fails its liveness probe, so it gets restarted
  // (also when it dies during start-up, before the server exists or while warming up).
  const status = new ServiceStatus(logger);
  const model = await openModel(config, status.modelThreadDied);
  if (model.info.randomWeights)
    logger.warn({ model: model.info.name }, 'model has random weights: vectors carry no meaning');
  const stack = createEmbeddingStack(model, stackOptionsOf(config));
  const { isReady, isWarm } = status;
  const service = createEmbeddingService({ stack, limits: limitsOf(config), isReady, isWarm });
  const server = await startServer({
    name: 'embedding',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [service],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  status.attach(server);
  stop.serve(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [
      { name: 'batcher', close: () => stack.batcher.close() },
      { name: 'model', close: () => model.close() },
    ],
  });
  // Health stays NOT_SERVING and Embed UNAVAILABLE until the model has answered.
  await warmUpThenServe(stack.embedder, prewarm, status, stop.signal, logger);
});
