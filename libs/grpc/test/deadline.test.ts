import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { silentLogger } from '@superagent/logging';
import { createClient, startTestServer, unary, type GrpcClient, type TestServer } from '../src/index';
import {
  codeOf,
  ECHO_SERVICE_NAME,
  EchoServiceDefinition,
  until,
  type EchoRequest,
  type EchoResponse,
} from './support';

/**
 * Re-anchoring a relative grpc-timeout on each hop: transit time plus rounding to whole ms. On a
 * loaded 2-core machine the loopback hop alone took 13 ms once; B's own deadline is 30 s, so a
 * 50 ms slack still tells A's deadline from B's.
 */
const WIRE_SLACK_MS = 50;

/**
 * Two in-process servers: A's handler calls B with A's call as parent. B reports the deadline it
 * saw, or waits until its call is cancelled and records why.
 */
describe('deadline and cancellation propagation (A → B)', () => {
  const logger = silentLogger();
  let serverA: TestServer;
  let serverB: TestServer;
  let toB: GrpcClient<typeof EchoServiceDefinition>;
  const bSaw: { deadline?: number; abortedAfterMs?: number; reason?: string } = {};

  before(async () => {
    serverB = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          echo: unary<EchoRequest, EchoResponse>(async (req, ctx) => ({
            text: req.text,
            deadline: ctx.deadline ?? 0,
          })),
          // Hangs until cancelled: what B sees when A's caller gives up.
          fail: unary<EchoRequest, EchoResponse>(async (_req, ctx) => {
            const started = Date.now();
            bSaw.deadline = ctx.deadline ?? 0;
            await new Promise<void>((resolve) =>
              ctx.signal.addEventListener('abort', () => resolve(), { once: true }),
            );
            bSaw.abortedAfterMs = Date.now() - started;
            bSaw.reason =
              ctx.signal.reason instanceof DOMException ? ctx.signal.reason.name : String(ctx.signal.reason);
            throw ctx.signal.reason;
          }),
        },
      },
    ]);
    // B's client has a long own deadline: anything shorter that B sees comes from the parent.
    toB = createClient(EchoServiceDefinition, serverB.address, {
      target: 'b',
      defaultDeadlineMs: 30_000,
      logger,
    });
    serverA = await startTestServer([
      {
        definition: EchoServiceDefinition,
        name: ECHO_SERVICE_NAME,
        implementation: {
          echo: unary<EchoRequest, EchoResponse>(async (req, ctx) => {
            // `count` doubles as "A's own deadline for the call to B" in this test service.
            const own = req.count === undefined ? {} : { deadlineMs: req.count };
            const fromB = await toB.unary('echo', req, { parent: ctx, ...own });
            return { text: `A(${fromB.text})`, deadline: fromB.deadline, parentDeadline: ctx.deadline ?? 0 };
          }),
          fail: unary<EchoRequest, EchoResponse>(async (req, ctx) =>
            toB.unary('fail', req, { parent: ctx.call }),
          ),
        },
      },
    ]);
  });
  after(async () => {
    toB.close();
    await serverA.stop();
    await serverB.stop();
  });

  test('B sees a deadline no later than A’s', async () => {
    const client = createClient(EchoServiceDefinition, serverA.address, {
      target: 'a',
      defaultDeadlineMs: 1_500,
      logger,
    });
    try {
      const before = Date.now();
      const res = await client.unary('echo', { text: 'x' });
      assert.equal(res.text, 'A(x)');
      const a = res.parentDeadline ?? 0;
      assert.ok(a > before && res.deadline > before, 'A and B saw deadlines');
      // grpc-timeout travels as a relative duration (rounded up to whole ms) that each hop
      // re-anchors on arrival, so B's deadline can trail A's by the loopback transit plus rounding.
      assert.ok(Math.abs(a - (before + 1_500)) < 100, `A deadline ${a - before} ms after start`);
      assert.ok(res.deadline <= a + WIRE_SLACK_MS, `B deadline ${res.deadline - a} ms after A's`);
      assert.ok(res.deadline >= a - 200, 'and it is A’s deadline, not something much shorter');
    } finally {
      client.close();
    }
  });

  test('per-call deadline overrides the default and still caps B', async () => {
    const client = createClient(EchoServiceDefinition, serverA.address, {
      target: 'a',
      defaultDeadlineMs: 10_000,
      methodDeadlinesMs: { echo: 800 },
      logger,
    });
    try {
      const before = Date.now();
      const res = await client.unary('echo', { text: 'x' });
      const a = res.parentDeadline ?? 0;
      assert.ok(Math.abs(a - (before + 800)) < 100, `A deadline ${a - before} ms after start`);
      assert.ok(
        res.deadline <= a + WIRE_SLACK_MS && res.deadline >= a - 200,
        `B deadline ${res.deadline - a} ms after A's`,
      );
    } finally {
      client.close();
    }
  });

  test('a shorter own deadline wins over the parent’s', async () => {
    const client = createClient(EchoServiceDefinition, serverA.address, {
      target: 'a',
      defaultDeadlineMs: 5_000,
      logger,
    });
    try {
      const res = await client.unary('echo', { text: 'x', count: 250 });
      const a = res.parentDeadline ?? 0;
      assert.ok(a - res.deadline > 4_000, `B deadline ${a - res.deadline} ms before A's`);
    } finally {
      client.close();
    }
  });

  test('when A’s client deadline expires, B’s call is cancelled', async () => {
    const client = createClient(EchoServiceDefinition, serverA.address, {
      target: 'a',
      defaultDeadlineMs: 300,
      logger,
    });
    try {
      bSaw.abortedAfterMs = undefined;
      const started = Date.now();
      const { code } = await codeOf(client.unary('fail', { text: 'x' }));
      assert.equal(code, grpc.status.DEADLINE_EXCEEDED);
      await until(() => bSaw.abortedAfterMs !== undefined, 3_000, 'B to see the cancellation');
      assert.ok(
        bSaw.deadline !== undefined && bSaw.deadline - started < 400,
        'B inherited the 300 ms deadline',
      );
      assert.ok(bSaw.abortedAfterMs! < 1_000, `B was released after ${bSaw.abortedAfterMs} ms`);
    } finally {
      client.close();
    }
  });

  test('when A’s client cancels, B’s call is cancelled long before any deadline', async () => {
    const client = createClient(EchoServiceDefinition, serverA.address, {
      target: 'a',
      defaultDeadlineMs: 20_000,
      logger,
    });
    try {
      bSaw.abortedAfterMs = undefined;
      bSaw.deadline = undefined;
      const controller = new AbortController();
      const call = client.unary('fail', { text: 'x' }, { signal: controller.signal });
      await until(() => bSaw.deadline !== undefined, 3_000, 'B to start');
      controller.abort();
      const { code } = await codeOf(call);
      assert.equal(code, grpc.status.CANCELLED);
      await until(() => bSaw.abortedAfterMs !== undefined, 3_000, 'B to see the cancellation');
      assert.equal(bSaw.reason, 'AbortError');
      assert.ok(bSaw.abortedAfterMs! < 2_000);
    } finally {
      client.close();
    }
  });
});
