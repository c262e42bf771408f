import { runMain } from '@superagent/config';
import { startServer, watchStopSignals } from '@superagent/grpc';
import { createLogger } from '@superagent/logging';
import { descriptorSetPath } from '@superagent/proto';
import { loadRunnerConfig } from './config';
import { createRunnerStack } from './runner-stack';
import { createRunnerService } from './server';

runMain(async () => {
  const settings = loadRunnerConfig();
  const config = settings.config;
  const logger = createLogger({ name: 'runner', level: config.LOG_LEVEL });
  // From here on SIGTERM/SIGINT shut down in order, during the start-up too.
  const stop = watchStopSignals(logger);
  const stack = createRunnerStack(settings, logger);
  const server = await startServer({
    name: 'runner',
    host: config.HOST,
    port: config.PORT,
    logger,
    services: [createRunnerService(stack)],
    reflection: config.GRPC_REFLECTION ? { descriptorSetPath } : false,
  });
  await stack.start(); // health stays NOT_SERVING until browsers, workers and spare tabs are warm
  // A stop that came during the start-up: the shutdown below begins at once, never SERVING.
  if (!stop.signal.aborted) {
    server.setServing(true);
    logger.info(
      {
        browsers: config.RUNNER_BROWSERS,
        workers: config.RUNNER_WORKERS,
        version: stack.explore.browserVersion(),
      },
      'runner ready',
    );
  }
  stop.serve(server, {
    logger,
    drainMs: config.SHUTDOWN_DRAIN_MS,
    graceMs: config.SHUTDOWN_GRACE_MS,
    closers: [{ name: 'runner pools', close: () => stack.close() }],
  });
});
