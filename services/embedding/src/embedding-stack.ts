import { Embedder } from './domain/embedder';
import { EmbeddingCache } from './domain/embedding-cache';
import { type BatcherOptions, MicroBatcher } from './domain/micro-batcher';
import type { EmbeddingModel } from './domain/model';

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
  const cache = new EmbeddingCache(options.cacheSize, `${model.info.name}@${model.info.revision}`);
  const batcher = new MicroBatcher((texts) => model.embedBatch(texts), options.batch);
  return { model, cache, batcher, embedder: new Embedder(model.info, cache, batcher) };
}
