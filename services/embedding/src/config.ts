import { bool, type ConfigOf, int, loadConfig, oneOf, serverSpec, str } from '@superagent/config';

export const embeddingConfigSpec = {
  ...serverSpec(50053),
  EMBEDDING_KIND: oneOf(['lexical', 'transformer'] as const, {
    default: 'lexical',
    doc: 'lexical = offline WordNet + sub-word model; transformer = ONNX model from EMBEDDING_MODEL_DIR',
  }),
  EMBEDDING_MODEL_DIR: str({
    optional: true,
    doc: 'local model directory (all-MiniLM-L6-v2 layout); required when EMBEDDING_KIND=transformer',
  }),
  EMBEDDING_QUANTIZED: bool({
    default: false,
    doc: 'load onnx/model_quantized.onnx instead of onnx/model.onnx',
  }),
  EMBEDDING_MAX_TOKENS: int({
    default: 256,
    min: 8,
    max: 512,
    doc: 'transformer: tokens per text before truncation',
  }),
  EMBEDDING_REPLICAS: int({
    default: 2,
    min: 0,
    max: 16,
    doc: 'model copies, each in a worker thread running one pass at a time (about one per core; 0 = on the main thread, blocking gRPC during a pass)',
  }),
  EMBEDDING_THREADS: int({
    default: 1,
    min: 0,
    max: 64,
    doc: 'transformer: onnxruntime threads per replica (0 = one per core); single-threaded replicas hold up best on a shared CPU',
  }),
  EMBEDDING_CACHE_SIZE: int({ default: 10000, min: 0, doc: 'LRU cache entries (0 disables the cache)' }),
  EMBEDDING_BATCH_SIZE: int({
    default: 32,
    min: 1,
    max: 1024,
    doc: 'texts per forward pass (1 switches batching off)',
  }),
  EMBEDDING_BATCH_WAIT_MS: int({
    default: 2,
    min: 0,
    max: 1000,
    doc: 'longest wait for a partial batch to fill',
  }),
  EMBEDDING_QUEUE_SIZE: int({
    default: 1024,
    min: 1,
    doc: 'texts allowed to wait; beyond it Embed answers RESOURCE_EXHAUSTED',
  }),
  EMBEDDING_MAX_TEXTS: int({ default: 256, min: 1, doc: 'texts per Embed call' }),
  EMBEDDING_MAX_TEXT_CHARS: int({ default: 2000, min: 1, doc: 'characters per text' }),
  EMBEDDING_PREWARM_FILE: str({
    optional: true,
    doc: 'file of texts (one per line) embedded into the cache at start-up, before the service reports SERVING',
  }),
};

export type EmbeddingConfig = ConfigOf<typeof embeddingConfigSpec>;

/** Parses the environment once; throws a ConfigError listing every problem, cross-field ones included. */
export function loadEmbeddingConfig(env: NodeJS.ProcessEnv = process.env): EmbeddingConfig {
  // Listed with the variables' own problems (a value that did not parse is undefined here).
  return loadConfig(embeddingConfigSpec, env, (c) => {
    const problems: string[] = [];
    if (c.EMBEDDING_KIND === 'transformer' && (env.EMBEDDING_MODEL_DIR ?? '').trim() === '')
      problems.push('EMBEDDING_MODEL_DIR is required when EMBEDDING_KIND=transformer');
    const queue = c.EMBEDDING_QUEUE_SIZE;
    const maxTexts = c.EMBEDDING_MAX_TEXTS;
    if (queue !== undefined && maxTexts !== undefined && queue < maxTexts)
      problems.push(
        `EMBEDDING_QUEUE_SIZE (${queue}) must be ≥ EMBEDDING_MAX_TEXTS (${maxTexts}), or a full call could never be queued`,
      );
    return problems;
  });
}
