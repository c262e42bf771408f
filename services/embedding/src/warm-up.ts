import type { Logger } from '@superagent/logging';
import type { Embedder } from './domain/embedder';
import type { ServiceStatus } from './service-status';

/**
 * The last step of start-up, with the server listening (health NOT_SERVING, Embed UNAVAILABLE):
 * the model answers once and the pre-warm texts go into the cache; then Embed is let in and health
 * turns SERVING (unless a model thread has died). A stop signal ends it early and nothing is
 * switched on after it: the shutdown it started exits the process.
 * Resolves true once the service serves, false when a stop ended the warm-up.
 */
export async function warmUpThenServe(
  embedder: Embedder,
  prewarm: readonly string[],
  status: ServiceStatus,
  stop: AbortSignal,
  logger: Logger,
): Promise<boolean> {
  try {
    await embedder.warmUp(prewarm, stop);
  } catch (err) {
    if (!stop.aborted) throw err;
  }
  const { name, revision, kind } = embedder.info;
  if (stop.aborted) {
    logger.info({ model: name }, 'warm-up stopped by a stop signal');
    return false;
  }
  status.warmedUp();
  logger.info({ model: name, revision, kind, prewarmed: prewarm.length }, 'model ready');
  return true;
}
