import { type CallContext, resourceExhausted, unavailable } from '@superagent/grpc';
import type { embedding } from '@superagent/proto';
import type { Embedder } from '../domain/embedder';
import { ModelUnavailableError } from '../domain/model';
import { BatcherClosedError, QueueFullError } from '../domain/micro-batcher';
import type { EmbedReply } from './embed-reply';
import { type EmbedLimits, validateTexts } from './validate-embed';

/** Why Embed is refused before the warm-up has finished (health is NOT_SERVING meanwhile). */
export const WARMING_UP = 'embedding model warming up: Embed is served once health reports SERVING; retry';

/**
 * Embed: validate → refuse while warming up → embed (cache, then batcher) → vectors stamped with
 * the model's name and revision.
 */
export function embedHandler(embedder: Embedder, limits: EmbedLimits, isWarm: () => boolean) {
  return async (req: embedding.EmbedRequest, ctx: CallContext): Promise<EmbedReply> => {
    validateTexts(req.texts, limits);
    if (!isWarm()) throw unavailable(WARMING_UP);
    try {
      const result = await embedder.embed(req.texts, ctx.signal);
      return {
        vectors: result.vectors,
        modelName: embedder.info.name,
        modelRevision: embedder.info.revision,
        dimension: embedder.info.dimension,
        cacheHits: result.cacheHits,
      };
    } catch (err) {
      if (err instanceof QueueFullError) throw resourceExhausted('embedding queue', err.message);
      if (err instanceof BatcherClosedError || err instanceof ModelUnavailableError)
        throw unavailable(err.message);
      throw err;
    }
  };
}
