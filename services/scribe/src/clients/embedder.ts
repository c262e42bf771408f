// Text vectors from the embedding service, with a local LRU (targets and node names repeat across
// generations) and graceful degradation: when the service is down or its breaker is open, callers
// get `undefined` and fall back to lexical matching instead of failing the generation.
import { type CallContext, createClient, type GrpcClient } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { embedding } from '@superagent/proto';

export type EmbeddingClient = GrpcClient<typeof embedding.EmbeddingServiceService>;

export interface EmbeddingModelId {
  /** name@revision: what stored vectors are stamped with. */
  id: string;
  dimension: number;
}

export interface Embedded {
  vectors: Float32Array[];
  model: EmbeddingModelId;
}

export interface Embedder {
  /** One vector per text, or undefined when the embedding service cannot answer. */
  embed(texts: readonly string[], parent?: CallContext): Promise<Embedded | undefined>;
  /** Like embed, but throws the service's error (pattern memory cannot work without vectors). */
  embedStrict(texts: readonly string[], parent?: CallContext): Promise<Embedded>;
  close(): void;
}

const MAX_TEXTS_PER_CALL = 256;
const MAX_TEXT_CHARS = 2000;

export function createEmbeddingClient(address: string, deadlineMs: number, logger: Logger): EmbeddingClient {
  return createClient(embedding.EmbeddingServiceService, address, {
    target: 'embedding',
    defaultDeadlineMs: deadlineMs,
    retry: { maxAttempts: 2, backoffMs: 50 },
    logger,
  });
}

export function createEmbedder(client: EmbeddingClient, cacheSize: number, logger: Logger): Embedder {
  // Keyed by text; cleared whenever the model changes so vectors of two models never meet.
  const cache = new Map<string, Float32Array>();
  let model: EmbeddingModelId | undefined;

  const remember = (text: string, vector: Float32Array): void => {
    if (cacheSize <= 0) return;
    cache.delete(text);
    cache.set(text, vector);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  };

  async function embedStrict(texts: readonly string[], parent?: CallContext): Promise<Embedded> {
    const clean = texts.map((t) => normalise(t));
    const missing = [...new Set(clean.filter((t) => !cache.has(t)))];
    for (let i = 0; i < missing.length; i += MAX_TEXTS_PER_CALL) {
      const batch = missing.slice(i, i + MAX_TEXTS_PER_CALL);
      const res = await client.unary('embed', { texts: batch }, parent ? { parent } : {});
      const id = `${res.modelName}@${res.modelRevision}`;
      if (model && model.id !== id) {
        logger.warn({ from: model.id, to: id }, 'embedding model changed; vector cache cleared');
        cache.clear();
      }
      model = { id, dimension: res.dimension };
      res.vectors.forEach((v, k) => {
        const text = batch[k];
        if (text !== undefined) remember(text, Float32Array.from(v.values));
      });
    }
    if (!model) {
      // Everything came from the cache, which is only filled after a call told us the model.
      throw new Error('embedding model unknown');
    }
    const vectors = clean.map((t) => {
      const v = cache.get(t);
      if (!v) throw new Error('embedding vector missing after Embed');
      return v;
    });
    return { vectors, model };
  }

  return {
    embedStrict,
    async embed(texts, parent) {
      try {
        return await embedStrict(texts, parent);
      } catch (err) {
        logger.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'embedding unavailable; matching by words only',
        );
        return undefined;
      }
    },
    close: () => client.close(),
  };
}

/** What the embedding service accepts: non-empty, bounded, whitespace collapsed. */
function normalise(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_CHARS);
  return t === '' ? '-' : t;
}

export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
