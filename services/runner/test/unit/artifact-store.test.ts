import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ArtifactStore, isArtifactId } from '../../src/store/artifact-store';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-store-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function file(name: string, bytes: number): string {
  const p = path.join(root, name);
  fs.writeFileSync(p, Buffer.alloc(bytes, 7));
  return p;
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
    const store = new ArtifactStore({ dir, maxBytes: 25, ttlMs: 1000, now: () => now });
    await store.open();
    const first = await store.put(file('t1.zip', 10), 'trace', 'login-test-1-trace.zip');
    assert.ok(first && isArtifactId(first.id));
    assert.equal(first.name, 'login-test-1-trace.zip');
    assert.equal(first.contentType, 'application/zip');
    assert.equal((await readAll(store, first.id)).length, 10);
    now += 10;
    const second = await store.put(file('s1.png', 10), 'screenshot', 'shot.png');
    now += 10;
    const third = await store.put(file('s2.png', 10), 'screenshot', 'shot.png');
    assert.ok(second && third);
    assert.equal(store.get(first.id), undefined, 'oldest evicted over the cap');
    assert.deepEqual(store.stats(), { count: 2, bytes: 20 });
    assert.equal(
      await store.put(file('big.zip', 26), 'trace', 'big.zip'),
      undefined,
      'larger than the cap alone',
    );
    now += 2000;
    assert.equal(store.get(second.id), undefined, 'expired');
    await store.sweep();
    assert.deepEqual(store.stats(), { count: 0, bytes: 0 });
    assert.deepEqual(fs.readdirSync(dir), []);
    store.close();
  });
  it('indexes what an earlier process left in the directory', async () => {
    const dir = path.join(root, 'b');
    const a = new ArtifactStore({ dir, maxBytes: 1000, ttlMs: 60_000 });
    await a.open();
    const kept = await a.put(file('t2.zip', 5), 'trace', 'trace.zip');
    a.close();
    const b = new ArtifactStore({ dir, maxBytes: 1000, ttlMs: 60_000 });
    await b.open();
    assert.ok(kept);
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
