import assert from 'node:assert/strict';
import { get } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  freePort,
  startOtlpReceiver,
  startProcess,
  startRedisServer,
  waitFor,
  type OtlpReceiver,
  type RedisServer,
} from '@superagent/devkit';
import { ATTR } from '../src/index';

const repoRoot = join(__dirname, '..', '..', '..', '..');
const child = join(__dirname, 'fixtures', 'span-child.js');

interface ChildReport {
  active: boolean;
  traceId: string;
}

/** Runs the fixture to completion with `--require @superagent/telemetry/register`; returns its report and stdout. */
async function runOnce(env: Record<string, string>): Promise<{ report: ChildReport; lines: string[] }> {
  const proc = await startProcess({
    name: 'span-child',
    command: process.execPath,
    args: ['--require', '@superagent/telemetry/register', child, 'once'],
    cwd: repoRoot,
    env,
  });
  const exit = await proc.exited;
  assert.deepEqual(exit, { code: 0, signal: null }, proc.tail().join('\n'));
  const lines = proc.tail();
  const reportLine = lines.find((l) => l.startsWith('{"active"'));
  assert.ok(reportLine, `child printed its report: ${lines.join('\n')}`);
  return { report: JSON.parse(reportLine) as ChildReport, lines };
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

describe('@superagent/telemetry/register', () => {
  let receiver: OtlpReceiver;
  let redis: RedisServer;
  before(async () => {
    receiver = await startOtlpReceiver();
    redis = await startRedisServer();
  });
  after(async () => {
    await receiver.close();
    await redis.stop();
  });

  it('exports spans over OTLP/HTTP with the service name: one trace across HTTP, gRPC and Redis', async () => {
    receiver.clear();
    const { report, lines } = await runOnce({
      ...receiver.env('telemetry-test'),
      REDIS_PORT: String(redis.port),
    });
    assert.equal(report.active, true);
    const spans = await receiver.waitForSpans(
      (s) => s.filter((x) => x.traceId === report.traceId).length >= 6,
    );
    const trace = spans.filter((s) => s.traceId === report.traceId);
    const root = trace.find((s) => s.name === 'fixture.work');
    assert.ok(root, 'the manual span arrived');
    assert.equal(root.serviceName, 'telemetry-test');
    assert.equal(root.parentSpanId, undefined);
    assert.equal(root.attributes[ATTR.tier], 'free');
    assert.equal(root.attributes[ATTR.tokensInput], 12);
    assert.equal(root.attributes[ATTR.costMicros], 345);
    // http instrumentation: a client span under the root, a server span under the client (W3C traceparent).
    const client = trace.find((s) => s.kind === 3 && s.scope.name === '@opentelemetry/instrumentation-http');
    const server = trace.find((s) => s.kind === 2 && s.scope.name === '@opentelemetry/instrumentation-http');
    assert.ok(
      client && server,
      `client and server spans: ${trace.map((s) => `${s.name}/${s.kind}`).join(', ')}`,
    );
    assert.equal(client.parentSpanId, root.spanId);
    assert.equal(server.parentSpanId, client.spanId);
    // grpc instrumentation: client and server spans of the echo call, server under client.
    const grpcClient = trace.find((s) => s.kind === 3 && s.name === 'grpc.fixture.EchoService/Echo');
    const grpcServer = trace.find((s) => s.kind === 2 && s.name === 'grpc.fixture.EchoService/Echo');
    assert.ok(grpcClient && grpcServer, `grpc spans: ${trace.map((s) => `${s.name}/${s.kind}`).join(', ')}`);
    assert.equal(grpcClient.parentSpanId, root.spanId);
    assert.equal(grpcServer.parentSpanId, grpcClient.spanId);
    // ioredis instrumentation: the SET under the root span, without the value.
    const set = trace.find((s) => s.scope.name === '@opentelemetry/instrumentation-ioredis');
    assert.ok(set, `redis span: ${trace.map((s) => `${s.name}/${s.scope.name}`).join(', ')}`);
    assert.equal(set.parentSpanId, root.spanId);
    assert.ok(!JSON.stringify(set.attributes).includes('"value'), JSON.stringify(set.attributes));
    // The log line carries the trace id exactly once (logging mixin and pino instrumentation agree).
    const log = lines.find((l) => l.includes('inside the span'));
    assert.ok(log);
    assert.equal((JSON.parse(log) as { trace_id: string }).trace_id, report.traceId);
    assert.equal(log.split('"trace_id"').length - 1, 1, log);
    assert.deepEqual(receiver.errors(), []);
  });

  it('does nothing when OTEL_SDK_DISABLED=true', async () => {
    receiver.clear();
    const { report } = await runOnce({ ...receiver.env('telemetry-off'), OTEL_SDK_DISABLED: 'true' });
    assert.equal(report.active, false);
    assert.equal(report.traceId, '00000000000000000000000000000000', 'no-op tracer');
    // The child flushed and exited: anything it would have sent has been sent by now.
    assert.deepEqual(receiver.requests(), []);
  });

  it('serves Prometheus metrics when OTEL_METRICS_EXPORTER=prometheus', async () => {
    const port = await freePort();
    let ready = false;
    const proc = await startProcess({
      name: 'span-child-prometheus',
      command: process.execPath,
      args: ['--require', '@superagent/telemetry/register', child, 'serve'],
      cwd: repoRoot,
      env: {
        ...receiver.env('telemetry-prom'),
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
      },
      readyWhen: async () => ready,
      onLine: (line) => {
        if (line === 'ready') ready = true;
      },
    });
    try {
      let body = '';
      await waitFor(
        async () => {
          body = await httpGet(`http://127.0.0.1:${port}/metrics`);
          return body.includes('superagent_cache_lookups');
        },
        { what: 'the cache counter on /metrics' },
      );
      assert.match(body, /superagent_cache_lookups_total\{[^}]*superagent_cache_hit="true"[^}]*\} 1/);
      const exit = await proc.stop('SIGTERM', 5000);
      assert.equal(exit.code, 0, proc.tail().join('\n'));
    } finally {
      await proc.stop('SIGKILL');
    }
  });
});
