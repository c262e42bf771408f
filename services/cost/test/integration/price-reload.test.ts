import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { parsePriceTable, type PriceTable } from '../../src/domain/price-table';
import type { CostMetrics } from '../../src/metrics';
import { loadReloadable, type Reloadable } from '../../src/reloadable-file';
import { createRedisCostStore } from '../../src/store/redis-store';
import { PRICES_PATH } from '../support/fixtures';
import { startCostHarness, usageRecord, type CostHarness } from '../support/service-harness';

// A price table reload (SIGHUP) that lands while a Record is being written: the answer names the
// version the record was priced with, not the one in force when the write returned.

let redisServer: RedisServer;
let redis: Redis;
let admin: Redis;
let dir: string;
let file: string;
let text: string;
let prices: Reloadable<PriceTable>;
let h: CostHarness;
/** Resolves the next time the ledger has priced records and hands them to the store. */
let priced: (() => void) | undefined;

const metrics: CostMetrics = {
  recorded: () => undefined,
  batch: () => undefined,
  annotate: () => {
    priced?.();
    priced = undefined;
  },
};

before(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url, { maxRetriesPerRequest: 1 });
  admin = new Redis(redisServer.url);
  dir = await mkdtemp(join(tmpdir(), 'cost-price-reload-'));
  file = join(dir, 'prices.yaml');
  text = await readFile(PRICES_PATH, 'utf8');
  await writeFile(file, text);
  prices = await loadReloadable('price table', file, parsePriceTable, silentLogger());
  h = await startCostHarness({ store: () => createRedisCostStore(redis), priceSource: prices, metrics });
});
after(async () => {
  await h?.stop();
  redis?.disconnect();
  admin?.disconnect();
  await redisServer?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Sends a call while Redis takes no writes, reloads a new table once it is priced, then lets it write. */
async function reloadedMidWrite<T>(call: () => Promise<T>, version: string): Promise<T> {
  const pricedNow = new Promise<void>((resolve) => (priced = resolve));
  await admin.client('PAUSE', 60_000, 'WRITE');
  try {
    const answer = call();
    await pricedNow;
    await writeFile(
      file,
      text.replace(/^version: .*$/m, `version: '${version}'`).replace("input: '0.80'", "input: '0.90'"),
    );
    assert.equal(await prices.reload(), true);
    assert.equal(prices.current().version, version);
    await admin.client('UNPAUSE');
    return await answer;
  } finally {
    await admin.client('UNPAUSE');
  }
}

test('Record and RecordBatch answer the price version their records were priced with, even across a reload', async () => {
  const haiku = { model: 'claude-3-5-haiku-latest', inputTokens: 1_000_000 };
  const before = prices.current().version;
  const one = await reloadedMidWrite(
    () => h.client.unary('record', { record: usageRecord({ ...haiku, idempotencyKey: 'one' }) }),
    'after-1',
  );
  assert.equal(one.result?.costMicros, 800_000, 'priced with the table before the reload');
  assert.equal(one.priceTableVersion, before);

  const batch = await reloadedMidWrite(
    () =>
      h.client.unary('recordBatch', {
        records: [usageRecord({ ...haiku, idempotencyKey: 'batch-1' })],
      }),
    'after-2',
  );
  assert.equal(batch.totalCostMicros, 900_000, 'priced with the table of the first reload');
  assert.equal(batch.priceTableVersion, 'after-1');

  // With no reload in between, the answer names the table in force.
  const plain = await h.client.unary('record', {
    record: usageRecord({ ...haiku, idempotencyKey: 'plain' }),
  });
  assert.equal(plain.priceTableVersion, 'after-2');
});
