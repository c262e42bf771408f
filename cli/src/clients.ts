import * as grpc from '@grpc/grpc-js';
import { createClient, type CallOptions } from '@superagent/grpc';
import { cost, router, runner } from '@superagent/proto';
import { silentLogger } from '@superagent/logging';

const logger = silentLogger();

/** Deadlines sized for a person waiting at a terminal: pipeline work is long, lookups are short. */
export function routerClient(address: string) {
  return createClient(router.RouterServiceService, address, {
    target: 'router',
    defaultDeadlineMs: 10_000,
    methodDeadlinesMs: { watchTask: 30 * 60_000 },
    breaker: false,
    logger,
  });
}

export function runnerClient(address: string) {
  return createClient(runner.RunnerServiceService, address, {
    target: 'runner',
    defaultDeadlineMs: 10_000,
    methodDeadlinesMs: { runSpec: 5 * 60_000 },
    breaker: false,
    logger,
  });
}

export function costClient(address: string) {
  return createClient(cost.CostServiceService, address, {
    target: 'cost',
    defaultDeadlineMs: 10_000,
    breaker: false,
    logger,
  });
}

/** Metadata carrying the router API key when one is configured. */
export function authOptions(apiKey: string | undefined): CallOptions {
  if (!apiKey) return {};
  const metadata = new grpc.Metadata();
  metadata.set('x-api-key', apiKey);
  return { metadata };
}
