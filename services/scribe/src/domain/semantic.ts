// Similarity by meaning for the matcher: vectors from the embedding service for every text a
// generation compares (fetched in one batch per snapshot, cached), or nothing when the service is
// unavailable, in which case the matcher falls back to word overlap alone.

export interface VectorSource {
  /** Vectors for the texts, or undefined when embeddings are unavailable. */
  vectors(texts: readonly string[]): Promise<Map<string, Float32Array> | undefined>;
}

export class Semantic {
  private readonly known = new Map<string, Float32Array>();
  private degraded = false;

  constructor(private readonly source: VectorSource | undefined) {}

  /** True once the embedding service failed during this generation (matching is lexical only). */
  get isDegraded(): boolean {
    return this.degraded || this.source === undefined;
  }

  /** Fetches vectors for the texts not seen yet, in one call. */
  async ensure(texts: Iterable<string>): Promise<void> {
    if (!this.source || this.degraded) return;
    const missing = [...new Set([...texts].map(clean).filter((t) => t !== '' && !this.known.has(t)))];
    if (missing.length === 0) return;
    const got = await this.source.vectors(missing);
    if (!got) {
      this.degraded = true;
      return;
    }
    for (const [text, v] of got) this.known.set(text, v);
  }

  /** Cosine similarity in -1 .. 1, or undefined when either text has no vector. */
  similarity = (a: string, b: string): number | undefined => {
    const va = this.known.get(clean(a));
    const vb = this.known.get(clean(b));
    if (!va || !vb || va.length !== vb.length) return undefined;
    let dot = 0;
    for (let i = 0; i < va.length; i++) dot += (va[i] ?? 0) * (vb[i] ?? 0);
    return dot;
  };
}

export function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
