import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  freePort,
  serviceCommand,
  startProcess,
  startServiceProcess,
  type ManagedProcess,
} from '@superagent/devkit';
import { checkHealth, createClient, LIVENESS_HEALTH_NAME, waitForServing } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { embedding } from '@superagent/proto';
import { runRefusedMain } from '../support/main-process';
import { TINY_MODEL_DIR } from '../support/paths';

const embeddingClient = (address: string) =>
  createClient(embedding.EmbeddingServiceService, address, {
    target: 'embedding',
    defaultDeadlineMs: 5_000,
    logger: silentLogger(),
    breaker: false,
  });

describe('main.ts as a process', () => {
  let dir: string;
  const started: ManagedProcess[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'embedding-main-'));
  });
  after(async () => {
    await Promise.all(started.map((p) => p.stop('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  });

  it('pre-computes the pre-warm texts, reports SERVING, answers, and exits 0 on SIGTERM', async () => {
    const prewarm = join(dir, 'prewarm.txt');
    await writeFile(prewarm, 'Sign in\n\nAdd to cart\nCheckout\n');
    const main = await startServiceProcess('embedding', {
      env: {
        EMBEDDING_KIND: 'transformer',
        EMBEDDING_MODEL_DIR: TINY_MODEL_DIR,
        EMBEDDING_PREWARM_FILE: prewarm,
      },
    });
    started.push(main.process);
    const address = main.address;
    await waitForServing(address, 'superagent.embedding.v1.EmbeddingService', 15_000);
    assert.equal(await checkHealth(address, LIVENESS_HEALTH_NAME), 'SERVING');
    const client = embeddingClient(address);
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
    assert.deepEqual(await main.process.stop('SIGTERM', 10_000), { code: 0, signal: null });
  });

  it('stays NOT_SERVING and fails liveness when a model thread dies before warm-up has finished', async () => {
    const prewarm = join(dir, 'prewarm-crash.txt');
    await writeFile(prewarm, 'Sign in\nAdd to cart\nCheckout\n');
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const { command, args } = serviceCommand('embedding');
    const main = await startProcess({
      name: 'embedding-model-thread-dies',
      command,
      args: ['--require', join(__dirname, '../support/end-second-model-thread.js'), ...args],
      env: {
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        PORT: String(port),
        EMBEDDING_REPLICAS: '2',
        EMBEDDING_PREWARM_FILE: prewarm,
      },
    });
    started.push(main);
    const client = embeddingClient(address);
    try {
      // The crash is reported (liveness fails) and warm-up is over (the surviving thread has
      // computed the pre-warm texts into the cache), in whichever order they came.
      const deadline = Date.now() + 15_000;
      for (;;) {
        const info = await client.unary('getInfo', {}).catch(() => undefined);
        const alive = await checkHealth(address, LIVENESS_HEALTH_NAME).catch(() => undefined);
        if (info?.cache?.size === 3 && alive === 'NOT_SERVING') break;
        if (Date.now() > deadline)
          throw new Error(`timed out: cache size ${info?.cache?.size}, liveness ${alive}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal((await client.unary('getInfo', {})).ready, false);
      assert.equal(await checkHealth(address), 'NOT_SERVING');
      assert.equal(await checkHealth(address, 'superagent.embedding.v1.EmbeddingService'), 'NOT_SERVING');
      assert.equal(await checkHealth(address, LIVENESS_HEALTH_NAME), 'NOT_SERVING');
    } finally {
      client.close();
    }
  });

  it('exits 78 listing every configuration problem', async () => {
    const first = await runRefusedMain(
      { EMBEDDING_KIND: 'transformer', EMBEDDING_CACHE_SIZE: '-1' },
      started,
    );
    assert.equal(first.code, 78);
    assert.match(first.output, /EMBEDDING_CACHE_SIZE must be ≥ 0/);
    // Cross-field problems appear once the per-variable ones are fixed.
    const second = await runRefusedMain({ EMBEDDING_KIND: 'transformer' }, started);
    assert.equal(second.code, 78);
    assert.match(second.output, /EMBEDDING_MODEL_DIR is required when EMBEDDING_KIND=transformer/);
  });
});
