import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createBufferedWriter } from '@superagent/cost-client';
import {
  redisCommand,
  startSentinelTopology,
  startServiceProcess,
  waitFor,
  type ManagedProcess,
  type SentinelTopology,
} from '@superagent/devkit';
import { checkHealth, createClient, waitForServing } from '@superagent/grpc';
import { silentLogger } from '@superagent/logging';
import { cost } from '@superagent/proto';
import { usageRecord } from '../support/service-harness';

// Redis Sentinel failover under write load (issue 10): the cost service runs as its own process
// against master + 2 replicas + 3 sentinels with COST_WAIT_REPLICAS=1; the master is SIGKILLed
// mid-stream. The service must stay up, turn unready and ready again, and every record it
// acknowledged must be in the report exactly once (writers retry with the same idempotency keys).
//
// To make the loss window certain rather than lucky, both replicas are frozen (SIGSTOP) and the
// master drops their links just before the kill: writes the master takes meanwhile never reach
// them (data already in a socket buffer would still arrive, so the links are cut, not just paused). With WAIT they are not
// acknowledged (the writer retries them after the failover); with COST_WAIT_REPLICAS=0 they are
// acknowledged and then lost with the master, and this test fails (seen when switched off).

let topology: SentinelTopology;
let service: ManagedProcess | undefined;

before(async () => {
  topology = await startSentinelTopology({ replicas: 2, sentinels: 3, quorum: 2, downAfterMs: 1000 });
});
after(async () => {
  await service?.stop('SIGKILL');
  await topology?.stop();
});

test('SIGKILL of the Redis master loses no acknowledged cost record', async (t) => {
  const started = await startServiceProcess('cost', {
    logLevel: 'error',
    timeoutMs: 20_000,
    env: {
      COST_STORE: 'redis',
      REDIS_SENTINELS: topology.sentinels.map((s) => `${s.host}:${s.port}`).join(','),
      REDIS_MASTER_NAME: topology.masterName,
      COST_WAIT_REPLICAS: '1',
      COST_WAIT_TIMEOUT_MS: '500',
      COST_READINESS_INTERVAL_MS: '100',
    },
  });
  service = started.process;
  const address = started.address;
  const client = createClient(cost.CostServiceService, address, {
    target: 'cost',
    defaultDeadlineMs: 4_000,
    logger: silentLogger(),
    breaker: false,
  });

  const acknowledged = new Map<string, number>();
  let failedAttempts = 0;
  let firstFailure: number | undefined;
  let recoveredAt: number | undefined;
  const writer = createBufferedWriter<cost.UsageRecord>({
    recordBatch: async (records, { signal }) => {
      try {
        await client.unary('recordBatch', { records }, { signal });
      } catch (err) {
        failedAttempts++;
        firstFailure ??= Date.now();
        throw err;
      }
      if (firstFailure !== undefined) recoveredAt ??= Date.now();
      for (const r of records) acknowledged.set(r.idempotencyKey, r.costMicros ?? 0);
    },
    maxBatchSize: 20,
    flushIntervalMs: 20,
    baseDelayMs: 50,
    maxDelayMs: 500,
  });

  // A producer with backpressure, as a real caller would have: it stops adding while the writer
  // holds many unacknowledged records (during the failover), so the buffer never overflows.
  let produced = 0;
  let producing = true;
  const producer = (async () => {
    while (producing) {
      if (writer.stats().pending < 2_000)
        for (let i = 0; i < 10; i++)
          writer.add(usageRecord({ tenantId: 'failover', costMicros: 1_000 + (produced++ % 97) }));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();

  try {
    await waitFor(() => acknowledged.size >= 200, { timeoutMs: 20_000, what: 'writes before the kill' });
    const master = await topology.master();
    const replicas = topology.nodes.filter((n) => n.port !== master.port);
    for (const r of replicas) r.kill('SIGSTOP');
    await redisCommand(master, 'CLIENT', ['KILL', 'TYPE', 'replica']);
    // Either writes stop being acknowledged (WAIT) or they pile up unreplicated (no WAIT).
    const frozenAt = acknowledged.size;
    const failuresAt = failedAttempts;
    await waitFor(() => failedAttempts > failuresAt || acknowledged.size >= frozenAt + 100, {
      timeoutMs: 15_000,
      what: 'writes while the replicas are frozen',
    });
    const old = await topology.killMaster('SIGKILL');
    const killedAt = Date.now();
    for (const r of replicas) r.kill('SIGCONT');
    await waitFor(async () => (await checkHealth(address).catch(() => 'DOWN')) === 'NOT_SERVING', {
      timeoutMs: 15_000,
      intervalMs: 20,
      what: 'NOT_SERVING after the kill',
    }).catch(() => undefined); // the window can be shorter than a probe interval; the write check below is what matters
    await topology.waitForFailover(old, 30_000);
    await waitForServing(address, '', 30_000);
    const before = acknowledged.size;
    await waitFor(() => acknowledged.size >= before + 200, {
      timeoutMs: 30_000,
      what: 'writes after the failover',
    });
    producing = false;
    await producer;
    const { unsent } = await writer.close(30_000);
    assert.deepEqual(unsent, []);
    assert.equal(service.running(), true, 'the service never crashed');

    const report = await client.unary('getReport', {
      tenantId: '',
      scope: cost.ReportScope.TENANT,
      scopeId: 'failover',
      trendDays: 0,
    });
    const expectedMicros = [...acknowledged.values()].reduce((a, b) => a + b, 0);
    assert.equal(acknowledged.size, produced);
    assert.equal(report.count, acknowledged.size, 'every acknowledged record exactly once');
    assert.equal(report.totalMicros, expectedMicros);
    const window = recoveredAt !== undefined && firstFailure !== undefined ? recoveredAt - firstFailure : 0;
    t.diagnostic(
      `records ${acknowledged.size}, failed attempts ${failedAttempts}, write-unavailability ${window} ms (kill → failover ${(recoveredAt ?? killedAt) - killedAt} ms)`,
    );
  } finally {
    producing = false;
    await producer;
    await writer.close(1_000);
    client.close();
    for (const n of topology.nodes) n.kill('SIGCONT');
  }
});
