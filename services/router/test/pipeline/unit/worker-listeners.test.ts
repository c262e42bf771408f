import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { silentLogger } from '@superagent/logging';
import { aborted } from '../../../src/pipeline/transitions';
import { startPipelineWorkers } from '../../../src/pipeline/worker';
import { createMemoryTaskStore } from '../../../src/store/memory-task-store';
import type { TaskRecord } from '../../../src/store/task-record';
import { event, newRecord } from '../support/records';

// The workers live as long as the process. Whatever they wait on must not leave something behind
// per task: a router that is busy (every slot taken) waits for a free slot after each task.

const TASKS = 60;

/**
 * Every AbortSignal that is given an 'abort' listener while `fn` runs (the listeners themselves
 * are added as usual): to count, afterwards, what is still attached.
 */
async function watchingAbortListeners(fn: () => Promise<void>): Promise<Set<AbortSignal>> {
  const signals = new Set<AbortSignal>();
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    ...args: Parameters<EventTarget['addEventListener']>
  ): void {
    if (this instanceof AbortSignal && args[0] === 'abort') signals.add(this);
    original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    EventTarget.prototype.addEventListener = original;
  }
  return signals;
}

test('a busy worker pool leaves no abort listener behind per task', async () => {
  const store = createMemoryTaskStore({ ttlMs: 60_000, leaseMs: 60_000 });
  let finished = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  let workers: ReturnType<typeof startPipelineWorkers> | undefined;
  const signals = await watchingAbortListeners(async () => {
    workers = startPipelineWorkers(
      store,
      async (record: TaskRecord) => {
        if (++finished === TASKS) allDone();
        return aborted(record, 'finished by the test', Date.now());
      },
      // One slot: after every task the loop waits for the slot to free up.
      { consumer: 'busy', concurrency: 1, leaseMs: 60_000, blockMs: 20, logger: silentLogger() },
    );
    for (let i = 0; i < TASKS; i++) {
      const record = newRecord();
      await store.create({ record, event: event(record, 1) });
    }
    await done;
  });
  try {
    const attached = [...signals].filter((s) => !s.aborted).map((s) => getEventListeners(s, 'abort').length);
    assert.ok(
      Math.max(0, ...attached) < 5,
      `abort listeners still attached to one signal after ${TASKS} tasks: ${Math.max(...attached)}`,
    );
  } finally {
    await workers?.stop(1_000);
    await store.close();
  }
});
