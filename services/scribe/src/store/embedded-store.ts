// The default pattern store: an in-process index, a plain cosine scan over Float32Arrays. Thousands of
// patterns scan in well under a millisecond; past `maxPatterns` the least recently updated go first.
// With a journal file every stored pattern is on disk before `upsert` resolves, and opening the
// store again reads them back; without one the patterns live as long as the process.
import type { Logger } from '@superagent/logging';
import { openPatternJournal, type JournalEntry, type PatternJournal } from './pattern-journal';
import {
  cosineScore,
  type ModelStamp,
  type PatternRecord,
  type VectorHit,
  type VectorQuery,
  type VectorStore,
} from './vector-store';

export interface EmbeddedStoreOptions {
  maxPatterns: number;
  /** The journal file; unset keeps patterns in memory only. */
  file?: string;
  /** Where a journal's repairs are logged (required with `file`). */
  logger?: Logger;
}

export async function openEmbeddedStore(options: EmbeddedStoreOptions): Promise<VectorStore> {
  if (options.file === undefined) return createEmbeddedStore(options.maxPatterns);
  if (options.logger === undefined) throw new Error('an embedded store with a journal file needs a logger');
  const journal = await openPatternJournal(options.file, options.maxPatterns, options.logger);
  return createEmbeddedStore(options.maxPatterns, journal);
}

export function createEmbeddedStore(maxPatterns: number, journal?: PatternJournal): VectorStore {
  const entries = new Map<string, JournalEntry>();
  for (const entry of journal?.entries ?? []) entries.set(entry.record.id, entry);
  const copy = (r: PatternRecord): PatternRecord => structuredClone(r);
  return {
    backend: 'embedded',
    async ensure() {},
    async get(id: string, model: ModelStamp) {
      const e = entries.get(id);
      return e && e.record.embeddingModel === model.id ? copy(e.record) : undefined;
    },
    async upsert(record, vector) {
      const entry = { record: copy(record), vector: Float32Array.from(vector) };
      entries.delete(record.id);
      entries.set(record.id, entry);
      while (entries.size > maxPatterns) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      // Acknowledged only once on disk. (If the write fails the caller hears so, and the pattern
      // may still serve from memory until the process ends, like any write whose outcome is unknown.)
      await journal?.append(entry, entries);
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
      await journal?.close();
      entries.clear();
    },
  };
}
