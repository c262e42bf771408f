import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { embedding } from '@superagent/proto';
import { encodeEmbedReply, type EmbedReply } from '../../src/handlers/embed-reply';

const generated = (reply: EmbedReply): Buffer =>
  Buffer.from(
    embedding.EmbedResponse.encode({
      ...reply,
      vectors: reply.vectors.map((v) => ({ values: Array.from(v) })),
    }).finish(),
  );

describe('encodeEmbedReply', () => {
  const cases: [string, EmbedReply][] = [
    [
      'two 384-d vectors',
      {
        vectors: [
          Float32Array.from({ length: 384 }, (_, i) => Math.sin(i)),
          new Float32Array(384).fill(-0.25),
        ],
        modelName: 'superagent-fixture-minilm-shaped-random',
        modelRevision: '0123456789ab',
        dimension: 384,
        cacheHits: 1,
      },
    ],
    [
      'defaults left out',
      { vectors: [Float32Array.of(1)], modelName: '', modelRevision: '', dimension: 0, cacheHits: 0 },
    ],
    [
      'no vectors, long name',
      { vectors: [], modelName: 'm'.repeat(300), modelRevision: 'r', dimension: 70000, cacheHits: 300 },
    ],
    [
      'negative and multi-byte varints',
      { vectors: [], modelName: 'n\u00e4me', modelRevision: 'r', dimension: -1, cacheHits: 0x7fffffff },
    ],
    [
      'an empty vector',
      { vectors: [new Float32Array(0)], modelName: 'x', modelRevision: 'y', dimension: 1, cacheHits: 0 },
    ],
  ];

  for (const [name, reply] of cases) {
    it(`writes the bytes the generated encoder writes: ${name}`, () => {
      const bytes = encodeEmbedReply(reply);
      assert.ok(bytes.equals(generated(reply)));
      const decoded = embedding.EmbedResponse.decode(bytes);
      assert.deepEqual(
        decoded.vectors.map((v) => v.values),
        reply.vectors.map((v) => Array.from(v)),
      );
      assert.equal(decoded.modelName, reply.modelName);
      assert.equal(decoded.cacheHits, reply.cacheHits);
    });
  }

  it('keeps a subarray view to its own elements', () => {
    const backing = Float32Array.from([9, 1, 2, 9]);
    const bytes = encodeEmbedReply({
      vectors: [backing.subarray(1, 3)],
      modelName: 'm',
      modelRevision: 'r',
      dimension: 2,
      cacheHits: 0,
    });
    assert.deepEqual(embedding.EmbedResponse.decode(bytes).vectors[0]?.values, [1, 2]);
  });
});
