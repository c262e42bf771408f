import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHealth, createClient, waitForServing } from '@superagent/grpc';
import {
  serviceCommand,
  serviceMain,
  startProcess,
  startRedisServer,
  startServiceProcess,
  waitFor,
  type ManagedProcess,
  type RedisServer,
} from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { PRICES_PATH } from '../support/fixtures';
import { usageRecord } from '../support/service-harness';

// main.ts as a real process: health follows Redis (NOT_SERVING while it is down, never a crash),
// SIGHUP reloads the price table (a bad file keeps the old one) and cannot kill a starting
// process, SIGTERM exits 0, bad config (variables or data files) 78.

let redis: RedisServer;
let service: ManagedProcess | undefined;
let dir: string;

before(async () => {
  redis = await startRedisServer();
  dir = await mkdtemp(join(tmpdir(), 'cost-main-'));
});
after(async () => {
  await service?.stop('SIGKILL');
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('the process serves only while Redis is up, reloads prices on SIGHUP and stops cleanly', async () => {
  const prices = join(dir, 'prices.yaml');
  await copyFile(PRICES_PATH, prices);
  const started = await startServiceProcess('cost', {
    env: {
      COST_STORE: 'redis',
      REDIS_URL: redis.url,
      COST_PRICES_PATH: prices,
      COST_READINESS_INTERVAL_MS: '100',
    },
  });
  service = started.process;
  const address = started.address;
  const client = createClient(cost.CostServiceService, address, {
    target: 'cost',
    defaultDeadlineMs: 5_000,
    logger: silentLogger(),
    breaker: false,
  });
  try {
    const r = await client.unary('record', {
      record: usageRecord({ tenantId: 'main', costMicros: 123, idempotencyKey: 'm1' }),
    });
    assert.equal(r.result?.recorded, true);

    redis.kill('SIGKILL');
    await redis.exited();
    await waitFor(async () => (await checkHealth(address)) === 'NOT_SERVING', {
      timeoutMs: 10_000,
      what: 'NOT_SERVING',
    });
    await assert.rejects(
      client.unary('record', { record: usageRecord({ costMicros: 1 }) }, { deadlineMs: 8_000 }),
      { code: 14 },
    );
    assert.equal(service.running(), true);

    await redis.restart();
    await waitForServing(address, '', 15_000);
    const again = await client.unary('record', { record: usageRecord({ tenantId: 'main2', costMicros: 5 }) });
    assert.equal(again.result?.recorded, true);

    const text = await readFile(prices, 'utf8');
    await writeFile(prices, text.replace(/^version: .*$/m, "version: 'reloaded-2'"));
    service.kill('SIGHUP');
    await waitFor(async () => (await client.unary('getPrices', {})).version === 'reloaded-2', {
      timeoutMs: 10_000,
      what: 'reload',
    });
    await writeFile(prices, 'models: [not, a, mapping');
    service.kill('SIGHUP');
    await waitFor(() => service?.tail().some((l) => l.includes('reload failed')) ?? false, {
      timeoutMs: 10_000,
      what: 'reload failure log',
    });
    assert.equal((await client.unary('getPrices', {})).version, 'reloaded-2');
  } finally {
    client.close();
  }
  const exit = await service.stop('SIGTERM', 10_000);
  assert.deepEqual(exit, { code: 0, signal: null });
});

test('bad configuration exits 78 listing every problem', async () => {
  const p = await startProcess({
    name: 'cost-bad-config',
    command: process.execPath,
    args: [serviceMain('cost')],
    env: { COST_STORE: 'redis', COST_WAIT_REPLICAS: '-1', PORT: 'x' },
    readyWhen: async () => true,
  });
  const exit = await p.exited;
  assert.equal(exit.code, 78);
  const out = p.tail().join('\n');
  for (const name of ['PORT', 'COST_WAIT_REPLICAS']) assert.match(out, new RegExp(name));
});

test('a missing or invalid price or budget file exits 78 naming the variable and the file', async () => {
  const prices = join(dir, 'bad-prices.yaml');
  await writeFile(prices, "version: x\nmodels:\n  foo: { input: '-1', output: 1, tier: gpt, provider: p }\n");
  const budgets = join(dir, 'no-such-budgets.yaml');
  const p = await startProcess({
    name: 'cost-bad-files',
    command: process.execPath,
    args: [serviceMain('cost')],
    env: { COST_PRICES_PATH: prices, COST_BUDGETS_PATH: budgets, PORT: '0', LOG_LEVEL: 'warn' },
    readyWhen: async () => true,
  });
  const exit = await p.exited;
  const out = p.tail().join('\n');
  assert.equal(exit.code, 78, out);
  assert.match(out, /COST_PRICES_PATH \(price table .*bad-prices\.yaml\): models\.foo\.input/);
  assert.match(out, /COST_PRICES_PATH .*models\.foo\.tier/);
  assert.match(out, /COST_BUDGETS_PATH \(budget policy .*no-such-budgets\.yaml\): cannot be read: ENOENT/);
  assert.doesNotMatch(out, /^\s+at /m, 'no stack trace');
});

test('a SIGHUP during start-up neither kills the process nor is lost', async () => {
  const lines: string[] = [];
  service = await startProcess({
    name: 'cost-early-sighup',
    ...serviceCommand('cost'),
    env: { OTEL_SDK_DISABLED: 'true', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
    // The first line main writes, long before the server is up: the reload arrives mid start-up.
    onLine: (line) => {
      lines.push(line);
      if (line.includes('price table loaded')) service?.kill('SIGHUP');
    },
  });
  const p = service;
  await waitFor(() => lines.some((l) => l.includes('cost service started')) || !p.running(), {
    timeoutMs: 15_000,
    what: 'start-up',
  });
  assert.equal(p.running(), true, p.tail().join('\n'));
  await waitFor(() => lines.some((l) => l.includes('price table reloaded')), {
    timeoutMs: 10_000,
    what: 'the reload asked for during start-up',
  });
  assert.deepEqual(await p.stop('SIGTERM', 10_000), { code: 0, signal: null });
});
