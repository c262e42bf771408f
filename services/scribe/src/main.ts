import { runMain } from '@superagent/config';
import { startServer, watchStopSignals } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadScribeConfig } from './config';
import { createScribeStack } from './scribe-stack';
import { createScribeService } from './server';

runMain(async () => {
  const config = loadScribeConfig();
  const logger = createLogger({ name: 'scribe', level: config.LOG_LEVEL });
  // From here on SIGTERM/SIGINT shut down in order, during the start-up too.
  const stop = watchStopSignals(logger);
  const stack = await createScribeStack(config, logger);
  const server = await startServer({
    name: 'scribe',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [createScribeService(stack.deps)],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  // The first type check loads lib + Playwright declarations (seconds): pay it before reporting SERVING.
  stack.warmUp();
  server.setServing(true);
  logger.info(
    { port: server.port, memory: stack.memory.backend, llm: stack.deps.llm ? 'anthropic' : 'off' },
    'scribe started',
  );
  stop.serve(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [{ name: 'scribe', close: () => stack.close() }],
  });
});
