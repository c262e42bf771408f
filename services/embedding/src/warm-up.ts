import type { Logger } from '@superagent/logging';
import type { Embedder } from './domain/embedder';
import type { ServiceStatus } from './service-status';

/**
 * The last step of start-up, with the server listening (health NOT_SERVING, Embed UNAVAILABLE):
 * the model answers once and the pre-warm texts go into the cache; then Embed is let in and health
 * turns SERVING (unless a model thread has died).
 */
export async function warmUpThenServe(
  embedder: Embedder,
  prewarm: readonly string[],
  status: ServiceStatus,
  logger: Logger,
): Promise<void> {
  await embedder.warmUp(prewarm);
  status.warmedUp();
  const { name, revision, kind } = embedder.info;
  logger.info({ model: name, revision, kind, prewarmed: prewarm.length }, 'model ready');
}
