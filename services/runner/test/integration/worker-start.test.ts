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

  const pool = (spawn: WorkerSpawnOptions, logger = captureLogger().logger, size = 1): WorkerPool =>
    new WorkerPool({
      size,
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

  it('retries replacements that do not start after doubling pauses, once per round, and resets once one starts', async () => {
    await browsers.pool.start();
    const spawn = spawnOptions(WORKER_SCRIPT);
    const { logger, lines } = captureLogger('worker-pool');
    const workers = pool(spawn, logger, 2);
    const failedStarts = (): number[] =>
      lines.filter((l) => l.msg === 'worker did not start').map((l) => Number(l.retryInMs));
    const killWorkers = (): void => {
      const pids = childrenRunning(WORKER_SCRIPT);
      assert.equal(pids.length, 2, 'both worker processes run');
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    };
    try {
      await workers.start();
      await waitUntil(() => workers.stats().idle === 2, 30_000, 'the workers to be idle');

      // The workers die; their replacements cannot load their code.
      spawn.script = MISSING_SCRIPT;
      killWorkers();
      await waitUntil(() => failedStarts().length >= 6, 30_000, 'three rounds of failed starts');
      // The pause doubles with each round; the two workers failing in one round count once (how
      // their failures fall into rounds depends on timing: 100, 100, 200, 200, … on a quiet machine,
      // 100, 200, 200, 400, … when one replacement fails after the other's pause has run out).
      const pauses = failedStarts().slice(0, 6);
      assert.equal(pauses[0], 100, pauses.join(', '));
      for (let i = 1; i < pauses.length; i++)
        assert.ok([pauses[i - 1], 2 * (pauses[i - 1] ?? 0)].includes(pauses[i]), pauses.join(', '));
      for (const pause of new Set(pauses))
        assert.ok(pauses.filter((p) => p === pause).length <= 2, `one round per pause: ${pauses.join(', ')}`);
      assert.ok((pauses[5] ?? 0) >= 400, pauses.join(', '));
      assert.ok(
        pauses.some((p, i) => pauses.indexOf(p) !== i),
        `two failures of one round share a pause: ${pauses.join(', ')}`,
      );
      assert.equal(workers.stats().crashes, 2, 'a replacement that never started is not a crash');

      // Fixed: the next attempt starts, and the pause starts over after the next failure.
      spawn.script = WORKER_SCRIPT;
      await waitUntil(() => workers.stats().idle === 2, 30_000, 'the replacements to start');
      const before = failedStarts().length;
      spawn.script = MISSING_SCRIPT;
      killWorkers();
      await waitUntil(() => failedStarts().length > before, 30_000, 'the next failed start');
      assert.equal(failedStarts()[before], 100);
    } finally {
      await workers.close();
    }
  });

  it('backs off when a replacement cannot even be spawned, and keeps serving', async () => {
    const spawn = spawnOptions(WORKER_SCRIPT);
    const { logger, lines } = captureLogger('worker-pool');
    const workers = pool(spawn, logger);
    const notAFolder = path.join(scratchRoot, 'a-file');
    fs.writeFileSync(notAFolder, '');
    try {
      await workers.start();
      await waitUntil(() => workers.stats().idle === 1, 30_000, 'the worker to be idle');
      // Its scratch directory cannot be made: spawning throws before any process exists.
      spawn.scratchRoot = notAFolder;
      for (const pid of childrenRunning(WORKER_SCRIPT)) process.kill(pid, 'SIGKILL');
      await waitUntil(
        () => lines.filter((l) => l.msg === 'worker did not start').length >= 2,
        30_000,
        'two failed spawns',
      );
      const failure = lines.find((l) => l.msg === 'worker did not start');
      assert.match(String(failure?.output), /could not spawn: .*EEXIST/);
      assert.equal(failure?.retryInMs, 100);
      spawn.scratchRoot = scratchRoot;
      await waitUntil(() => workers.stats().idle === 1, 30_000, 'a replacement to start');
    } finally {
      await workers.close();
    }
  });
});
