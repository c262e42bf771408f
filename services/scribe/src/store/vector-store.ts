// Pattern memory's storage: one vector per remembered spec, stamped with the embedding model that made
// it. Two backends (embedded in-process index, Qdrant) behind this interface and one contract suite.
import { createHash } from 'node:crypto';

export interface StoredLocator {
  target: string;
  locator: string;
  role: string;
  name: string;
}

export interface PatternRecord {
  id: string;
  site: string;
  description: string;
  specSource: string;
  fileName: string;
  startPath: string;
  taskId: string;
  locators: StoredLocator[];
  /** scribe.Step objects as JSON (Step.toJSON), for adapting on the warm path. */
  steps: unknown[];
  passCount: number;
  failCount: number;
  /** name@revision of the embedding model whose vector is stored. */
  embeddingModel: string;
  dimension: number;
  createdUnixMs: number;
  updatedUnixMs: number;
}

export interface VectorHit {
  score: number;
  record: PatternRecord;
}

export interface VectorQuery {
  /** Only vectors of this model are compared (name@revision). */
  model: string;
  /** Only this site (origin); undefined = any site. */
  site?: string;
  topK: number;
  minScore: number;
}

export interface ModelStamp {
  id: string;
  dimension: number;
}

export interface VectorStore {
  readonly backend: 'embedded' | 'qdrant';
  /** Makes storage ready for vectors of `model` (Qdrant: creates its collection with the model's dimension). */
  ensure(model: ModelStamp): Promise<void>;
  get(id: string, model: ModelStamp): Promise<PatternRecord | undefined>;
  upsert(record: PatternRecord, vector: Float32Array): Promise<void>;
  search(vector: Float32Array, query: VectorQuery): Promise<VectorHit[]>;
  /** Readiness probe. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A pattern's id: a UUID-shaped digest of (model, site, spec). The same spec stored again for the same
 * site updates the pattern instead of duplicating it; user text only enters through a hash, so no
 * input can collide with or escape into another pattern's id.
 */
export function patternId(model: string, site: string, specSource: string): string {
  // JSON of the parts is an unambiguous encoding: no separator a value could contain.
  const h = createHash('sha256')
    .update(
      JSON.stringify(['scribe-pattern-v1', model, site, specSource.replace(/\r\n/g, '\n').trim()]),
      'utf8',
    )
    .digest('hex');
  // Version nibble 5-like and variant bits set so Qdrant (which wants UUIDs) accepts it.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function cosineScore(a: Float32Array, b: Float32Array): number {
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
