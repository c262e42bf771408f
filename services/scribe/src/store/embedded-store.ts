// The default pattern store: an in-process index, a plain cosine scan over Float32Arrays. Thousands of
// patterns scan in well under a millisecond; past `maxPatterns` the least recently updated go first.
import {
  cosineScore,
  type ModelStamp,
  type PatternRecord,
  type VectorHit,
  type VectorQuery,
  type VectorStore,
} from './vector-store';

interface Entry {
  record: PatternRecord;
  vector: Float32Array;
}

export function createEmbeddedStore(maxPatterns: number): VectorStore {
  const entries = new Map<string, Entry>();
  const copy = (r: PatternRecord): PatternRecord => structuredClone(r);
  return {
    backend: 'embedded',
    async ensure() {},
    async get(id: string, model: ModelStamp) {
      const e = entries.get(id);
      return e && e.record.embeddingModel === model.id ? copy(e.record) : undefined;
    },
    async upsert(record, vector) {
      entries.delete(record.id);
      entries.set(record.id, { record: copy(record), vector: Float32Array.from(vector) });
      while (entries.size > maxPatterns) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    async search(vector: Float32Array, q: VectorQuery): Promise<VectorHit[]> {
      const hits: VectorHit[] = [];
      for (const e of entries.values()) {
        if (e.record.embeddingModel !== q.model) continue;
        if (q.site !== undefined && e.record.site !== q.site) continue;
        const score = cosineScore(vector, e.vector);
        if (score >= q.minScore) hits.push({ score, record: e.record });
      }
      hits.sort((a, b) => b.score - a.score || a.record.id.localeCompare(b.record.id));
      return hits.slice(0, q.topK).map((h) => ({ score: h.score, record: copy(h.record) }));
    },
    async ping() {
      return true;
    },
    async close() {
      entries.clear();
    },
  };
}
