import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '@superagent/logging';
import {
  checkHealth,
  createClient,
  gracefulShutdown,
  registerTelemetryFlush,
  REPEATED_SIGNAL_WINDOW_MS,
  startServer,
  watchStopSignals,
  unary,
  type Closer,
  type GrpcServer,
} from '../src/index';
import {
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  until,
  type EchoRequest,
  type EchoResponse,
} from './support';

async function startSlowEcho(): Promise<GrpcServer> {
  const server = await startServer({
    name: 'shutdown-test',
    host: '127.0.0.1',
    port: 0,
    reflection: false,
    logger: silentLogger(),
    services: [
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          echo: unary<EchoRequest, EchoResponse>(async (req, ctx) => {
            await setTimeout(req.delayMs ?? 0, undefined, { signal: ctx.signal });
            return { text: req.text, deadline: 0 };
          }),
        },
      },
    ],
  });
  server.setServing(true);
  return server;
}

describe('graceful shutdown', () => {
  test('health flips to NOT_SERVING while the server still accepts, then steps run in order', async () => {
    const server = await startSlowEcho();
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'self',
      defaultDeadlineMs: 5_000,
      logger: silentLogger(),
      breaker: false,
    });
    const events: string[] = [];
    try {
      // In flight when shutdown starts: must complete (graceful).
      const inFlight = client.unary('echo', { text: 'slow', delayMs: 600 });
      await setTimeout(20);
      const shutdown = gracefulShutdown(server, {
        logger: silentLogger(),
        drainMs: 400,
        graceMs: 3_000,
        closers: [
          { name: 'downstream-clients', close: async () => void events.push('close:downstream-clients') },
          { name: 'redis', close: async () => void events.push('close:redis') },
        ],
        flushTelemetry: async () => void events.push('flush-telemetry'),
      });

      // During the drain: health says NOT_SERVING, yet new calls are still served.
      assert.equal(await checkHealth(server.address, ECHO_SERVICE_NAME), 'NOT_SERVING');
      events.push('health-not-serving-observed');
      assert.equal((await client.unary('echo', { text: 'during drain' })).text, 'during drain');
      events.push('served-during-drain');

      const report = await shutdown;
      assert.deepEqual(report.steps, [
        'not-serving',
        'drain',
        'try-shutdown',
        'close:downstream-clients',
        'close:redis',
        'flush-telemetry',
      ]);
      assert.deepEqual(report.failed, []);
      assert.deepEqual(events, [
        'health-not-serving-observed',
        'served-during-drain',
        'close:downstream-clients',
        'close:redis',
        'flush-telemetry',
      ]);
      assert.equal((await inFlight).text, 'slow');

      // Afterwards nothing listens.
      assert.equal(
        (await codeOf(client.unary('echo', { text: 'late' }, { deadlineMs: 500 }))).code,
        grpc.status.UNAVAILABLE,
      );
    } finally {
      client.close();
      await server.shutdown({ graceMs: 0 });
    }
  });

  test('calls that outlive the grace period are cut off by forceShutdown', async () => {
    const server = await startSlowEcho();
    const client = createClient(EchoServiceDefinition, server.address, {
      target: 'self',
      defaultDeadlineMs: 10_000,
      logger: silentLogger(),
      breaker: false,
    });
    try {
      const stuck = codeOf(client.unary('echo', { text: 'stuck', delayMs: 5_000 }));
      await setTimeout(20);
      const started = Date.now();
      const report = await gracefulShutdown(server, {
        logger: silentLogger(),
        drainMs: 0,
        graceMs: 200,
        closers: [],
        flushTelemetry: async () => {},
      });
      assert.deepEqual(report.steps, [
        'not-serving',
        'drain',
        'try-shutdown',
        'force-shutdown',
        'flush-telemetry',
      ]);
      assert.ok(Date.now() - started < 1_000);
      const { code } = await stuck;
      assert.ok(
        code === grpc.status.UNAVAILABLE || code === grpc.status.CANCELLED || code === grpc.status.INTERNAL,
        grpc.status[code],
      );
    } finally {
      client.close();
    }
  });

  test('a failing or hanging closer is reported and the rest still run', async () => {
    const server = await startSlowEcho();
    const ran: string[] = [];
    const report = await gracefulShutdown(server, {
      logger: silentLogger(),
      drainMs: 0,
      graceMs: 500,
      stepTimeoutMs: 100,
      closers: [
        { name: 'broken', close: () => Promise.reject(new Error('no')) },
        { name: 'hangs', close: () => new Promise<void>(() => {}) },
        { name: 'fine', close: async () => void ran.push('fine') },
      ],
      flushTelemetry: async () => void ran.push('flush'),
    });
    assert.deepEqual(report.failed, ['close:broken', 'close:hangs']);
    assert.deepEqual(ran, ['fine', 'flush']);
  });

  test('the registered telemetry flush runs last when none is passed', async () => {
    const server = await startSlowEcho();
    const ran: string[] = [];
    registerTelemetryFlush(async () => void ran.push('registered-flush'));
    try {
      const report = await gracefulShutdown(server, {
        logger: silentLogger(),
        drainMs: 0,
        graceMs: 500,
        closers: [{ name: 'a', close: async () => void ran.push('a') }],
      });
      assert.deepEqual(report.steps.slice(-2), ['close:a', 'flush-telemetry']);
      assert.deepEqual(ran, ['a', 'registered-flush']);
    } finally {
      globalThis.superagentTelemetryFlush = undefined;
    }
  });

  /** `server` shut down in order on a stop signal; exit codes are collected instead of exiting. */
  function shutDownOnSignal(
    server: GrpcServer,
    closers: Closer[],
    stepTimeoutMs?: number,
  ): { exits: number[]; remove: () => void } {
    const exits: number[] = [];
    const stop = watchStopSignals(silentLogger(), { onExit: (code) => void exits.push(code) });
    stop.serve(server, {
      logger: silentLogger(),
      drainMs: 0,
      graceMs: 500,
      closers,
      ...(stepTimeoutMs === undefined ? {} : { stepTimeoutMs }),
      flushTelemetry: async () => {},
    });
    return { exits, remove: () => stop.removeListeners() };
  }

  test('stop signals: the stop delivered again at once is ignored; a later second signal exits 1', async () => {
    const server = await startSlowEcho();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The sequence stays in its closer until the test lets it go.
    const { exits, remove } = shutDownOnSignal(server, [{ name: 'held', close: () => held }], 30_000);
    try {
      // A terminal's Ctrl-C and the launcher's forwarded copy, then its own SIGTERM.
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGTERM', 'SIGTERM');
      await setTimeout(REPEATED_SIGNAL_WINDOW_MS + 100);
      assert.deepEqual(exits, [], 'repeats of the first stop do not cut the shutdown short');
      process.emit('SIGINT', 'SIGINT');
      assert.deepEqual(exits, [1], 'a second Ctrl-C later on means it');
    } finally {
      release();
      await until(() => exits.length > 1, 3_000, 'the sequence to end');
      remove();
    }
  });

  test('stop signals: SIGTERM runs the sequence and exits 0', async () => {
    const server = await startSlowEcho();
    const { exits, remove } = shutDownOnSignal(server, []);
    try {
      // Emitting the event runs the handlers without signalling the test process itself.
      process.emit('SIGTERM', 'SIGTERM');
      await until(() => exits.length > 0, 3_000, 'exit');
      assert.deepEqual(exits, [0]);
      assert.equal(server.isServing(), false);
      await assert.rejects(checkHealth(server.address, '', 300));
    } finally {
      remove();
    }
  });
});
