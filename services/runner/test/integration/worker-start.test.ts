// Spec workers that cannot start: at start-up the runner fails with what the worker printed; later,
// replacements are retried after a pause that doubles with each failure and resets once one starts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { captureLogger } from '@superagent/logging';
import { workerReadPaths } from '../../src/runner-stack';
import { WorkerPool } from '../../src/pool/worker-pool';
import type { WorkerSpawnOptions } from '../../src/pool/worker-process';
import { testBrowserPool } from '../helpers/browser-pool';
import { waitUntil } from '../helpers/runner-harness';

const WORKER_SCRIPT = path.join(__dirname, '..', '..', 'src', 'worker', 'worker-main.js');
const MISSING_SCRIPT = path.join(os.tmpdir(), 'no-such-dir', 'worker-main.js');

/** Pids of this process's children running `script`. */
function childrenRunning(script: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return ppid === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(script);
      } catch {
        return false; // the process exited meanwhile
      }
    })
    .map(Number);
}

describe('WorkerPool start failures', () => {
  const browsers = testBrowserPool('worker-start', { contextsPerBrowser: 2, recycleAfter: 100 });
  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'worker-start-'));
  after(async () => {
    await browsers.close();
    fs.rmSync(scratchRoot, { recursive: true, force: true });
  });

  const pool = (spawn: WorkerSpawnOptions, logger = captureLogger().logger): WorkerPool =>
    new WorkerPool({
      size: 1,
      maxRunsPerWorker: 10,
      spawn,
      browsers: browsers.pool,
      extraOrigins: [],
      logger,
      respawnDelayMs: 100,
    });
  const spawnOptions = (script: string): WorkerSpawnOptions => ({
    script,
    scratchRoot,
    maxOldSpaceMb: 256,
    readPaths: workerReadPaths(),
  });

  it('fails the start-up with what the worker printed', async () => {
    const workers = pool(spawnOptions(MISSING_SCRIPT));
    try {
      await assert.rejects(workers.start(), (err: Error) => {
        assert.match(err.message, /a spec worker did not start: .*Cannot find module/s);
        return true;
      });
      assert.equal(workers.stats().workers, 0, 'the failed worker is not kept');
    } finally {
      await workers.close();
    }
  });

  it('retries a replacement that does not start after doubling pauses, and resets once one starts', async () => {
    await browsers.pool.start();
    const spawn = spawnOptions(WORKER_SCRIPT);
    const { logger, lines } = captureLogger('worker-pool');
    const workers = pool(spawn, logger);
    const failedStarts = (): number[] =>
      lines.filter((l) => l.msg === 'worker did not start').map((l) => Number(l.retryInMs));
    const killWorker = (): void => {
      const pids = childrenRunning(WORKER_SCRIPT);
      assert.equal(pids.length, 1, 'one worker process runs');
      process.kill(pids[0] as number, 'SIGKILL');
    };
    try {
      await workers.start();
      await waitUntil(() => workers.stats().idle === 1, 30_000, 'the worker to be idle');

      // The worker dies; its replacements cannot load their code.
      spawn.script = MISSING_SCRIPT;
      killWorker();
      await waitUntil(() => failedStarts().length >= 4, 30_000, 'four failed starts');
      assert.deepEqual(failedStarts().slice(0, 4), [100, 200, 400, 800]);
      assert.equal(workers.stats().crashes, 1, 'a replacement that never started is not a crash');

      // Fixed: the next attempt starts, and the pause starts over after the next failure.
      spawn.script = WORKER_SCRIPT;
      await waitUntil(() => workers.stats().idle === 1, 30_000, 'a replacement to start');
      const before = failedStarts().length;
      spawn.script = MISSING_SCRIPT;
      killWorker();
      await waitUntil(() => failedStarts().length > before, 30_000, 'the next failed start');
      assert.equal(failedStarts()[before], 100);
    } finally {
      await workers.close();
    }
  });
});
