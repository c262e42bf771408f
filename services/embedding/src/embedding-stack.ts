import { Embedder } from './domain/embedder';
import { EmbeddingCache } from './domain/embedding-cache';
import { type BatcherOptions, MicroBatcher } from './domain/micro-batcher';
import type { EmbeddingModel } from './domain/model';
import { createEmbeddingMetrics } from './metrics';

export interface StackOptions {
  readonly cacheSize: number;
  readonly batch: BatcherOptions;
}

export interface EmbeddingStack {
  readonly model: EmbeddingModel;
  readonly cache: EmbeddingCache;
  readonly batcher: MicroBatcher;
  readonly embedder: Embedder;
}

/** Model → micro-batcher → cache → embedder, the same way in main.ts, tests and benchmarks. */
export function createEmbeddingStack(model: EmbeddingModel, options: StackOptions): EmbeddingStack {
  const modelKey = `${model.info.name}@${model.info.revision}`;
  const cache = new EmbeddingCache(options.cacheSize, modelKey);
  const metrics = createEmbeddingMetrics(modelKey, () => cache.stats());
  const batcher = new MicroBatcher((texts, signal) => {
    metrics.batch(texts.length);
    return model.embedBatch(texts, signal);
  }, options.batch);
  return { model, cache, batcher, embedder: new Embedder(model.info, cache, batcher) };
}
