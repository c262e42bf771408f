import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient, waitForServing } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding } from '@superagent/proto';
import { startMain, type MainProcess } from '../support/main-process';
import { TINY_MODEL_DIR } from '../support/paths';

describe('main.ts as a process', () => {
  let dir: string;
  const started: MainProcess[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedding-main-'));
  });
  after(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it('pre-computes the pre-warm texts, reports SERVING, answers, and exits 0 on SIGTERM', async () => {
    const prewarm = join(dir, 'prewarm.txt');
    await writeFile(prewarm, 'Sign in\n\nAdd to cart\nCheckout\n');
    const main = startMain({
      EMBEDDING_KIND: 'transformer',
      EMBEDDING_MODEL_DIR: TINY_MODEL_DIR,
      EMBEDDING_PREWARM_FILE: prewarm,
      SHUTDOWN_DRAIN_MS: '0',
    });
    started.push(main);
    const address = `127.0.0.1:${await main.port}`;
    await waitForServing(address, 'superagent.embedding.v1.EmbeddingService', 15_000);
    const client = createClient(embedding.EmbeddingServiceService, address, {
      target: 'embedding',
      defaultDeadlineMs: 5_000,
      logger: silentLogger(),
      breaker: false,
    });
    try {
      const info = await client.unary('getInfo', {});
      assert.equal(info.ready, true);
      assert.equal(info.modelName, 'superagent-fixture-tiny-bert-random');
      assert.equal(info.cache?.size, 3);
      const res = await client.unary('embed', { texts: ['Checkout', 'Something new'] });
      assert.equal(res.cacheHits, 1);
      assert.equal(res.vectors.length, 2);
    } finally {
      client.close();
    }
    main.child.kill('SIGTERM');
    assert.equal((await main.exited).code, 0);
  });

  it('exits 78 listing every configuration problem', async () => {
    const main = startMain({ EMBEDDING_KIND: 'transformer', EMBEDDING_CACHE_SIZE: '-1' });
    started.push(main);
    const { code, stderr } = await main.exited;
    assert.equal(code, 78);
    assert.match(stderr, /EMBEDDING_CACHE_SIZE must be ≥ 0/);
    // Cross-field problems appear once the per-variable ones are fixed.
    const second = startMain({ EMBEDDING_KIND: 'transformer' });
    started.push(second);
    const result = await second.exited;
    assert.equal(result.code, 78);
    assert.match(result.stderr, /EMBEDDING_MODEL_DIR is required when EMBEDDING_KIND=transformer/);
  });
});
