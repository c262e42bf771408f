import { LRUCache } from 'lru-cache';

export interface CacheStats {
  readonly size: number;
  readonly capacity: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * LRU of vectors keyed by model (name@revision) and normalised text, so a model change can never
 * serve a vector from another vector space. Capacity 0 disables caching (every lookup misses).
 * Stored vectors are shared: callers must not mutate them.
 */
export class EmbeddingCache {
  private readonly lru: LRUCache<string, Float32Array> | undefined;
  private hits = 0;
  private misses = 0;

  constructor(
    readonly capacity: number,
    private readonly modelKey: string,
  ) {
    this.lru = capacity > 0 ? new LRUCache<string, Float32Array>({ max: capacity }) : undefined;
  }

  get(text: string): Float32Array | undefined {
    const vector = this.lru?.get(this.key(text));
    if (vector) this.hits++;
    else this.misses++;
    return vector;
  }

  set(text: string, vector: Float32Array): void {
    this.lru?.set(this.key(text), vector);
  }

  stats(): CacheStats {
    return { size: this.lru?.size ?? 0, capacity: this.capacity, hits: this.hits, misses: this.misses };
  }

  private key(text: string): string {
    return `${this.modelKey}\u0000${text}`;
  }
}
