// Pattern memory: specs that passed, keyed by the meaning of their description. Vectors come from the
// embedding service and are stamped with its model; a search only ever compares vectors of the model
// that answers now, so a model change starts a fresh memory instead of mixing spaces.
import type { CallContext } from '@superagent/grpc';
import { EmbeddingFailure, UNAVAILABLE, type Embedder } from '../clients/embedder';
import {
  patternId,
  type PatternRecord,
  type StoredLocator,
  type VectorHit,
  type VectorStore,
} from './vector-store';

export interface RememberInput {
  description: string;
  site: string;
  specSource: string;
  locators: StoredLocator[];
  passed: boolean;
  fileName: string;
  startPath: string;
  taskId: string;
  steps: unknown[];
}

export interface RememberResult {
  id: string;
  created: boolean;
  passCount: number;
  model: string;
}

export interface SearchOptions {
  site?: string;
  topK: number;
  minScore: number;
}

export interface PatternMemory {
  readonly backend: 'embedded' | 'qdrant';
  remember(input: RememberInput, parent?: CallContext): Promise<RememberResult>;
  /** Throws when the embedding service cannot answer (callers decide whether that is fatal). */
  search(
    query: string,
    options: SearchOptions,
    parent?: CallContext,
  ): Promise<{ hits: VectorHit[]; model: string }>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MAX_LOCATORS = 200;

function mergeLocators(old: readonly StoredLocator[], fresh: readonly StoredLocator[]): StoredLocator[] {
  const byCode = new Map<string, StoredLocator>();
  for (const l of [...fresh, ...old]) if (!byCode.has(l.locator)) byCode.set(l.locator, l);
  return [...byCode.values()].slice(0, MAX_LOCATORS);
}

export function createPatternMemory(
  store: VectorStore,
  embedder: Embedder,
  now: () => number = Date.now,
): PatternMemory {
  return {
    backend: store.backend,
    async remember(input, parent) {
      const { vectors, model } = await embedder.embedStrict([input.description], parent);
      const vector = vectors[0];
      if (!vector) throw new Error('no vector for the description');
      const stamp = { id: model.id, dimension: model.dimension };
      await store.ensure(stamp);
      const id = patternId(model.id, input.site, input.specSource);
      const existing = await store.get(id, stamp);
      // The same task reporting again (a router that took the task over repeats its last stage)
      // is not another pass or failure.
      const repeat = input.taskId !== '' && existing?.taskId === input.taskId;
      const counted = repeat ? 0 : 1;
      const t = now();
      const record: PatternRecord = {
        id,
        site: input.site,
        // The first description stays: it is what the vector was computed from.
        description: existing?.description ?? input.description,
        specSource: input.specSource,
        fileName: input.fileName || existing?.fileName || '',
        startPath: input.startPath || existing?.startPath || '/',
        taskId: input.taskId || existing?.taskId || '',
        locators: mergeLocators(existing?.locators ?? [], input.locators),
        steps: input.steps.length > 0 ? input.steps : (existing?.steps ?? []),
        passCount: (existing?.passCount ?? 0) + (input.passed ? counted : 0),
        failCount: (existing?.failCount ?? 0) + (input.passed ? 0 : counted),
        embeddingModel: model.id,
        dimension: model.dimension,
        createdUnixMs: existing?.createdUnixMs ?? t,
        updatedUnixMs: t,
      };
      let stored = vector;
      if (record.description !== input.description) {
        // The vector stays that of the first description, from the same model as the stamp.
        const again = await embedder.embedStrict([record.description], parent);
        if (again.model.id !== model.id)
          throw new EmbeddingFailure(UNAVAILABLE, 'the embedding model changed during the call; try again');
        stored = again.vectors[0] ?? vector;
      }
      await store.upsert(record, stored);
      return { id, created: existing === undefined, passCount: record.passCount, model: model.id };
    },
    async search(query, options, parent) {
      const { vectors, model } = await embedder.embedStrict([query], parent);
      const vector = vectors[0];
      if (!vector) throw new Error('no vector for the query');
      const hits = await store.search(vector, {
        model: model.id,
        ...(options.site !== undefined ? { site: options.site } : {}),
        topK: options.topK,
        minScore: options.minScore,
      });
      return { hits, model: model.id };
    },
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
