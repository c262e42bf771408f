// Records and events for store tests, built the way the pipeline builds them.
import { randomUUID } from 'node:crypto';
import { router } from '@superagent/proto';
import { initialCheckpoint, type TaskRecord } from '../../../src/store/task-record';

export function newRecord(overrides: Partial<router.SubmitFeatureRequest> = {}): TaskRecord {
  const taskId = randomUUID();
  const now = Date.now();
  return {
    task: router.Task.fromPartial({
      taskId,
      status: router.TaskStatus.QUEUED,
      stage: router.TaskStage.QUEUED,
      request: router.SubmitFeatureRequest.fromPartial({
        description: 'log in with a valid user',
        baseUrl: 'http://127.0.0.1:4173',
        ...overrides,
      }),
      createdUnixMs: now,
      updatedUnixMs: now,
      lastSequence: 1,
    }),
    checkpoint: initialCheckpoint(),
  };
}

export function event(
  record: TaskRecord,
  sequence: number,
  type: router.TaskEventType = router.TaskEventType.SUBMITTED,
): router.TaskEvent {
  return router.TaskEvent.fromPartial({
    taskId: record.task.taskId,
    sequence,
    type,
    timestampUnixMs: Date.now(),
    status: record.task.status,
    stage: record.task.stage,
  });
}

/** The record after one more transition that appended `count` events, and those events. */
export function advance(
  record: TaskRecord,
  count: number,
  type: router.TaskEventType = router.TaskEventType.ROUTED,
): { record: TaskRecord; events: router.TaskEvent[] } {
  const events = Array.from({ length: count }, (_, i) =>
    event(record, record.task.lastSequence + i + 1, type),
  );
  return {
    record: {
      task: { ...record.task, lastSequence: record.task.lastSequence + count, updatedUnixMs: Date.now() },
      checkpoint: { ...record.checkpoint, transition: record.checkpoint.transition + 1 },
    },
    events,
  };
}

/** Polls `fn` until it returns a non-empty array or `timeoutMs` passes. */
export async function pollFor<T>(fn: () => Promise<T[]>, timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await fn();
    if (got.length > 0 || Date.now() > deadline) return got;
    await new Promise((r) => setTimeout(r, 25));
  }
}
