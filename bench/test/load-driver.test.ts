import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BARE_ECHO_SERVICE_NAME,
  invalidArgument,
  startBareEchoServer,
  startTestServer,
  unary,
} from '@superagent/grpc';
import { embedding, serviceNames } from '@superagent/proto';
import { runLoad } from '../src/load/driver';
import { formatTable, goalsFor } from '../src/harness';
import { summarize } from '../src/stats';

/** A real gRPC server whose Embed answers with `embed` (the load driver's project-method target). */
function startEmbedServer(
  embed: (req: embedding.EmbedRequest) => embedding.EmbedResponse | Promise<embedding.EmbedResponse>,
): ReturnType<typeof startTestServer> {
  return startTestServer([
    {
      name: serviceNames.embedding,
      definition: embedding.EmbeddingServiceService,
      implementation: { embed: unary(async (req: embedding.EmbedRequest) => embed(req)) },
    },
  ]);
}

test('bare echo: every measured call is counted once across client processes', async () => {
  const server = await startBareEchoServer();
  try {
    const result = await runLoad({
      address: server.address,
      call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
      bare: true,
      data: ['ping'],
      concurrency: 6,
      processes: 3,
      total: 300,
      durationMs: 20_000,
    });
    assert.equal(result.count, 300);
    assert.deepEqual(result.statusCodes, { OK: 300 });
    assert.equal(result.errors, 0);
    assert.ok(result.rps > 0);
    assert.ok(result.latency.p50 <= result.latency.p99);
  } finally {
    await server.stop();
  }
});

test('project methods resolve from the descriptor set and status codes are tallied', async () => {
  let calls = 0;
  const server = await startEmbedServer((req) => {
    calls++;
    if (req.texts.length === 0) throw invalidArgument('texts', 'must not be empty');
    return embedding.EmbedResponse.fromPartial({ vectors: req.texts.map(() => ({ values: [1] })) });
  });
  try {
    const result = await runLoad({
      address: server.address,
      call: `${serviceNames.embedding}/Embed`,
      data: [{ texts: ['a'] }, { texts: [] }],
      concurrency: 2,
      processes: 2,
      total: 40,
    });
    assert.equal(result.count, 40);
    assert.equal(calls, 40);
    assert.equal((result.statusCodes.OK ?? 0) + (result.statusCodes.INVALID_ARGUMENT ?? 0), 40);
    assert.ok((result.statusCodes.INVALID_ARGUMENT ?? 0) > 0);
    assert.equal(result.errors, result.statusCodes.INVALID_ARGUMENT);
  } finally {
    await server.stop();
  }
});

test('an unknown method fails the run with a clear message', async () => {
  await assert.rejects(
    runLoad({
      address: '127.0.0.1:1',
      call: 'superagent.nope.v1.Nope/Do',
      data: [{}],
      concurrency: 1,
      total: 1,
    }),
    /unknown service superagent\.nope\.v1\.Nope/,
  );
});

test('goals are computed from figures and the table shows them', () => {
  const figures = { rps: 1200, p99_ratio: 1.3 };
  const goals = goalsFor(figures, { rps: { op: '>=', target: 1000 }, p99_ratio: { op: '<=', target: 1.2 } });
  assert.deepEqual(goals, {
    rps: { target: 1000, op: '>=', met: true },
    p99_ratio: { target: 1.2, op: '<=', met: false },
  });
  assert.throws(() => goalsFor(figures, { missing: { op: '>=', target: 1 } }), /goal missing has no figure/);
  const table = formatTable({ bench: 'x', figures, goals });
  assert.match(table, /p99_ratio\s+1\.300\s+<= 1\.200\s+NO/);
});

test('percentiles use nearest rank', () => {
  const s = summarize([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
  assert.deepEqual([s.p50, s.p95, s.p99, s.max, s.count], [5, 10, 10, 10, 10]);
});

test('skipFirst skips that many calls of the whole run, spread over the client processes (as ghz does)', async () => {
  let calls = 0;
  const server = await startEmbedServer(() => {
    calls++;
    return embedding.EmbedResponse.fromPartial({});
  });
  try {
    const result = await runLoad({
      address: server.address,
      call: `${serviceNames.embedding}/Embed`,
      data: [{ texts: ['a'] }],
      concurrency: 4,
      processes: 2,
      total: 20,
      skipFirst: 10,
    });
    assert.equal(result.count, 20);
    assert.equal(calls, 30);
  } finally {
    await server.stop();
  }
});

test('alternateWith calls two methods in turn and reports each one separately', async () => {
  const echo = await startBareEchoServer();
  let slowCalls = 0;
  const slow = await startEmbedServer(async () => {
    slowCalls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return embedding.EmbedResponse.fromPartial({});
  });
  try {
    const result = await runLoad({
      address: slow.address,
      call: `${serviceNames.embedding}/Embed`,
      data: [{ texts: ['a'] }],
      concurrency: 1,
      warmupMs: 50,
      durationMs: 400,
      alternateWith: {
        address: echo.address,
        call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
        bare: true,
        data: ['ping'],
      },
    });
    const alternate = result.alternate;
    assert.ok(alternate, 'the alternate target is reported');
    assert.ok(result.count >= 10, `measured ${result.count} slow calls`);
    // One round calls both, so the counts differ by at most the round cut off at the end.
    assert.ok(Math.abs(result.count - alternate.count) <= 1, `${result.count} vs ${alternate.count}`);
    assert.ok(slowCalls >= result.count);
    assert.deepEqual(alternate.statusCodes, { OK: alternate.count });
    assert.ok(result.latency.p50 >= 5, `slow p50 ${result.latency.p50} ms`);
    assert.ok(alternate.latency.p50 < result.latency.p50, 'the echo is measured apart from the slow method');
  } finally {
    await Promise.all([echo.stop(), slow.stop()]);
  }
});

test('alternateWith refuses more than one call in flight', async () => {
  await assert.rejects(
    runLoad({
      address: '127.0.0.1:1',
      call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
      bare: true,
      data: ['x'],
      concurrency: 2,
      durationMs: 100,
      alternateWith: {
        address: '127.0.0.1:1',
        call: `${BARE_ECHO_SERVICE_NAME}/Echo`,
        bare: true,
        data: ['x'],
      },
    }),
    /alternateWith needs concurrency 1/,
  );
});
