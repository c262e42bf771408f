// One contract for every VectorStore backend (embedded, Qdrant): the same behaviour on the same data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { patternId, type PatternRecord, type VectorStore } from '../../src/store/vector-store';

const DIM = 8;
const MODEL = { id: 'contract-model@r1', dimension: DIM };
const OTHER_MODEL = { id: 'contract-model@r2', dimension: DIM };

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const n = Math.hypot(...values);
  return v.map((x) => x / n);
}

export function record(
  site: string,
  spec: string,
  over: Partial<PatternRecord> = {},
  model = MODEL,
): PatternRecord {
  return {
    id: patternId(model.id, site, spec),
    site,
    description: `description of ${spec}`,
    specSource: spec,
    fileName: 'a-test.spec.ts',
    startPath: '/',
    taskId: '',
    locators: [
      {
        target: 'log in button',
        locator: "page.getByRole('button', { name: 'Log in' })",
        role: 'button',
        name: 'Log in',
      },
    ],
    steps: [{ index: 0, action: 'STEP_ACTION_CLICK', phrase: 'click log in' }],
    passCount: 1,
    failCount: 0,
    embeddingModel: model.id,
    dimension: model.dimension,
    createdUnixMs: 1000,
    updatedUnixMs: 1000,
    ...over,
  };
}

/** Registers the contract tests for a backend; `open` gives a fresh, empty store each time. */
export function vectorStoreContract(open: () => Promise<VectorStore>): void {
  const A = 'http://127.0.0.1:4173';
  const B = 'http://127.0.0.1:5000';

  test('stores, reads back and finds by similarity, best first, within min score and top k', async () => {
    const store = await open();
    try {
      await store.ensure(MODEL);
      await store.upsert(record(A, 'spec-1'), unit([1, 0, 0, 0, 0, 0, 0, 0]));
      await store.upsert(record(A, 'spec-2'), unit([1, 1, 0, 0, 0, 0, 0, 0]));
      await store.upsert(record(A, 'spec-3'), unit([0, 0, 1, 0, 0, 0, 0, 0]));
      const got = await store.get(patternId(MODEL.id, A, 'spec-2'), MODEL);
      assert.equal(got?.specSource, 'spec-2');
      assert.deepEqual(got?.locators, record(A, 'spec-2').locators);
      assert.deepEqual(got?.steps, record(A, 'spec-2').steps);
      const hits = await store.search(unit([1, 0.1, 0, 0, 0, 0, 0, 0]), {
        model: MODEL.id,
        topK: 5,
        minScore: 0.5,
      });
      assert.deepEqual(
        hits.map((h) => h.record.specSource),
        ['spec-1', 'spec-2'],
      );
      assert.ok((hits[0]?.score ?? 0) > (hits[1]?.score ?? 0));
      assert.ok(Math.abs((hits[0]?.score ?? 0) - 0.995) < 0.01);
      const one = await store.search(unit([1, 0.1, 0, 0, 0, 0, 0, 0]), {
        model: MODEL.id,
        topK: 1,
        minScore: 0,
      });
      assert.equal(one.length, 1);
    } finally {
      await store.close();
    }
  });

  test('the same id updates in place (pass count, updated time)', async () => {
    const store = await open();
    try {
      await store.ensure(MODEL);
      await store.upsert(record(A, 'spec-u'), unit([0, 1, 0, 0, 0, 0, 0, 0]));
      await store.upsert(
        record(A, 'spec-u', { passCount: 2, updatedUnixMs: 2000 }),
        unit([0, 1, 0, 0, 0, 0, 0, 0]),
      );
      const hits = await store.search(unit([0, 1, 0, 0, 0, 0, 0, 0]), {
        model: MODEL.id,
        topK: 10,
        minScore: 0.9,
      });
      assert.equal(hits.filter((h) => h.record.specSource === 'spec-u').length, 1);
      assert.equal(hits[0]?.record.passCount, 2);
      assert.equal(hits[0]?.record.updatedUnixMs, 2000);
    } finally {
      await store.close();
    }
  });

  test('site filter: only the asked site, compared exactly (no prefix or pattern matching)', async () => {
    const store = await open();
    try {
      await store.ensure(MODEL);
      const v = unit([0, 0, 0, 1, 0, 0, 0, 0]);
      await store.upsert(record(A, 'spec-a'), v);
      await store.upsert(record(B, 'spec-b'), v);
      await store.upsert(record(`${A}0`, 'spec-a0'), v);
      const onlyA = await store.search(v, { model: MODEL.id, site: A, topK: 10, minScore: 0.5 });
      assert.deepEqual(
        onlyA.map((h) => h.record.site),
        [A],
      );
      const weird = await store.search(v, { model: MODEL.id, site: '*', topK: 10, minScore: 0.5 });
      assert.deepEqual(weird, []);
      const any = await store.search(v, { model: MODEL.id, topK: 10, minScore: 0.5 });
      assert.equal(any.length, 3);
    } finally {
      await store.close();
    }
  });

  test('vectors of another embedding model are never compared or returned', async () => {
    const store = await open();
    try {
      await store.ensure(MODEL);
      await store.ensure(OTHER_MODEL);
      const v = unit([0, 0, 0, 0, 1, 0, 0, 0]);
      await store.upsert(record(A, 'spec-m1'), v);
      await store.upsert(record(A, 'spec-m2', {}, OTHER_MODEL), v);
      const hits = await store.search(v, { model: MODEL.id, topK: 10, minScore: 0.5 });
      assert.deepEqual(
        hits.map((h) => h.record.embeddingModel),
        [MODEL.id],
      );
      assert.equal(await store.get(patternId(OTHER_MODEL.id, A, 'spec-m2'), MODEL), undefined);
    } finally {
      await store.close();
    }
  });

  test('hostile text in site, description and spec is stored as data', async () => {
    const store = await open();
    try {
      await store.ensure(MODEL);
      const site = 'http://127.0.0.1:4173';
      const spec = `'); DROP TABLE x; -- "} {"must": []} \u0000 \u{1F600}`;
      const v = unit([0, 0, 0, 0, 0, 1, 0, 0]);
      await store.upsert(record(site, spec, { description: '{"$or": [1]} \\ \'' }), v);
      const hits = await store.search(v, { model: MODEL.id, site, topK: 10, minScore: 0.9 });
      assert.equal(hits.length, 1);
      assert.equal(hits[0]?.record.specSource, spec);
      assert.equal(hits[0]?.record.description, '{"$or": [1]} \\ \'');
    } finally {
      await store.close();
    }
  });
}
