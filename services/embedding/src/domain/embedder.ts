import type { EmbeddingCache } from './embedding-cache';
import type { MicroBatcher } from './micro-batcher';
import type { ModelInfo } from './model';
import { normalizeText } from './normalize-text';

export interface Embedding {
  readonly vectors: readonly Float32Array[];
  readonly cacheHits: number;
}

/**
 * The service's domain: normalise, answer from the cache what it holds, send the rest (each
 * distinct text once) through the micro-batcher, remember the new vectors.
 */
export class Embedder {
  constructor(
    readonly info: ModelInfo,
    private readonly cache: EmbeddingCache,
    private readonly batcher: MicroBatcher,
  ) {}

  async embed(texts: readonly string[], signal?: AbortSignal): Promise<Embedding> {
    const normalised = texts.map(normalizeText);
    const vectors = new Array<Float32Array | undefined>(texts.length);
    const missing = new Map<string, number[]>();
    let cacheHits = 0;
    normalised.forEach((text, i) => {
      const hit = this.cache.get(text);
      if (hit) {
        vectors[i] = hit;
        cacheHits++;
      } else {
        const slots = missing.get(text);
        if (slots) slots.push(i);
        else missing.set(text, [i]);
      }
    });
    if (missing.size > 0) {
      const toEmbed = [...missing.keys()];
      const fresh = await this.batcher.submit(toEmbed, signal);
      toEmbed.forEach((text, j) => {
        const vector = fresh[j];
        if (!vector) throw new Error(`batcher returned no vector for text ${j}`);
        this.cache.set(text, vector);
        for (const i of missing.get(text) ?? []) vectors[i] = vector;
      });
    }
    return {
      cacheHits,
      vectors: vectors.map((v, i) => {
        if (!v) throw new Error(`no vector for text ${i}`);
        return v;
      }),
    };
  }

  /**
   * Runs the model once (start-up probe) and pre-computes `texts` into the cache; rejects with the
   * signal's reason once it aborts (what is queued leaves the queue, a running pass finishes).
   */
  async warmUp(texts: readonly string[], signal?: AbortSignal): Promise<void> {
    await this.batcher.submit(['warm-up'], signal);
    // Chunks that always fit the queue, so pre-computing never trips RESOURCE_EXHAUSTED (Embed
    // calls wait until the warm-up is over).
    const chunk = Math.max(1, Math.min(64, this.batcher.stats().maxQueue));
    for (let i = 0; i < texts.length; i += chunk) await this.embed(texts.slice(i, i + chunk), signal);
  }
}
