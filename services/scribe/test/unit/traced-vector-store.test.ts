import { describe } from 'node:test';
import { createEmbeddedStore } from '../../src/store/embedded-store';
import { tracedVectorStore } from '../../src/store/traced-vector-store';
import { vectorStoreContract } from './vector-store-contract';

// The tracing wrapper changes no behaviour: the store contract holds through it. Its spans are
// asserted end to end in cli/test/trace.test.ts.
describe('vector store contract: embedded, traced', () => {
  vectorStoreContract(async () => tracedVectorStore(createEmbeddedStore(1000)));
});
