import { embedding } from '@superagent/proto';
import type { ModelKind } from '../domain/model';
import type { EmbeddingStack } from '../embedding-stack';
import type { EmbedLimits } from './validate-embed';

const KIND: Record<ModelKind, embedding.ModelKind> = {
  lexical: embedding.ModelKind.LEXICAL,
  transformer: embedding.ModelKind.TRANSFORMER,
};

/** GetInfo: the model's identity, the call limits, cache and batcher counters, readiness. */
export function getInfoHandler(stack: EmbeddingStack, limits: EmbedLimits, isReady: () => boolean) {
  return (): Promise<embedding.GetInfoResponse> => {
    const info = stack.model.info;
    const batcher = stack.batcher.stats();
    return Promise.resolve({
      modelName: info.name,
      modelRevision: info.revision,
      dimension: info.dimension,
      kind: KIND[info.kind],
      maxBatchSize: limits.maxTexts,
      maxTextLength: limits.maxTextChars,
      cache: stack.cache.stats(),
      batcher: {
        batches: batcher.batches,
        texts: batcher.texts,
        maxBatchSeen: batcher.maxBatchSeen,
        queued: batcher.queued,
        maxQueue: batcher.maxQueue,
        maxWaitMs: batcher.maxWaitMs,
        rejected: batcher.rejected,
      },
      ready: isReady(),
      semantic: !info.randomWeights,
    });
  };
}
