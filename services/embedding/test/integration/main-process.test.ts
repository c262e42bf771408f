import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { status } from '@grpc/grpc-js';
import {
  freePort,
  serviceCommand,
  startProcess,
  startServiceProcess,
  waitFor,
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

  it('on SIGTERM during the warm-up, stops it and shuts down in order: exit 0, model threads ended, never SERVING', async () => {
    // Enough distinct pre-warm texts to keep the lexical model busy for many seconds.
    const prewarm = join(dir, 'prewarm-long.txt');
    const lines = Array.from({ length: 100_000 }, (_, i) => `pre-warm text number ${i} of the long list`);
    await writeFile(prewarm, `${lines.join('\n')}\n`);
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const logged: Record<string, unknown>[] = [];
    const main = await startProcess({
      name: 'embedding-sigterm-warming-up',
      ...serviceCommand('embedding'),
      env: {
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(port),
        SHUTDOWN_DRAIN_MS: '0',
        EMBEDDING_REPLICAS: '2',
        EMBEDDING_PREWARM_FILE: prewarm,
      },
      onLine: (line) => {
        if (line.startsWith('{')) logged.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
    started.push(main);
    const client = embeddingClient(address);
    try {
      // Warming up: the server answers, part of the pre-warm list is in the cache, not ready.
      await waitFor(
        async () => {
          const info = await client.unary('getInfo', {});
          return !info.ready && (info.cache?.size ?? 0) > 0;
        },
        { timeoutMs: 15_000, intervalMs: 20, what: 'the warm-up to be under way' },
      );
      await assert.rejects(client.unary('embed', { texts: ['Sign in'] }), {
        code: status.UNAVAILABLE,
        details: /warming up/,
      });
      assert.equal(await checkHealth(address), 'NOT_SERVING');
    } finally {
      client.close();
    }
    assert.deepEqual(await main.stop('SIGTERM', 15_000), { code: 0, signal: null });
    const messages = logged.map((entry) => entry.msg);
    assert.ok(messages.includes('warm-up stopped by a stop signal'), messages.join(' | '));
    assert.ok(!messages.includes('model ready'));
    assert.ok(!logged.some((entry) => entry.msg === 'health status changed' && entry.serving === true));
    // close:model ends once every model thread has exited.
    const done = logged.find((entry) => entry.msg === 'shutdown complete');
    assert.deepEqual(
      { steps: done?.steps, failed: done?.failed },
      {
        steps: ['not-serving', 'drain', 'try-shutdown', 'close:batcher', 'close:model'],
        failed: [],
      },
    );
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
