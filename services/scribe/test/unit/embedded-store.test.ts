import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEmbeddedStore } from '../../src/store/embedded-store';
import { patternId } from '../../src/store/vector-store';
import { record, vectorStoreContract } from './vector-store-contract';

describe('vector store contract: embedded', () => {
  vectorStoreContract(async () => createEmbeddedStore(1000));
});

describe('embedded store', () => {
  test('past its capacity the least recently updated pattern goes first', async () => {
    const store = createEmbeddedStore(2);
    const v = Float32Array.from([1, 0]);
    await store.upsert(record('http://a', 's1'), v);
    await store.upsert(record('http://a', 's2'), v);
    await store.upsert(record('http://a', 's1', { passCount: 2 }), v);
    await store.upsert(record('http://a', 's3'), v);
    const hits = await store.search(v, { model: 'contract-model@r1', topK: 10, minScore: 0 });
    assert.deepEqual(hits.map((h) => h.record.specSource).sort(), ['s1', 's3']);
  });
});

describe('pattern ids', () => {
  test('are UUID-shaped, stable, and differ when any part differs (no separator tricks)', () => {
    const id = patternId('m@1', 'http://a', 'spec');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(patternId('m@1', 'http://a', 'spec'), id);
    assert.notEqual(patternId('m@1', 'http://a', 'spec2'), id);
    assert.notEqual(patternId('m@2', 'http://a', 'spec'), id);
    assert.notEqual(patternId('m@1', 'http://a\u0000', 'spec'), patternId('m@1', 'http://a', '\u0000spec'));
  });
});
