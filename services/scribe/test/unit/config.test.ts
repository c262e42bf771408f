import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '@superagent/config';
import { loadScribeConfig } from '../../src/config';

describe('scribe config', () => {
  it('lists malformed values and the rules across variables in one run', () => {
    assert.throws(
      () => loadScribeConfig({ PORT: 'abc', SCRIBE_VECTOR_BACKEND: 'qdrant' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.deepEqual(
          err.problems.map((p) => p.split(' ')[0]),
          ['PORT', 'QDRANT_URL'],
          err.problems.join('\n'),
        );
        return true;
      },
    );
  });

  it('refuses a pattern file with Qdrant, where it would never be written', () => {
    assert.throws(
      () =>
        loadScribeConfig({
          SCRIBE_VECTOR_BACKEND: 'qdrant',
          QDRANT_URL: 'http://127.0.0.1:6333',
          SCRIBE_EMBEDDED_PATH: '/var/lib/scribe/patterns.jsonl',
        }),
      /SCRIBE_EMBEDDED_PATH is for the embedded index/,
    );
    assert.equal(
      loadScribeConfig({ SCRIBE_EMBEDDED_PATH: '/var/lib/scribe/patterns.jsonl' }).SCRIBE_EMBEDDED_PATH,
      '/var/lib/scribe/patterns.jsonl',
    );
  });

  it('takes Qdrant with its URL', () => {
    const config = loadScribeConfig({ SCRIBE_VECTOR_BACKEND: 'qdrant', QDRANT_URL: 'http://127.0.0.1:6333' });
    assert.equal(config.QDRANT_URL, 'http://127.0.0.1:6333');
  });
});
