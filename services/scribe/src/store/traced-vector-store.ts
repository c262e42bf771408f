// Spans around pattern-memory storage, so a trace shows the vector store as its own hop (the embedded
// index has no network call to be seen by any instrumentation; Qdrant's HTTP calls appear as children).
// Attributes are counts and the model stamp only: never descriptions, specs or vectors.
import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { ATTR } from '@superagent/telemetry';
import type { VectorStore } from './vector-store';

const tracer = trace.getTracer('superagent.scribe.vector-store');

/** The db.system value per backend (OTel database conventions; the embedded index is our own). */
const DB_SYSTEM = { embedded: 'superagent-embedded', qdrant: 'qdrant' } as const;

export function tracedVectorStore(store: VectorStore): VectorStore {
  const base: Attributes = { 'db.system.name': DB_SYSTEM[store.backend] };

  async function inSpan<T>(
    operation: string,
    attributes: Attributes,
    fn: () => Promise<T>,
    after?: (result: T) => Attributes,
  ): Promise<T> {
    return tracer.startActiveSpan(
      `vector_store ${operation}`,
      { kind: SpanKind.CLIENT, attributes: { ...base, 'db.operation.name': operation, ...attributes } },
      async (span) => {
        try {
          const result = await fn();
          if (after) span.setAttributes(after(result));
          return result;
        } catch (err) {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  return {
    backend: store.backend,
    ensure: (model) => inSpan('ensure', { [ATTR.model]: model.id }, () => store.ensure(model)),
    get: (id, model) =>
      inSpan(
        'get',
        { [ATTR.model]: model.id },
        () => store.get(id, model),
        (found) => ({ [ATTR.retrievalResults]: found === undefined ? 0 : 1 }),
      ),
    upsert: (record, vector) =>
      inSpan('upsert', { [ATTR.model]: record.embeddingModel, [ATTR.batchSize]: 1 }, () =>
        store.upsert(record, vector),
      ),
    search: (vector, query) =>
      inSpan(
        'search',
        { [ATTR.model]: query.model },
        () => store.search(vector, query),
        (hits) => ({ [ATTR.retrievalResults]: hits.length }),
      ),
    // Probes and shutdown are not request work: no spans.
    ping: () => store.ping(),
    close: () => store.close(),
  };
}
