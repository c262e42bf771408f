import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { freePort, healthStatus, startServiceProcess, type ServiceProcess } from '../src/index';

// A real service (cost, with its embedded in-memory store: nothing else to start), built by the
// root `tsc -b` that runs before the suite.

describe('startServiceProcess', () => {
  const started: ServiceProcess[] = [];
  after(async () => {
    await Promise.all(started.map((s) => s.process.stop('SIGKILL')));
  });

  it('resolves once the service is SERVING and it exits 0 on SIGTERM', async () => {
    const lines: string[] = [];
    const cost = await startServiceProcess('cost', {
      env: { COST_STORE: 'memory' },
      logLevel: 'info',
      onLine: (line) => lines.push(line),
    });
    started.push(cost);
    assert.equal(cost.address, `127.0.0.1:${cost.port}`);
    assert.equal(await healthStatus(cost.address), 'SERVING');
    assert.equal(await healthStatus(cost.address, 'superagent.cost.v1.CostService'), 'SERVING');
    assert.equal(await healthStatus(cost.address, 'no.such.Service'), 'UNKNOWN');
    // LOG_LEVEL=info reached the child: its startup is logged.
    assert.ok(
      lines.some((l) => l.includes('"level":30') || l.includes('"level":"info"')),
      lines.join('\n'),
    );
    assert.deepEqual(await cost.process.stop('SIGTERM', 10_000), { code: 0, signal: null });
    assert.equal(await healthStatus(cost.address), 'DOWN');
  });

  it('fails with the child output when the service exits instead of serving', async () => {
    await assert.rejects(
      startServiceProcess('cost', { env: { PORT: 'x' }, timeoutMs: 10_000 }),
      (err: Error) => {
        assert.match(err.message, /cost .*did not start: gave up waiting .*exited with code 78/s);
        assert.match(err.message, /PORT/);
        return true;
      },
    );
  });

  it('reports DOWN when nothing listens', async () => {
    assert.equal(await healthStatus(`127.0.0.1:${await freePort()}`, '', 500), 'DOWN');
  });
});
