import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@superagent/config';
import { loadEmbeddingConfig } from '../../src/config';
import { modelSpecOf, stackOptionsOf } from '../../src/open-model';

describe('embedding config', () => {
  it('defaults to the lexical model, a 10k cache, 32-text batches, two single-threaded replicas', () => {
    const config = loadEmbeddingConfig({});
    assert.equal(config.PORT, 50053);
    assert.equal(config.EMBEDDING_KIND, 'lexical');
    assert.equal(config.EMBEDDING_CACHE_SIZE, 10000);
    assert.equal(config.EMBEDDING_BATCH_SIZE, 32);
    assert.equal(config.EMBEDDING_REPLICAS, 2);
    assert.equal(config.EMBEDDING_THREADS, 1);
    assert.deepEqual(modelSpecOf(config), { kind: 'lexical' });
  });

  it('keeps one pass queued behind the worker replicas, and one pass for a main-thread model', () => {
    assert.equal(stackOptionsOf(loadEmbeddingConfig({})).batch.concurrency, 3);
    assert.equal(stackOptionsOf(loadEmbeddingConfig({ EMBEDDING_REPLICAS: '4' })).batch.concurrency, 5);
    assert.equal(stackOptionsOf(loadEmbeddingConfig({ EMBEDDING_REPLICAS: '0' })).batch.concurrency, 1);
  });

  it('lists every problem, cross-field ones included', () => {
    assert.throws(
      () =>
        loadEmbeddingConfig({
          EMBEDDING_KIND: 'transformer',
          EMBEDDING_BATCH_SIZE: '0',
          EMBEDDING_QUEUE_SIZE: '10',
          EMBEDDING_MAX_TEXTS: '20',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        // One run lists them all: a malformed variable and the rules across variables alike.
        assert.deepEqual(
          err.problems.map((p) => p.split(' ')[0]),
          ['EMBEDDING_BATCH_SIZE', 'EMBEDDING_MODEL_DIR', 'EMBEDDING_QUEUE_SIZE'],
        );
        assert.match(err.problems[0] ?? '', /^EMBEDDING_BATCH_SIZE must be ≥ 1/);
        return true;
      },
    );
    assert.throws(
      () =>
        loadEmbeddingConfig({
          EMBEDDING_KIND: 'transformer',
          EMBEDDING_QUEUE_SIZE: '10',
          EMBEDDING_MAX_TEXTS: '20',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(
          err.problems.map((p) => p.split(' ')[0]),
          ['EMBEDDING_MODEL_DIR', 'EMBEDDING_QUEUE_SIZE'],
        );
        return true;
      },
    );
  });

  it('maps a transformer configuration to its model spec', () => {
    const config = loadEmbeddingConfig({
      EMBEDDING_KIND: 'transformer',
      EMBEDDING_MODEL_DIR: '/models/minilm',
    });
    assert.deepEqual(modelSpecOf(config), {
      kind: 'transformer',
      dir: '/models/minilm',
      quantized: false,
      maxTokens: 256,
      threads: 1,
    });
  });
});
