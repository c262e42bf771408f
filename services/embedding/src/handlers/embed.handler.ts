import { type CallContext, resourceExhausted, unavailable } from '@superagent/grpc';
import type { embedding } from '@superagent/proto';
import type { Embedder } from '../domain/embedder';
import { ModelUnavailableError } from '../domain/model';
import { BatcherClosedError, QueueFullError } from '../domain/micro-batcher';
import type { EmbedReply } from './embed-reply';
import { type EmbedLimits, validateTexts } from './validate-embed';

/** Embed: validate → embed (cache, then batcher) → vectors stamped with the model's name and revision. */
export function embedHandler(embedder: Embedder, limits: EmbedLimits) {
  return async (req: embedding.EmbedRequest, ctx: CallContext): Promise<EmbedReply> => {
    validateTexts(req.texts, limits);
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
