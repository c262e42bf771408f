// scribe, as the pipeline calls it: long generation deadline, retries only where a repeat is harmless.
import { createClient, type GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { scribe } from '@superagent/proto';

export type ScribeClient = GrpcClient<typeof scribe.ScribeServiceService>;

export function createScribeClient(
  address: string,
  logger: Logger,
  timeouts: { generateMs: number; rememberMs: number },
): ScribeClient {
  return createClient(scribe.ScribeServiceService, address, {
    target: 'scribe',
    defaultDeadlineMs: 10_000,
    methodDeadlinesMs: { generateTest: timeouts.generateMs, rememberPattern: timeouts.rememberMs },
    // UNAVAILABLE means the call never reached a scribe: repeating GenerateTest costs at most a
    // second generation, never a second charge (the router commits usage once per attempt).
    retry: { maxAttempts: 3, backoffMs: 200 },
    logger,
  });
}
