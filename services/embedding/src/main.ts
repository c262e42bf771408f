import { runMain } from '@superagent/config';
import { runUntilSignal, startServer } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadEmbeddingConfig } from './config';
import { createEmbeddingStack } from './embedding-stack';
import { openModel, readPrewarmTexts } from './open-model';
import { createEmbeddingService } from './server';

runMain(async () => {
  const config = loadEmbeddingConfig();
  const logger = createLogger({ name: 'embedding', level: config.LOG_LEVEL });
  const prewarm = await readPrewarmTexts(config.EMBEDDING_PREWARM_FILE);
  const model = await openModel(config);
  const { info } = model;
  if (info.randomWeights)
    logger.warn({ model: info.name }, 'model has random weights: vectors carry no meaning');
  const stack = createEmbeddingStack(model, {
    cacheSize: config.EMBEDDING_CACHE_SIZE,
    batch: {
      maxBatchSize: config.EMBEDDING_BATCH_SIZE,
      maxWaitMs: config.EMBEDDING_BATCH_WAIT_MS,
      maxQueue: config.EMBEDDING_QUEUE_SIZE,
      concurrency: config.EMBEDDING_MODEL_THREAD === 'worker' ? config.EMBEDDING_REPLICAS : 1,
    },
  });
  let ready = false;
  const limits = { maxTexts: config.EMBEDDING_MAX_TEXTS, maxTextChars: config.EMBEDDING_MAX_TEXT_CHARS };
  const server = await startServer({
    name: 'embedding',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [createEmbeddingService({ stack, limits, isReady: () => ready })],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  await stack.embedder.warmUp(prewarm); // health stays NOT_SERVING until the model has answered
  ready = true;
  server.setServing(true);
  logger.info(
    {
      model: info.name,
      revision: info.revision,
      dimension: info.dimension,
      kind: info.kind,
      prewarmed: prewarm.length,
    },
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
