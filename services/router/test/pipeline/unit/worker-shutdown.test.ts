import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@superagent/logging';
import { aborted } from '../../../src/pipeline/transitions';
import { startPipelineWorkers } from '../../../src/pipeline/worker';
import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import type { TaskRecord } from '../../../src/store/task-record';
import { event, newRecord } from '../support/records';

// A router that is shutting down keeps its running tasks going while its server drains, but takes
// no new ones: they would be cut off at the end of the grace and wait out a lease before another
// router could resume them (with whatever call was in flight done again).

test('once the shutdown begins no new task is taken (another consumer gets it); a running one finishes', async () => {
  const store = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: 60_000 });
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started: () => void = () => undefined;
  const running = new Promise<void>((resolve) => (started = resolve));
  const workers = startPipelineWorkers(
    store,
    async (record: TaskRecord) => {
      started();
      await gate;
      return aborted(record, 'finished by the test', Date.now());
    },
    { consumer: 'leaving', concurrency: 4, leaseMs: 60_000, blockMs: 20, logger: silentLogger() },
  );
  try {
    const first = newRecord();
    await store.create({ record: first, event: event(first, 1) });
    await running;

    await workers.stopTaking();
    const second = newRecord();
    await store.create({ record: second, event: event(second, 1) });
    const taken = await store.claim('staying', 4, 0);
    assert.deepEqual(
      taken.map((c) => c.claim.taskId),
      [second.task.taskId],
      'the new task is there for another router at once',
    );

    release();
    await workers.stop(60_000);
    assert.equal((await store.get(first.task.taskId))?.checkpoint.phase, 'done', 'the running task finished');
  } finally {
    release();
    await workers.stop(0);
    await store.close();
  }
});
