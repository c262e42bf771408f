import { bidiStream, type HostedService, serverStream, unary } from '@superagent/grpc';
import { runner, serviceNames } from '@superagent/proto';
import { exploreHandler } from './handlers/explore.handler';
import { getArtifactHandler } from './handlers/get-artifact.handler';
import { getPoolStatsHandler } from './handlers/get-pool-stats.handler';
import { runSpecHandler } from './handlers/run-spec.handler';
import type { RunnerStack } from './runner-stack';

export function createRunnerService(stack: RunnerStack): HostedService {
  const { config, allowedOrigins } = stack.settings;
  const implementation: runner.RunnerServiceServer = {
    runSpec: unary(
      runSpecHandler(stack.runs, {
        maxSpecBytes: config.RUNNER_MAX_SPEC_BYTES,
        defaultTimeoutMs: config.RUNNER_RUN_TIMEOUT_MS,
        maxTimeoutMs: config.RUNNER_MAX_RUN_TIMEOUT_MS,
        allowedOrigins,
        specsDir: config.RUNNER_SPECS_DIR,
        defaultTrace: config.RUNNER_TRACE,
        defaultScreenshotOnFailure: config.RUNNER_SCREENSHOT_ON_FAILURE,
        traceScreenshots: config.RUNNER_TRACE_SCREENSHOTS,
      }),
    ),
    explore: bidiStream(
      exploreHandler(stack.explore, {
        allowedOrigins,
        idleMs: config.RUNNER_EXPLORE_IDLE_MS,
        maxMs: config.RUNNER_EXPLORE_MAX_MS,
      }),
    ),
    getArtifact: serverStream(getArtifactHandler(stack.store)),
    getPoolStats: unary(
      getPoolStatsHandler({
        browsers: stack.browsers,
        workers: stack.workers,
        admission: stack.admission,
        runs: stack.runs,
        exploreSessions: () => stack.explore.count,
        exploreWarmTabs: () => stack.explore.warmCount,
        exploreSpareTabs: () => stack.explore.spareCount,
        browserVersion: () => stack.explore.browserVersion(),
      }),
    ),
  };
  return { definition: runner.RunnerServiceService, implementation, name: serviceNames.runner };
}
