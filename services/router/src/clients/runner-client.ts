// runner, as the pipeline calls it: a run may wait in the runner's queue, so its deadline is long.
import { createClient, type GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { runner } from '@superagent/proto';

export type RunnerClient = GrpcClient<typeof runner.RunnerServiceService>;

export function createRunnerClient(
  address: string,
  logger: Logger,
  timeouts: { runMs: number },
): RunnerClient {
  return createClient(runner.RunnerServiceService, address, {
    target: 'runner',
    defaultDeadlineMs: 10_000,
    methodDeadlinesMs: { runSpec: timeouts.runMs },
    // Runs are free and side-effect free apart from artifacts: safe to repeat after UNAVAILABLE.
    retry: { maxAttempts: 3, backoffMs: 200 },
    logger,
  });
}
