// The vector store contract against a real Qdrant. It needs QDRANT_URL (e.g. http://127.0.0.1:6333);
// without it the suite is skipped and says so.
import { randomUUID } from 'node:crypto';
import { describe } from 'node:test';
import { silentLogger } from '@superagent/logging';
import { createQdrantStore } from '../../src/store/qdrant-store';
import { vectorStoreContract } from '../unit/vector-store-contract';

const url = process.env.QDRANT_URL;

describe(
  'vector store contract: qdrant',
  {
    skip: url
      ? false
      : 'SKIPPED: QDRANT_URL is not set, so the Qdrant backend was not tested (set QDRANT_URL=http://host:6333 to run it)',
  },
  () => {
    // A fresh collection prefix per test: the contract expects an empty store.
    vectorStoreContract(async () =>
      createQdrantStore({
        url: url ?? '',
        collectionPrefix: `scribe_test_${randomUUID().slice(0, 8)}`,
        logger: silentLogger(),
      }),
    );
  },
);
