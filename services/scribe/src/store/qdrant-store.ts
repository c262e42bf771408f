// Pattern store on Qdrant. One collection per embedding model (name, revision and dimension are in its
// name), created on first use with the model's dimension and cosine distance, so vectors of different
// models can never be compared; the payload repeats the model and a filter enforces it anyway.
// Filters are structured JSON built from normalised values (site = URL origin), never query strings.
import { createHash } from 'node:crypto';
import type { QdrantClient } from '@qdrant/js-client-rest' with { 'resolution-mode': 'import' };
import { TargetBreaker, type BreakerOptions } from '@superagent/grpc';
import type { Logger } from '@superagent/logging';
import { guardedVectorStore } from './guarded-vector-store';
import type { ModelStamp, PatternRecord, VectorHit, VectorQuery, VectorStore } from './vector-store';

export interface QdrantStoreOptions {
  url: string;
  apiKey?: string;
  collectionPrefix: string;
  /** Time limit of every HTTP request to Qdrant (connect, answer and body); default 10 s. */
  timeoutMs?: number;
  /** Logs the `qdrant` breaker's state changes. */
  logger: Logger;
  /** The `qdrant` circuit breaker's settings (defaults below). */
  breaker?: BreakerOptions;
}

/** Pattern traffic is light: a handful of failed calls is enough evidence that Qdrant is down. */
const BREAKER_DEFAULTS: BreakerOptions = { volumeThreshold: 5, resetTimeout: 5_000 };

/**
 * Which store errors say "Qdrant is unhealthy": no answer (refused, reset, timeout) and 5xx/429. A 4xx
 * answer is Qdrant working and refusing one request, so it does not count.
 */
export function countsAsQdrantFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return true;
  const status = 'status' in err ? err.status : undefined;
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 408;
  return true;
}

export function collectionName(prefix: string, model: ModelStamp): string {
  const readable = model.id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
  const hash = createHash('sha256').update(model.id).digest('hex').slice(0, 8);
  return `${prefix}_${readable}_${hash}_${model.dimension}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toRecord(id: string, payload: unknown): PatternRecord | undefined {
  if (!isRecord(payload)) return undefined;
  const text = (o: Record<string, unknown>, k: string): string => {
    const v = o[k];
    return typeof v === 'string' ? v : '';
  };
  const s = (k: string): string => text(payload, k);
  const n = (k: string): number => {
    const v = payload[k];
    return typeof v === 'number' ? v : 0;
  };
  const locators = Array.isArray(payload.locators)
    ? payload.locators.filter(isRecord).map((l) => ({
        target: text(l, 'target'),
        locator: text(l, 'locator'),
        role: text(l, 'role'),
        name: text(l, 'name'),
      }))
    : [];
  return {
    id,
    site: s('site'),
    description: s('description'),
    specSource: s('spec'),
    fileName: s('file_name'),
    startPath: s('start_path'),
    taskId: s('task_id'),
    locators,
    steps: Array.isArray(payload.steps) ? payload.steps : [],
    passCount: n('pass_count'),
    failCount: n('fail_count'),
    embeddingModel: s('model'),
    dimension: n('dimension'),
    createdUnixMs: n('created_unix_ms'),
    updatedUnixMs: n('updated_unix_ms'),
  };
}

/**
 * Opens the store (the client package is ESM-only, hence the dynamic import). Every request has a time
 * limit and every store call goes through the `qdrant` circuit breaker.
 */
export async function createQdrantStore(opts: QdrantStoreOptions): Promise<VectorStore> {
  const { QdrantClient: Client } = await import('@qdrant/js-client-rest');
  const client: QdrantClient = new Client({
    url: opts.url,
    ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
    timeout: opts.timeoutMs ?? 10_000,
    checkCompatibility: false,
  });
  const ready = new Map<string, Promise<void>>();
  const nameFor = (model: ModelStamp): string => collectionName(opts.collectionPrefix, model);

  const ensure = (model: ModelStamp): Promise<void> => {
    const name = nameFor(model);
    let p = ready.get(name);
    if (!p) {
      p = (async () => {
        const { exists } = await client.collectionExists(name);
        if (!exists) {
          try {
            await client.createCollection(name, { vectors: { size: model.dimension, distance: 'Cosine' } });
          } catch (err) {
            // Another scribe replica may have created it in the meantime.
            if (!(await client.collectionExists(name)).exists) throw err;
          }
          await client.createPayloadIndex(name, { field_name: 'site', field_schema: 'keyword', wait: true });
          await client.createPayloadIndex(name, { field_name: 'model', field_schema: 'keyword', wait: true });
        }
      })();
      p.catch(() => ready.delete(name));
      ready.set(name, p);
    }
    return p;
  };

  const store: VectorStore = {
    backend: 'qdrant',
    ensure,
    async get(id, model) {
      await ensure(model);
      const points = await client.retrieve(nameFor(model), {
        ids: [id],
        with_payload: true,
        with_vector: false,
      });
      const p = points[0];
      return p ? toRecord(String(p.id), p.payload) : undefined;
    },
    async upsert(record, vector) {
      const model = { id: record.embeddingModel, dimension: record.dimension };
      await ensure(model);
      await client.upsert(nameFor(model), {
        wait: true,
        points: [
          {
            id: record.id,
            vector: Array.from(vector),
            payload: {
              site: record.site,
              description: record.description,
              spec: record.specSource,
              file_name: record.fileName,
              start_path: record.startPath,
              task_id: record.taskId,
              locators: record.locators.map((l) => ({ ...l })),
              steps: record.steps,
              pass_count: record.passCount,
              fail_count: record.failCount,
              model: record.embeddingModel,
              model_name: record.embeddingModel.split('@')[0] ?? '',
              model_revision: record.embeddingModel.split('@')[1] ?? '',
              dimension: record.dimension,
              created_unix_ms: record.createdUnixMs,
              updated_unix_ms: record.updatedUnixMs,
            },
          },
        ],
      });
    },
    async search(vector: Float32Array, q: VectorQuery): Promise<VectorHit[]> {
      const model = { id: q.model, dimension: vector.length };
      await ensure(model);
      const must: { key: string; match: { value: string } }[] = [{ key: 'model', match: { value: q.model } }];
      if (q.site !== undefined) must.push({ key: 'site', match: { value: q.site } });
      const res = await client.query(nameFor(model), {
        query: Array.from(vector),
        filter: { must },
        limit: q.topK,
        score_threshold: q.minScore,
        with_payload: true,
      });
      const hits: VectorHit[] = [];
      for (const p of res.points) {
        const record = toRecord(String(p.id), p.payload);
        if (record) hits.push({ score: p.score, record });
      }
      return hits;
    },
    async ping() {
      try {
        await client.getCollections();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      ready.clear();
    },
  };
  const breaker = new TargetBreaker(
    'qdrant',
    { ...BREAKER_DEFAULTS, ...opts.breaker },
    opts.logger,
    countsAsQdrantFailure,
  );
  return guardedVectorStore(store, breaker);
}
