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
    // Only calls that are safe to repeat are retried here (RememberPattern is: scribe counts one pass
    // per task). A GenerateTest that answers UNAVAILABLE may have paid a model first (its spend comes
    // back in the error's metadata), so the pipeline repeats it itself and adds up what each try spent.
    retry: {
      maxAttempts: 3,
      backoffMs: 200,
      idempotentMethods: ['validateTest', 'searchPatterns', 'rememberPattern'],
    },
    logger,
  });
}
