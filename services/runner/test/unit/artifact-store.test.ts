import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  ArtifactStore,
  isArtifactId,
  type PutOutcome,
  type StoredArtifact,
} from '../../src/store/artifact-store';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-store-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(name: string, bytes: number): string {
  const p = path.join(root, name);
  fs.writeFileSync(p, Buffer.alloc(bytes, 7));
  return p;
}

function stored(put: PutOutcome): StoredArtifact {
  assert.ok('stored' in put, JSON.stringify(put));
  return put.stored;
}

async function readAll(store: ArtifactStore, id: string): Promise<Buffer> {
  const a = store.get(id);
  assert.ok(a);
  const chunks: Buffer[] = [];
  for await (const c of store.read(a, 4)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe('ArtifactStore', () => {
  it('stores, streams, evicts the oldest over the cap and expires after the TTL', async () => {
    let now = 1_000_000;
    const dir = path.join(root, 'a');
    const store = new ArtifactStore({ dir, maxBytes: 25, maxRunBytes: 25, ttlMs: 1000, now: () => now });
    await store.open();
    const first = stored(
      await store.put(file('t1.zip', 10), 'trace', 'login-test-1-trace.zip', store.runShare()),
    );
    assert.ok(isArtifactId(first.id));
    assert.equal(first.name, 'login-test-1-trace.zip');
    assert.equal(first.contentType, 'application/zip');
    assert.equal((await readAll(store, first.id)).length, 10);
    now += 10;
    const second = stored(await store.put(file('s1.png', 10), 'screenshot', 'shot.png', store.runShare()));
    now += 10;
    stored(await store.put(file('s2.png', 10), 'screenshot', 'shot.png', store.runShare()));
    assert.equal(store.get(first.id), undefined, 'oldest evicted over the cap');
    assert.deepEqual(store.stats(), { count: 2, bytes: 20 });
    now += 2000;
    assert.equal(store.get(second.id), undefined, 'expired');
    await store.sweep();
    assert.deepEqual(store.stats(), { count: 0, bytes: 0 });
    assert.deepEqual(fs.readdirSync(dir), []);
    store.close();
  });
  it("keeps one run's artifacts within its share, so they cannot evict every other run's", async () => {
    let now = 1_000_000;
    const dir = path.join(root, 'share');
    const store = new ArtifactStore({ dir, maxBytes: 80, maxRunBytes: 30, ttlMs: 60_000, now: () => now });
    await store.open();
    // Earlier runs kept 70 bytes.
    const earlier: StoredArtifact[] = [];
    for (let i = 0; i < 7; i++) {
      now += 1;
      earlier.push(
        stored(await store.put(file(`e${i}.png`, 10), 'screenshot', 'shot.png', store.runShare())),
      );
    }
    // A run with a huge trace, then small screenshots: the trace is refused, the screenshots fit.
    now += 1;
    const share = store.runShare();
    const big = file('big.zip', 90);
    const refused = await store.put(big, 'trace', 'big-test-1-trace.zip', share);
    assert.ok('refused' in refused);
    assert.equal(refused.refused.sizeBytes, 90);
    assert.match(
      refused.refused.reason,
      /90 bytes, more than a run's share of the artifact store \(30 bytes\)/,
    );
    assert.ok(fs.existsSync(big), 'a refused file is left where it was');
    const kept = [
      stored(await store.put(file('r1.png', 12), 'screenshot', 'shot.png', share)),
      stored(await store.put(file('r2.png', 12), 'screenshot', 'shot.png', share)),
    ];
    const third = await store.put(file('r3.png', 12), 'screenshot', 'shot.png', share);
    assert.ok('refused' in third, 'past what is left of the share');
    assert.match(third.refused.reason, /12 bytes, more than the 6 bytes left of this run's share/);
    stored(await store.put(file('r4.png', 6), 'screenshot', 'shot.png', share));
    assert.equal(share.remainingBytes, 0);
    // The run evicted what it had to (the two oldest, to stay under the cap), nothing more.
    assert.deepEqual(store.stats(), { count: 8, bytes: 80 });
    assert.deepEqual(
      earlier.map((a) => store.get(a.id) !== undefined),
      [false, false, true, true, true, true, true],
    );
    for (const a of kept) assert.ok(store.get(a.id));
    store.close();
  });
  it('refuses a share larger than the store', () => {
    assert.throws(
      () => new ArtifactStore({ dir: path.join(root, 'x'), maxBytes: 10, maxRunBytes: 11, ttlMs: 1000 }),
      /maxRunBytes must be at most maxBytes/,
    );
  });
  it('indexes what an earlier process left in the directory', async () => {
    const dir = path.join(root, 'b');
    const a = new ArtifactStore({ dir, maxBytes: 1000, maxRunBytes: 100, ttlMs: 60_000 });
    await a.open();
    const kept = stored(await a.put(file('t2.zip', 5), 'trace', 'trace.zip', a.runShare()));
    a.close();
    const b = new ArtifactStore({ dir, maxBytes: 1000, maxRunBytes: 100, ttlMs: 60_000 });
    await b.open();
    assert.equal(b.get(kept.id)?.sizeBytes, 5);
    assert.equal(b.get(kept.id)?.kind, 'trace');
    b.close();
  });
  it('recognises artifact ids', () => {
    assert.equal(isArtifactId('trace-123e4567-e89b-12d3-a456-426614174000'), true);
    assert.equal(isArtifactId('../../etc/passwd'), false);
    assert.equal(isArtifactId('video-123e4567-e89b-12d3-a456-426614174000'), false);
  });
});
