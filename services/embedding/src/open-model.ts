import { readFile } from 'node:fs/promises';
import type { EmbeddingConfig } from './config';
import type { EmbeddingModel } from './domain/model';
import type { StackOptions } from './embedding-stack';
import type { EmbedLimits } from './handlers/validate-embed';
import { loadModel, type ModelSpec } from './models/model-spec';
import { startWorkerModel } from './models/worker-model';

export function modelSpecOf(config: EmbeddingConfig): ModelSpec {
  if (config.EMBEDDING_KIND === 'lexical') return { kind: 'lexical' };
  return {
    kind: 'transformer',
    dir: config.EMBEDDING_MODEL_DIR ?? '',
    quantized: config.EMBEDDING_QUANTIZED,
    maxTokens: config.EMBEDDING_MAX_TOKENS,
    threads: config.EMBEDDING_THREADS,
  };
}

/** Loads the configured model: EMBEDDING_REPLICAS worker threads, or on the main thread when it is 0. */
export function openModel(config: EmbeddingConfig, onCrash: (err: Error) => void): Promise<EmbeddingModel> {
  const spec = modelSpecOf(config);
  return config.EMBEDDING_REPLICAS > 0
    ? startWorkerModel(spec, config.EMBEDDING_REPLICAS, onCrash)
    : loadModel(spec);
}

/** Texts to pre-compute into the cache: one per line, blank lines skipped. */
export async function readPrewarmTexts(file: string | undefined): Promise<string[]> {
  if (file === undefined) return [];
  const text = await readFile(file, 'utf8');
  return text.split(/\r?\n/).filter((line) => line.trim().length > 0);
}

/**
 * Passes the batcher keeps in flight: one per worker replica plus one held by the worker model, which
 * hands it to whichever replica finishes first, so that replica starts the next pass at once instead
 * of idling while its callers' next requests travel. A main-thread model runs one pass.
 */
function passesInFlight(replicas: number): number {
  return replicas > 0 ? replicas + 1 : 1;
}

export function stackOptionsOf(config: EmbeddingConfig): StackOptions {
  return {
    cacheSize: config.EMBEDDING_CACHE_SIZE,
    batch: {
      maxBatchSize: config.EMBEDDING_BATCH_SIZE,
      maxWaitMs: config.EMBEDDING_BATCH_WAIT_MS,
      maxQueue: config.EMBEDDING_QUEUE_SIZE,
      concurrency: passesInFlight(config.EMBEDDING_REPLICAS),
    },
  };
}

export function limitsOf(config: EmbeddingConfig): EmbedLimits {
  return { maxTexts: config.EMBEDDING_MAX_TEXTS, maxTextChars: config.EMBEDDING_MAX_TEXT_CHARS };
}
