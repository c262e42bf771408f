import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type GaugeMetricData } from '@opentelemetry/sdk-metrics';
import {
  countsAsBreakerFailure,
  createClient,
  invalidArgument,
  isCircuitOpenError,
  TargetBreaker,
  METRIC,
  serverStream,
  startTestServer,
  unary,
  unavailable,
  type TestServer,
} from '../src/index';
import {
  captureLogger,
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  until,
  type EchoRequest,
  type EchoResponse,
} from './support';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function breakerGauge(reader: TestReader, target: string): Promise<number | undefined> {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== METRIC.clientBreakerState) continue;
      const point = (metric as GaugeMetricData).dataPoints.find((p) => p.attributes['rpc.target'] === target);
      if (point) return point.value;
    }
  }
  return undefined;
}

describe('circuit breaker per target', () => {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  let server: TestServer;
  const state = { calls: 0, mode: 'unavailable' as 'unavailable' | 'invalid' | 'ok' };
  /** `count` holds its first message until this is resolved (a watch with nothing to say yet). */
  let firstMessage = Promise.resolve();

  before(async () => {
    metrics.setGlobalMeterProvider(provider);
    server = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          echo: unary<EchoRequest, EchoResponse>(async (req) => {
            state.calls++;
            if (req.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, req.delayMs));
            if (state.mode === 'unavailable') throw unavailable('dependency down');
            if (state.mode === 'invalid') throw invalidArgument('text', 'bad');
            return { text: req.text, deadline: 0 };
          }),
          count: serverStream<EchoRequest, EchoResponse>(async (req, ctx) => {
            if (state.mode === 'unavailable') throw unavailable('dependency down');
            await firstMessage;
            await ctx.write({ text: req.text, deadline: 0 });
          }),
        },
      },
    ]);
  });
  after(async () => {
    await server.stop();
    await provider.shutdown();
    metrics.disable();
  });

  test('opens after failures, fails fast, half-opens after resetTimeout, closes on success', async () => {
    const { logger, lines } = captureLogger();
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'flaky-dep',
      defaultDeadlineMs: 2_000,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 300 },
      logger,
    });
    try {
      state.mode = 'unavailable';
      state.calls = 0;
      for (let i = 0; i < 3; i++)
        assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
      assert.equal(client.breakerState(), 'open');
      assert.equal(await breakerGauge(reader, 'flaky-dep'), 2);

      // Open: fails fast without reaching the server.
      const callsBefore = state.calls;
      const started = Date.now();
      const fast = await codeOf(client.unary('echo', { text: 'x' }));
      assert.equal(fast.code, grpc.status.UNAVAILABLE);
      assert.match(fast.details, /flaky-dep/);
      assert.match(fast.details, /circuit open/);
      assert.equal(state.calls, callsBefore);
      assert.ok(Date.now() - started < 50);
      // Streams fail fast too.
      assert.throws(() => client.bidi('chat'), /circuit open/);
      assert.throws(() => client.clientStream('sum'), /circuit open/);
      await assert.rejects(async () => {
        for await (const _ of client.serverStream('count', { text: 'x' })) assert.fail('no message expected');
      }, /flaky-dep: circuit open/);

      await until(() => client.breakerState() === 'half-open', 2_000, 'half-open');
      assert.equal(await breakerGauge(reader, 'flaky-dep'), 1);
      state.mode = 'ok';
      assert.equal((await client.unary('echo', { text: 'back' })).text, 'back');
      assert.equal(client.breakerState(), 'closed');
      assert.equal(await breakerGauge(reader, 'flaky-dep'), 0);

      // Each state change is logged once.
      const changes = lines.filter((l) => /circuit breaker/.test(l.msg)).map((l) => l.state);
      assert.deepEqual(changes, ['open', 'half-open', 'closed']);
    } finally {
      client.close();
    }
  });

  test('a failed trial call in half-open re-opens the circuit', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'reopen',
      defaultDeadlineMs: 2_000,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 200 },
      logger: captureLogger().logger,
    });
    try {
      state.mode = 'unavailable';
      for (let i = 0; i < 2; i++) await codeOf(client.unary('echo', { text: 'x' }));
      assert.equal(client.breakerState(), 'open');
      await until(() => client.breakerState() === 'half-open', 2_000, 'half-open');
      assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).details, 'dependency down');
      assert.equal(client.breakerState(), 'open');
    } finally {
      client.close();
    }
  });

  test('a half-open trial stream whose first message is late does not hold the circuit', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'slow-stream',
      defaultDeadlineMs: 10_000,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 200 },
      logger: captureLogger().logger,
    });
    let release = (): void => undefined;
    firstMessage = new Promise<void>((resolve) => (release = resolve));
    try {
      state.mode = 'unavailable';
      for (let i = 0; i < 2; i++) await codeOf(client.unary('echo', { text: 'x' }));
      assert.equal(client.breakerState(), 'open');
      await until(() => client.breakerState() === 'half-open', 2_000, 'half-open');
      state.mode = 'ok';
      // The trial is a stream that has nothing to send yet; the server took it, so it is healthy.
      const messages: string[] = [];
      const watching = (async () => {
        for await (const m of client.serverStream('count', { text: 'late' })) messages.push(m.text);
      })();
      await until(() => client.breakerState() === 'closed', 3_000, 'closed after the stream opened');
      assert.equal((await client.unary('echo', { text: 'meanwhile' })).text, 'meanwhile');
      release();
      await watching;
      assert.deepEqual(messages, ['late']);
    } finally {
      release();
      firstMessage = Promise.resolve();
      client.close();
    }
  });

  test('streams the server takes but fails at once count against the target, like unary calls', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'failing-streams',
      defaultDeadlineMs: 2_000,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeout: 10_000 },
      logger: captureLogger().logger,
    });
    try {
      state.mode = 'unavailable';
      for (let i = 0; i < 3; i++)
        await assert.rejects(async () => {
          for await (const _ of client.serverStream('count', { text: 'x' }))
            assert.fail('no message expected');
        }, /dependency down/);
      await until(() => client.breakerState() === 'open', 2_000, 'open after failing streams');
    } finally {
      client.close();
    }
  });

  test("deadlines cut short by the caller's caller do not open the circuit; the client's own do", async () => {
    state.mode = 'ok';
    const breaker = { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 10_000 };
    // A front server forwards to the (healthy, 100 ms) test server on its inbound call's deadline.
    const toServer = createClient(EchoServiceDefinition, server.address, {
      target: 'behind-front',
      defaultDeadlineMs: 5_000,
      breaker,
      logger: captureLogger().logger,
    });
    const front = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          // The inbound call's deadline bounds the call, its cancellation is left out: which of the
          // two ends the call first is a race, and this test is about the calls the deadline ends.
          echo: unary<EchoRequest, EchoResponse>(async (req, ctx) =>
            toServer.unary('echo', req, { parent: { ...ctx, signal: new AbortController().signal } }),
          ),
        },
      },
    ]);
    const hasty = createClient(EchoServiceDefinition, front.address, {
      target: 'front',
      defaultDeadlineMs: 30,
      breaker: false,
      logger: captureLogger().logger,
    });
    const impatient = createClient(EchoServiceDefinition, server.address, {
      target: 'impatient',
      defaultDeadlineMs: 30,
      breaker,
      logger: captureLogger().logger,
    });
    try {
      for (let i = 0; i < 6; i++)
        assert.equal(
          (await codeOf(hasty.unary('echo', { text: 'x', delayMs: 100 }))).code,
          grpc.status.DEADLINE_EXCEEDED,
        );
      assert.equal(toServer.breakerState(), 'closed', 'one hasty caller must not cut everyone off');
      assert.equal((await toServer.unary('echo', { text: 'patient' })).text, 'patient');

      // A target slower than this client's own deadline is unhealthy for it.
      for (let i = 0; i < 2; i++)
        assert.equal(
          (await codeOf(impatient.unary('echo', { text: 'x', delayMs: 100 }))).code,
          grpc.status.DEADLINE_EXCEEDED,
        );
      assert.equal(impatient.breakerState(), 'open');
    } finally {
      hasty.close();
      impatient.close();
      await front.stop();
      toServer.close();
    }
  });

  test('INVALID_ARGUMENT answers do not open the circuit', async () => {
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'healthy-but-strict',
      defaultDeadlineMs: 2_000,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 10, resetTimeout: 10_000 },
      logger: captureLogger().logger,
    });
    try {
      state.mode = 'invalid';
      for (let i = 0; i < 10; i++)
        assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.INVALID_ARGUMENT);
      assert.equal(client.breakerState(), 'closed');
    } finally {
      client.close();
    }
  });

  test('an unreachable target opens the circuit (transport UNAVAILABLE counts)', async () => {
    const gone = await startTestServer([]);
    const address = gone.address;
    await gone.stop();
    const client = createClient(EchoServiceDefinition, address, {
      target: 'nowhere',
      defaultDeadlineMs: 1_000,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 10_000 },
      logger: captureLogger().logger,
    });
    try {
      for (let i = 0; i < 2; i++)
        assert.equal((await codeOf(client.unary('echo', { text: 'x' }))).code, grpc.status.UNAVAILABLE);
      assert.equal(client.breakerState(), 'open');
      assert.match((await codeOf(client.unary('echo', { text: 'x' }))).details, /^nowhere: circuit open$/);
    } finally {
      client.close();
    }
  });

  test('which errors count as failures', () => {
    const err = (code: grpc.status, details: string): grpc.ServiceError =>
      Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
    assert.equal(countsAsBreakerFailure(err(grpc.status.UNAVAILABLE, 'No connection established')), true);
    assert.equal(countsAsBreakerFailure(err(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded')), true);
    assert.equal(countsAsBreakerFailure(err(grpc.status.INTERNAL, 'Received RST_STREAM with code 2')), true);
    assert.equal(countsAsBreakerFailure(err(grpc.status.INTERNAL, 'internal error')), false);
    assert.equal(countsAsBreakerFailure(err(grpc.status.INVALID_ARGUMENT, 'text: bad')), false);
    assert.equal(countsAsBreakerFailure(err(grpc.status.NOT_FOUND, 'x: not found')), false);
    assert.equal(countsAsBreakerFailure(err(grpc.status.RESOURCE_EXHAUSTED, 'budget: spent')), false);
    assert.equal(countsAsBreakerFailure(new Error('not a status')), false);
  });

  test('run() guards any async thunk with a caller-given failure predicate (non-gRPC targets)', async () => {
    const { logger, lines } = captureLogger();
    const down = Object.assign(new Error('connect ECONNREFUSED'), { kind: 'down' });
    const rejected = Object.assign(new Error('bad request'), { kind: 'rejected' });
    const breaker = new TargetBreaker(
      'plain',
      { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeout: 60_000 },
      logger,
      (err) => err instanceof Error && 'kind' in err && err.kind === 'down',
    );
    try {
      let calls = 0;
      const failWith = (err: Error) => async (): Promise<number> => {
        calls++;
        throw err;
      };
      // Errors the predicate calls healthy pass through and never open the circuit.
      for (let i = 0; i < 4; i++) await assert.rejects(breaker.run(failWith(rejected)), /bad request/);
      assert.equal(breaker.state(), 'closed');
      assert.equal(await breaker.run(async () => 7), 7);
      for (let i = 0; i < 6; i++) await assert.rejects(breaker.run(failWith(down)), /ECONNREFUSED/);
      assert.equal(breaker.state(), 'open');
      const before = calls;
      const err = await breaker.run(failWith(down)).catch((e: unknown) => e);
      assert.equal(calls, before, 'an open circuit does not run the thunk');
      assert.ok(isCircuitOpenError(err));
      assert.match(err instanceof Error ? err.message : '', /plain: circuit open/);
      assert.ok(lines.some((l) => l.msg === 'circuit breaker opened' && l.target === 'plain'));
    } finally {
      breaker.shutdown();
    }
  });
});
