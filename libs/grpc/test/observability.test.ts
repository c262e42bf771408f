import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import {
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import {
  ATTR,
  createClient,
  invalidArgument,
  METRIC,
  startTestServer,
  unary,
  type TestServer,
} from '../src/index';
import {
  captureLogger,
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  type EchoRequest,
  type EchoResponse,
} from './support';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/**
 * An echo server (empty text → INVALID_ARGUMENT) observed by its own meter provider and captured
 * logger at `level`; registered with the suite's before/after hooks.
 */
function observedEchoServer(level?: string): {
  reader: TestReader;
  lines: ReturnType<typeof captureLogger>['lines'];
  server: () => TestServer;
} {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const { logger, lines } = captureLogger('test', level);
  let server: TestServer | undefined;

  before(async () => {
    // Before the server starts: instruments are created with it.
    metrics.setGlobalMeterProvider(provider);
    server = await startTestServer(
      [
        {
          definition: EchoServiceDefinition,
          name: ECHO_SERVICE_NAME,
          implementation: {
            echo: unary<EchoRequest, EchoResponse>(async (req) => {
              if (req.text === '') throw invalidArgument('text', 'required');
              return { text: req.text, deadline: 0 };
            }),
          },
        },
      ],
      { logger },
    );
  });
  after(async () => {
    await server?.stop();
    await provider.shutdown();
    metrics.disable();
  });
  return {
    reader,
    lines,
    server: () => {
      assert.ok(server, 'server started');
      return server;
    },
  };
}

describe('access log and RPC metrics', () => {
  const { reader, lines, server } = observedEchoServer();

  test('one line per RPC with method, code, duration and peer, never the payload', async () => {
    const client = createClient(EchoServiceDefinition, server().address, {
      target: 'self',
      defaultDeadlineMs: 2_000,
      logger: captureLogger().logger,
    });
    try {
      await client.unary('echo', { text: 'secret user text' });
      await codeOf(client.unary('echo', { text: '' }));
    } finally {
      client.close();
    }
    const access = lines.filter((l) => l.msg === 'rpc' && l.method === `/${ECHO_SERVICE_NAME}/Echo`);
    assert.equal(access.length, 2);
    assert.equal(access[0]!.code, 'OK');
    assert.equal(access[0]!.level, 'info');
    assert.equal(typeof access[0]!.duration_ms, 'number');
    assert.match(String(access[0]!.peer), /127\.0\.0\.1/);
    assert.equal(access[1]!.code, 'INVALID_ARGUMENT');
    assert.equal(access[1]!.level, 'warn');
    assert.equal(access[1]!.details, 'text: required');
    assert.doesNotMatch(JSON.stringify(lines), /secret user text/);
  });

  test('duration histogram and call counter by method and status code', async () => {
    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const histogram = all.find((m) => m.descriptor.name === METRIC.serverDuration) as
      HistogramMetricData | undefined;
    const counter = all.find((m) => m.descriptor.name === METRIC.serverCalls) as SumMetricData | undefined;
    assert.ok(histogram && counter, 'both instruments exported');
    assert.equal(histogram.descriptor.unit, 'ms');
    const byCode = (code: grpc.status) =>
      counter.dataPoints.find(
        (p) =>
          p.attributes[ATTR.method] === `/${ECHO_SERVICE_NAME}/Echo` &&
          p.attributes[ATTR.statusCode] === code,
      );
    assert.equal(byCode(grpc.status.OK)?.value, 1);
    assert.equal(byCode(grpc.status.INVALID_ARGUMENT)?.value, 1);
    const okDurations = histogram.dataPoints.find((p) => p.attributes[ATTR.statusCode] === grpc.status.OK);
    assert.equal(okDurations?.value.count, 1);
    assert.ok((okDurations?.value.sum ?? -1) >= 0);
  });
});

describe('access log below its level', () => {
  // LOG_LEVEL=warn, as the benchmarks run: OK calls write no line, failures still do.
  const { reader, lines, server } = observedEchoServer('warn');

  test('OK calls are measured but not logged; a failure is logged at warn with its details', async () => {
    const client = createClient(EchoServiceDefinition, server().address, {
      target: 'self',
      defaultDeadlineMs: 2_000,
      logger: captureLogger().logger,
    });
    try {
      for (let i = 0; i < 3; i++) await client.unary('echo', { text: `call ${i}` });
      await codeOf(client.unary('echo', { text: '' }));
    } finally {
      client.close();
    }
    const access = lines.filter((l) => l.msg === 'rpc');
    assert.equal(access.length, 1);
    assert.equal(access[0]!.code, 'INVALID_ARGUMENT');
    assert.equal(access[0]!.level, 'warn');
    assert.equal(access[0]!.details, 'text: required');
    assert.match(String(access[0]!.peer), /127\.0\.0\.1/);

    const { resourceMetrics } = await reader.collect();
    const counter = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === METRIC.serverCalls) as SumMetricData | undefined;
    const okCalls = counter?.dataPoints.find(
      (p) =>
        p.attributes[ATTR.method] === `/${ECHO_SERVICE_NAME}/Echo` &&
        p.attributes[ATTR.statusCode] === grpc.status.OK,
    );
    assert.equal(okCalls?.value, 3);
  });
});
