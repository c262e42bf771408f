// A vector store whose calls go through a circuit breaker, so a dead backend (Qdrant) fails fast with
// UNAVAILABLE "<target>: circuit open" instead of every request waiting out its timeout. Callers already
// treat store errors like embedding errors: generation goes on without retrieval.
import type { TargetBreaker } from '@superagent/grpc';
import type { VectorStore } from './vector-store';

export function guardedVectorStore(store: VectorStore, breaker: TargetBreaker): VectorStore {
  return {
    backend: store.backend,
    ensure: (model) => breaker.run(() => store.ensure(model)),
    get: (id, model) => breaker.run(() => store.get(id, model)),
    upsert: (record, vector) => breaker.run(() => store.upsert(record, vector)),
    search: (vector, query) => breaker.run(() => store.search(vector, query)),
    // The readiness probe asks the backend itself (bounded by the request timeout): it must see a
    // recovery even while the circuit is still open.
    ping: () => store.ping(),
    async close() {
      breaker.shutdown();
      await store.close();
    },
  };
}
