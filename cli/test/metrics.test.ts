// The metrics issue 10 names, scraped from each service's Prometheus endpoint (OTEL_METRICS_EXPORTER=
// prometheus) after a few real calls: RPC latency histograms, cache hit rates, batch sizes, pool
// stats, breaker states and spend. The five services run as real processes on loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { createClient } from '@superagent/grpc';
import { freePorts, waitFor } from '@superagent/devkit';
import { silentLogger } from '@superagent/logging';
import { common, cost, embedding, router } from '@superagent/proto';
import { costClient, routerClient } from '../src/clients';
import { SERVICE_NAMES, startStack, type ServiceName, type Stack } from '../src/stack';
import { RUNNER_WORKERS, SMALL_RUNNER } from './small-runner';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition → samples (comments and blank lines skipped). */
function parseSamples(body: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('Prometheus metrics of the five services', { timeout: 120_000 }, () => {
  let stack: Stack | undefined;
  const metricPorts = {} as Record<ServiceName, number>;
  const scraped = {} as Record<ServiceName, Sample[]>;

  const scrape = async (service: ServiceName): Promise<Sample[]> =>
    parseSamples(await httpGet(`http://127.0.0.1:${metricPorts[service]}/metrics`));

  /** Samples of `family` (exact name) in `service`'s last scrape, optionally filtered by labels. */
  function samples(service: ServiceName, family: string, labels: Record<string, string> = {}): Sample[] {
    return scraped[service].filter(
      (s) => s.name === family && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  }

  function value(service: ServiceName, family: string, labels: Record<string, string> = {}): number {
    const found = samples(service, family, labels);
    const names = [...new Set(scraped[service].map((s) => s.name))].join(', ');
    assert.ok(found.length > 0, `${service} exports ${family}${JSON.stringify(labels)}; it has: ${names}`);
    return found.reduce((sum, s) => sum + s.value, 0);
  }

  before(async () => {
    const ports = await freePorts(SERVICE_NAMES.length);
    SERVICE_NAMES.forEach((name, i) => (metricPorts[name] = ports[i]!));
    const serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {};
    for (const name of SERVICE_NAMES)
      serviceEnv[name] = { OTEL_EXPORTER_PROMETHEUS_PORT: String(metricPorts[name]) };
    serviceEnv.runner = { ...serviceEnv.runner, ...SMALL_RUNNER };
    stack = await startStack({
      env: {
        LOG_LEVEL: 'warn',
        OTEL_SDK_DISABLED: 'false',
        OTEL_TRACES_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      },
      serviceEnv,
    });

    const routerApi = routerClient(stack.address('router'));
    const costApi = costClient(stack.address('cost'));
    const embeddingApi = createClient(embedding.EmbeddingServiceService, stack.address('embedding'), {
      target: 'embedding',
      defaultDeadlineMs: 10_000,
      breaker: false,
      logger: silentLogger(),
    });
    try {
      // The same decision twice: one decision-cache miss, then a hit.
      const route = router.RouteRequest.fromPartial({
        taskType: common.TaskType.WRITE_TEST,
        description: 'Log in and see the welcome message',
        tenantId: 'metrics',
      });
      await routerApi.unary('route', route);
      await routerApi.unary('route', route);
      // The same texts twice: the second call is answered from the embedding cache.
      const texts = ['open the cart', 'remove the lamp', 'see the empty cart'];
      await embeddingApi.unary('embed', embedding.EmbedRequest.fromPartial({ texts }));
      await embeddingApi.unary('embed', embedding.EmbedRequest.fromPartial({ texts }));
      // Three priced usages in one batch: spend and a batch size of 3.
      await costApi.unary(
        'recordBatch',
        cost.RecordBatchRequest.fromPartial({
          records: [1, 2, 3].map((i) =>
            cost.UsageRecord.fromPartial({
              agent: 'scribe',
              model: 'claude-3-5-haiku-20241022',
              inputTokens: 1_000 * i,
              outputTokens: 100 * i,
              tenantId: 'metrics',
              idempotencyKey: `metrics-${Date.now()}-${i}`,
            }),
          ),
        }),
      );
    } finally {
      routerApi.close();
      costApi.close();
      embeddingApi.close();
    }
    // Histograms and counters are collected at scrape time; pull until every service shows its calls.
    await waitFor(
      async () => {
        for (const name of SERVICE_NAMES) scraped[name] = await scrape(name);
        return SERVICE_NAMES.every((n) =>
          scraped[n].some((s) => s.name.startsWith('rpc_server_duration') && s.name.endsWith('_count')),
        );
      },
      { timeoutMs: 15_000, what: 'RPC histograms on every /metrics endpoint' },
    );
  });

  after(async () => {
    await stack?.stop();
  });

  test('RPC latency histograms on every service', () => {
    for (const name of SERVICE_NAMES) {
      const family = scraped[name].find((s) => /^rpc_server_duration.*_bucket$/.test(s.name))?.name;
      assert.ok(family, `${name} exports an rpc_server_duration histogram`);
      const base = family.replace(/_bucket$/, '');
      assert.ok(value(name, `${base}_count`) >= 1, `${name} measured at least one RPC`);
      assert.ok(value(name, `${base}_sum`) > 0, `${name} RPCs took time`);
      const inf = samples(name, family).filter((s) => s.labels.le === '+Inf');
      assert.ok(
        inf.length > 0 && inf.every((s) => s.labels.rpc_method?.startsWith('/')),
        'labelled by method',
      );
    }
  });

  test('cache hit rates: router decision cache and embedding cache', () => {
    const decision = { superagent_cache_name: 'router.decision' };
    assert.ok(
      value('router', 'superagent_cache_lookups_total', { ...decision, superagent_cache_hit: 'true' }) >= 1,
    );
    assert.ok(
      value('router', 'superagent_cache_lookups_total', { ...decision, superagent_cache_hit: 'false' }) >= 1,
    );
    const cache = { superagent_cache_name: 'embedding' };
    // Three texts missed once and hit once (the start-up warm-up goes around the cache).
    assert.equal(
      value('embedding', 'superagent_cache_lookups_total', { ...cache, superagent_cache_hit: 'true' }),
      3,
    );
    assert.equal(
      value('embedding', 'superagent_cache_lookups_total', { ...cache, superagent_cache_hit: 'false' }),
      3,
    );
  });

  test('batch sizes: embedding forward passes and cost RecordBatch', () => {
    const embed = { superagent_batch_name: 'embedding' };
    const passes = value('embedding', 'superagent_batch_size_count', embed);
    const texts = value('embedding', 'superagent_batch_size_sum', embed);
    // The warm-up pass (1 text) and one pass for the 3 uncached texts at most; batching may merge nothing here.
    assert.ok(passes >= 2, `forward passes: ${passes}`);
    assert.equal(texts, 4, 'texts embedded: warm-up + 3 distinct');
    const batch = { superagent_batch_name: 'cost.record_batch' };
    assert.equal(value('cost', 'superagent_batch_size_count', batch), 1);
    assert.equal(value('cost', 'superagent_batch_size_sum', batch), 3);
  });

  test('pool stats: browser and worker pools of the runner', () => {
    for (const pool of ['browser', 'worker']) {
      const labels = { superagent_pool_name: pool };
      const inUse = value('runner', 'superagent_pool_in_use', labels);
      const idle = value('runner', 'superagent_pool_idle', labels);
      const waiting = value('runner', 'superagent_pool_waiting', labels);
      assert.equal(inUse, 0, `${pool}: nothing runs now`);
      assert.ok(idle >= 1, `${pool}: idle ${idle}`);
      assert.equal(waiting, 0, `${pool}: nothing waits`);
    }
    assert.equal(value('runner', 'superagent_pool_idle', { superagent_pool_name: 'worker' }), RUNNER_WORKERS);
  });

  test('breaker states: one gauge per downstream, closed while everything answers', () => {
    const targets = (service: ServiceName) =>
      samples(service, 'rpc_client_breaker_state')
        .map((s) => s.labels.rpc_target)
        .sort();
    assert.deepEqual(targets('scribe'), ['embedding', 'runner']);
    for (const target of ['scribe', 'runner', 'cost'])
      assert.ok(
        targets('router').includes(target),
        `router breaker for ${target}: ${targets('router').join(', ')}`,
      );
    for (const service of ['router', 'scribe'] as const)
      for (const s of samples(service, 'rpc_client_breaker_state'))
        assert.equal(s.value, 0, `${service} → ${s.labels.rpc_target ?? '?'} is closed`);
  });

  test('spend: micro-dollars and tokens per tenant, tier and model', () => {
    const labels = {
      superagent_tenant_id: 'metrics',
      superagent_tier: 'haiku',
      superagent_model: 'claude-3-5-haiku-20241022',
    };
    // Haiku at $0.80 / $4 per million tokens: 6,000 in + 600 out = 4,800 + 2,400 µ$.
    assert.equal(value('cost', 'superagent_spend_micros_total', labels), 7_200);
    const model = { superagent_model: 'claude-3-5-haiku-20241022' };
    assert.equal(
      value('cost', 'superagent_tokens_total', { ...model, superagent_tokens_direction: 'input' }),
      6_000,
    );
    assert.equal(
      value('cost', 'superagent_tokens_total', { ...model, superagent_tokens_direction: 'output' }),
      600,
    );
  });
});
