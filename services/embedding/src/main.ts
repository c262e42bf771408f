import { runMain } from '@superagent/config';
import { type GrpcServer, runUntilSignal, startServer } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadEmbeddingConfig } from './config';
import { createEmbeddingStack } from './embedding-stack';
import { limitsOf, openModel, readPrewarmTexts, stackOptionsOf } from './open-model';
import { createEmbeddingService } from './server';

runMain(async () => {
  const config = loadEmbeddingConfig();
  const logger = createLogger({ name: 'embedding', level: config.LOG_LEVEL });
  const prewarm = await readPrewarmTexts(config.EMBEDDING_PREWARM_FILE);
  const state: { ready: boolean; modelDied: boolean; server?: GrpcServer } = {
    ready: false,
    modelDied: false,
  };
  // A dead model thread makes the pod unready and fails its liveness probe, so it gets restarted
  // (also when it dies during start-up, before the server exists or while warming up).
  const model = await openModel(config, (err) => {
    logger.error({ err }, 'model worker died');
    state.modelDied = true;
    state.ready = false;
    state.server?.setServing(false);
    state.server?.setAlive(false);
  });
  const { info } = model;
  if (info.randomWeights)
    logger.warn({ model: info.name }, 'model has random weights: vectors carry no meaning');
  const stack = createEmbeddingStack(model, stackOptionsOf(config));
  const service = createEmbeddingService({ stack, limits: limitsOf(config), isReady: () => state.ready });
  const server = await startServer({
    name: 'embedding',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [service],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  state.server = server;
  if (state.modelDied) server.setAlive(false);
  await stack.embedder.warmUp(prewarm); // health stays NOT_SERVING until the model has answered
  if (!state.modelDied) {
    state.ready = true;
    server.setServing(true);
  }
  logger.info(
    { model: info.name, revision: info.revision, kind: info.kind, prewarmed: prewarm.length },
    'model ready',
  );
  runUntilSignal(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [
      { name: 'batcher', close: () => stack.batcher.close() },
      { name: 'model', close: () => model.close() },
    ],
  });
});
