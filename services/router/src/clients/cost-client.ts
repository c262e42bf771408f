// cost, as the pipeline calls it. Reserve, Commit and Record carry idempotency keys, so a retry
// after UNAVAILABLE never holds or counts money twice.
import { createClient, type GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { cost } from '@superagent/proto';

export type CostClient = GrpcClient<typeof cost.CostServiceService>;

export function createCostClient(
  address: string,
  logger: Logger,
  timeouts: { defaultMs: number },
): CostClient {
  return createClient(cost.CostServiceService, address, {
    target: 'cost',
    defaultDeadlineMs: timeouts.defaultMs,
    retry: { maxAttempts: 3, backoffMs: 100 },
    logger,
  });
}
