import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EmbeddingCache } from '../../src/domain/embedding-cache';
import { normalizeText } from '../../src/domain/normalize-text';
import { createEmbeddingStack } from '../../src/embedding-stack';
import { createLexicalModel } from '../../src/models/lexical/lexical-model';
import { gate } from '../support/gated-model';

const batch = { maxBatchSize: 32, maxWaitMs: 2, maxQueue: 256 };

describe('EmbeddingCache', () => {
  it('counts hits and misses and evicts the least recently used entry', () => {
    const cache = new EmbeddingCache(2, 'm@1');
    const v = Float32Array.of(1);
    assert.equal(cache.get('a'), undefined);
    cache.set('a', v);
    cache.set('b', v);
    assert.equal(cache.get('a'), v);
    cache.set('c', v);
    assert.equal(cache.get('b'), undefined);
    assert.deepEqual(cache.stats(), { size: 2, capacity: 2, hits: 1, misses: 2 });
  });

  it('with capacity 0 stores nothing', () => {
    const cache = new EmbeddingCache(0, 'm@1');
    cache.set('a', Float32Array.of(1));
    assert.equal(cache.get('a'), undefined);
    assert.deepEqual(cache.stats(), { size: 0, capacity: 0, hits: 0, misses: 1 });
  });
});

describe('Embedder', () => {
  it('normalises whitespace and Unicode width before embedding and caching', () => {
    assert.equal(normalizeText('  Log\u00a0 in\n'), 'Log in');
    assert.equal(normalizeText('ｌｏｇ in'), 'log in');
  });

  it('gives the full normal form whether or not a text takes the plain-ASCII shortcut', () => {
    const full = (text: string): string => text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
    const texts = [
      'Click the login button on the home page',
      'a',
      'Log  in',
      ' Log in',
      'Log in ',
      'Log\tin',
      'Log\u00a0in',
      'caf\u00e9',
      'cafe\u0301',
      'x\u007fy',
      '\ufb01nd',
    ];
    for (const text of texts) assert.equal(normalizeText(text), full(text), JSON.stringify(text));
  });

  it('serves repeats from the cache with identical vectors and counts the hits', async () => {
    const model = gate(createLexicalModel());
    const { embedder, cache } = createEmbeddingStack(model, { cacheSize: 100, batch });
    const first = await embedder.embed(['Log in', 'Add to cart']);
    assert.equal(first.cacheHits, 0);
    const second = await embedder.embed(['  Log   in ', 'Add to cart', 'Search']);
    assert.equal(second.cacheHits, 2);
    assert.equal(second.vectors[0], first.vectors[0]);
    assert.deepEqual(second.vectors[1], first.vectors[1]);
    assert.deepEqual(model.batches, [['Log in', 'Add to cart'], ['Search']]);
    assert.deepEqual(cache.stats(), { size: 3, capacity: 100, hits: 2, misses: 3 });
  });

  it('embeds a text repeated within one call once', async () => {
    const model = gate(createLexicalModel());
    const { embedder } = createEmbeddingStack(model, { cacheSize: 0, batch });
    const result = await embedder.embed(['same', 'other', 'same']);
    assert.deepEqual(model.batches, [['same', 'other']]);
    assert.equal(result.vectors[0], result.vectors[2]);
  });

  it('warm-up runs the model and pre-computes the given texts into the cache', async () => {
    const model = gate(createLexicalModel());
    const { embedder, cache } = createEmbeddingStack(model, { cacheSize: 100, batch });
    await embedder.warmUp(['Sign in', 'Checkout']);
    assert.equal(cache.stats().size, 2);
    const result = await embedder.embed(['Sign in']);
    assert.equal(result.cacheHits, 1);
  });
});
