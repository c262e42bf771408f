// The load driver's end-of-life messages: a report far larger than the pipe buffer must arrive even
// though the worker disconnects and exits straight after sending it ("load worker exited with 0" was
// a report cancelled in the pipe by an early disconnect, or judged before it was read).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { sendToWorker, watchWorker } from '../src/load/ipc';

const FIXTURE = join(__dirname, 'fixtures', 'final-message-worker.js');

function start(mode: string, latencies = 0): ReturnType<typeof fork> {
  return fork(FIXTURE, [mode, String(latencies)], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    execArgv: [],
  });
}

test('a multi-megabyte report sent just before the worker exits is delivered whole', async () => {
  // 300k latencies ≈ 6 MB of JSON: a hundred times the pipe buffer, so most of it is still queued
  // when the worker finishes sending.
  for (let round = 0; round < 3; round++) {
    const child = start('large-report', 300_000);
    const watch = watchWorker(child);
    child.send({ type: 'start' });
    await watch.ready;
    const report = await watch.report;
    assert.equal(report.latenciesMs.length, 300_000);
    assert.equal(report.latenciesMs[299_999], 299_999.123456789);
    assert.deepEqual(report.statusCodes, { OK: 300_000 });
  }
});

test('a worker that exits cleanly without a report is a failure that names its exit', async () => {
  const child = start('silent-exit');
  const watch = watchWorker(child);
  child.send({ type: 'start' });
  await assert.rejects(watch.report, /ended without a report \(exit code 0, signal none\)/);
  await assert.rejects(watch.ready, /ended without a report/);
});

test('a worker that dies before it is ready fails the wait for readiness instead of hanging it', async () => {
  const child = start('crash');
  const watch = watchWorker(child);
  child.send({ type: 'start' });
  await assert.rejects(watch.ready, /ended without a report \(exit code 1/);
  await assert.rejects(watch.report, /ended without a report/);
});

test('writing to a worker that already died does not crash the driver; its close fails the run', async () => {
  const child = start('silent-exit');
  const watch = watchWorker(child);
  sendToWorker(child, { type: 'start' });
  await assert.rejects(watch.report, /ended without a report \(exit code 0/);
  // The channel is gone: more messages are dropped, not thrown or emitted as errors.
  sendToWorker(child, { type: 'start' });
});
