import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@superagent/logging';
import type { Transition } from '../../../src/pipeline/draft';
import { startPipelineWorkers } from '../../../src/pipeline/worker';
import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import type { TaskRecord } from '../../../src/store/task-record';
import { router } from '@superagent/proto';
import { TaskConflictError, TaskStoreUnavailableError, type TaskStore } from '../../../src/store/task-store';
import { advance, event, newRecord } from '../support/records';

// During a store outage a worker cannot renew its lease, so once the store is back the queue hands
// the task's entry out again — to the same process, under the same consumer name (the Redis store's
// XAUTOCLAIM does exactly this after a Sentinel failover). The worker still retrying its commit
// owns the task; a second worker started on the same entry would race it under the same name (the
// store cannot tell them apart), hit a conflict, end the task with ERROR and acknowledge its queue
// entry while the record stays unfinished — a task stuck for good. Found by
// test/integration/sentinel-failover.test.ts ("RUNNING/COMMITTING … updated 42076 ms ago").

const LEASE_MS = 200;
const STEPS = 3;

/**
 * Runs `store`'s queue with workers of `runStage` until the task is done in `base` (or 10 s pass),
 * then stops them and closes `base`; returns the stored record for the caller's assertions.
 */
async function workUntilDone(
  base: TaskStore,
  store: TaskStore,
  taskId: string,
  runStage: (record: TaskRecord) => Promise<Transition>,
  concurrency: number,
): Promise<TaskRecord | undefined> {
  const workers = startPipelineWorkers(store, runStage, {
    consumer: 'router-1',
    concurrency,
    leaseMs: LEASE_MS,
    blockMs: 20,
    logger: silentLogger(),
  });
  try {
    const deadline = Date.now() + 10_000;
    let stored = await base.get(taskId);
    while (stored?.checkpoint.phase !== 'done' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await base.get(taskId);
    }
    return stored;
  } finally {
    await workers.stop(1_000);
    await base.close();
  }
}

test('an entry handed out again to its own process during an outage is not worked on twice', async () => {
  const base = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: LEASE_MS });
  let outage = false;
  const unavailable = (): TaskStoreUnavailableError => new TaskStoreUnavailableError('redis: outage');
  // The real memory store, with writes and lease renewals failing while `outage` is on.
  const store: TaskStore = {
    ...base,
    commit: (...args) => (outage ? Promise.reject(unavailable()) : base.commit(...args)),
    renew: (...args) => (outage ? Promise.reject(unavailable()) : base.renew(...args)),
  };
  const rec = newRecord();
  await base.create({ record: rec, event: event(rec, 1) });

  const runs = new Map<number, number>();
  const runStage = async (record: TaskRecord): Promise<Transition> => {
    const n = record.checkpoint.transition;
    runs.set(n, (runs.get(n) ?? 0) + 1);
    if (n === 0) {
      // The store goes away for several leases while this first transition is being committed.
      outage = true;
      setTimeout(() => (outage = false), LEASE_MS * 5);
    }
    const next = advance(record, 1);
    if (n + 1 === STEPS) next.record.checkpoint.phase = 'done';
    return next;
  };
  const stored = await workUntilDone(base, store, rec.task.taskId, runStage, 4);
  assert.equal(stored?.checkpoint.phase, 'done', 'the task finished');
  assert.equal(stored?.checkpoint.transition, STEPS);
  assert.deepEqual(
    [...runs.entries()].sort(([a], [b]) => a - b),
    Array.from({ length: STEPS }, (_, i) => [i, 1]),
    'each stage ran once',
  );
});

// After a failover the store can hold an earlier transition than the worker's copy (a write it had
// not confirmed was lost). The worker's next commit then conflicts. Ending the task with ERROR
// would conflict the same way and, with its queue entry acknowledged, leave it unfinished for good
// (seen in the Sentinel failover test: "CONFLICT transition 2 after stored 0", task QUEUED for 50 s).
// The task must instead be taken again and resumed from what the store holds.
test('a commit that conflicts with the stored transition leaves the task to resume from the store', async () => {
  const base = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: LEASE_MS });
  let conflicts = 0;
  const store: TaskStore = {
    ...base,
    commit: (taskId, owner, record, events) => {
      if (record.checkpoint.transition === 2 && conflicts === 0) {
        conflicts++;
        return Promise.reject(new TaskConflictError(`task ${taskId}: CONFLICT transition 2 after stored 0`));
      }
      return base.commit(taskId, owner, record, events);
    },
  };
  const rec = newRecord();
  await base.create({ record: rec, event: event(rec, 1) });
  const runStage = async (record: TaskRecord): Promise<Transition> => {
    const next = advance(record, 1);
    if (record.checkpoint.transition + 1 === STEPS) next.record.checkpoint.phase = 'done';
    return next;
  };
  const stored = await workUntilDone(base, store, rec.task.taskId, runStage, 2);
  assert.equal(conflicts, 1);
  assert.equal(stored?.checkpoint.phase, 'done', 'the task finished');
  assert.equal(stored?.checkpoint.transition, STEPS, 'resumed and finished, not ended with ERROR');
  assert.notEqual(stored?.task.status, router.TaskStatus.ERROR);
});
