// The embedded task store: everything in this process (the `npm run demo` default). Same semantics
// as the Redis store (ownership, leases, idempotency, TTLs), so one contract suite covers both; it
// just cannot outlive the process.
import { EventEmitter, once } from 'node:events';
import type { router } from '@superagent/proto';
import { cloneRecord, type TaskRecord } from './task-record';
import {
  LostOwnershipError,
  TaskConflictError,
  TaskGoneError,
  type Claim,
  type ClaimedTask,
  type CreateTaskInput,
  type CreateTaskResult,
  type TaskStore,
  type TaskStoreOptions,
} from './task-store';

interface StoredTask {
  record: TaskRecord;
  events: router.TaskEvent[];
  owner: string;
  idempotencyKey?: string;
  expiresAt: number;
}

interface QueueEntry {
  entryId: string;
  taskId: string;
  consumer?: string;
  renewedAt: number;
}

export function createMemoryTaskStore(options: TaskStoreOptions): TaskStore {
  const now = options.now ?? Date.now;
  const tasks = new Map<string, StoredTask>();
  const idempotency = new Map<string, { taskId: string; expiresAt: number }>();
  const queue: QueueEntry[] = [];
  const signals = new EventEmitter();
  signals.setMaxListeners(0);
  let entrySeq = 0;
  let closed = false;

  const live = (taskId: string): StoredTask | undefined => {
    const t = tasks.get(taskId);
    if (t && t.expiresAt <= now()) {
      tasks.delete(taskId);
      return undefined;
    }
    return t;
  };
  // A key that cannot collide: tenant and key are kept apart structurally, not by a separator.
  const idemKey = (tenantId: string, key: string): string => JSON.stringify([tenantId, key]);

  // Expired entries would otherwise stay until touched; sweep now and then without holding the process.
  const sweeper = setInterval(() => {
    const t = now();
    for (const [id, task] of tasks) if (task.expiresAt <= t) tasks.delete(id);
    for (const [key, entry] of idempotency) if (entry.expiresAt <= t) idempotency.delete(key);
  }, 60_000);
  sweeper.unref();

  function takeEntries(consumer: string, max: number): ClaimedTask[] {
    const t = now();
    const out: ClaimedTask[] = [];
    // Stale claims first (their owner died), then never-claimed entries, in queue order.
    const stale = queue.filter((e) => e.consumer !== undefined && t - e.renewedAt >= options.leaseMs);
    const fresh = queue.filter((e) => e.consumer === undefined);
    for (const entry of [...stale, ...fresh]) {
      if (out.length >= max) break;
      const task = live(entry.taskId);
      if (!task) {
        queue.splice(queue.indexOf(entry), 1);
        continue;
      }
      entry.consumer = consumer;
      entry.renewedAt = t;
      task.owner = consumer;
      out.push({ claim: { taskId: entry.taskId, entryId: entry.entryId }, record: cloneRecord(task.record) });
    }
    return out;
  }

  return {
    async create(input: CreateTaskInput): Promise<CreateTaskResult> {
      const taskId = input.record.task.taskId;
      // The same call repeated (its first answer was lost): the task exists already.
      if (live(taskId)) return { taskId, created: true };
      let key: string | undefined;
      if (input.idempotency) {
        key = idemKey(input.idempotency.tenantId, input.idempotency.key);
        const existing = idempotency.get(key);
        if (existing && existing.expiresAt > now()) return { taskId: existing.taskId, created: false };
      }
      const expiresAt = now() + options.ttlMs;
      if (key !== undefined) idempotency.set(key, { taskId, expiresAt });
      tasks.set(taskId, {
        record: cloneRecord(input.record),
        events: [input.event],
        owner: '',
        ...(key === undefined ? {} : { idempotencyKey: key }),
        expiresAt,
      });
      queue.push({ entryId: String(++entrySeq), taskId, renewedAt: now() });
      signals.emit('enqueued');
      return { taskId, created: true };
    },

    async get(taskId) {
      const t = live(taskId);
      return t ? cloneRecord(t.record) : undefined;
    },

    async commit(taskId, owner, record, events) {
      const t = live(taskId);
      if (!t) throw new TaskGoneError(taskId);
      if (t.owner !== owner) throw new LostOwnershipError(taskId);
      const transition = record.checkpoint.transition;
      const stored = t.record.checkpoint.transition;
      if (stored === transition) return; // already applied
      if (stored !== transition - 1) {
        throw new TaskConflictError(`task ${taskId}: transition ${transition} after stored ${stored}`);
      }
      if (record.task.lastSequence !== t.record.task.lastSequence + events.length) {
        throw new TaskConflictError(
          `task ${taskId}: record sequence ${record.task.lastSequence} does not follow the events`,
        );
      }
      let seq = t.record.task.lastSequence;
      for (const e of events) {
        if (e.sequence !== ++seq)
          throw new TaskConflictError(`task ${taskId}: event sequence ${e.sequence}, expected ${seq}`);
      }
      t.record = cloneRecord(record);
      t.events.push(...events);
      t.expiresAt = now() + options.ttlMs;
      if (t.idempotencyKey !== undefined) {
        const idem = idempotency.get(t.idempotencyKey);
        if (idem) idem.expiresAt = t.expiresAt;
      }
      signals.emit(`events:${taskId}`);
    },

    async events(taskId, afterSequence, limit) {
      const t = live(taskId);
      if (!t) return [];
      return t.events.filter((e) => e.sequence > afterSequence).slice(0, limit);
    },

    async waitForEvents(taskId, afterSequence, timeoutMs, signal) {
      const t = live(taskId);
      if (!t || t.record.task.lastSequence > afterSequence) return;
      await wait(signals, `events:${taskId}`, timeoutMs, signal);
    },

    async claim(consumer, max, blockMs) {
      if (max <= 0 || closed) return [];
      const first = takeEntries(consumer, max);
      if (first.length > 0 || blockMs <= 0) return first;
      await wait(signals, 'enqueued', blockMs, undefined, () => closed);
      return closed ? [] : takeEntries(consumer, max);
    },

    async renew(consumer, claims) {
      const lost: Claim[] = [];
      for (const c of claims) {
        const entry = queue.find((e) => e.entryId === c.entryId);
        const task = live(c.taskId);
        if (!entry || !task || task.owner !== consumer) {
          lost.push(c);
          continue;
        }
        entry.consumer = consumer;
        entry.renewedAt = now();
      }
      return lost;
    },

    async ack(claim) {
      const i = queue.findIndex((e) => e.entryId === claim.entryId);
      if (i >= 0) queue.splice(i, 1);
    },

    isReady: () => !closed,

    async close() {
      closed = true;
      clearInterval(sweeper);
      signals.emit('enqueued');
    },
  };
}

/** Waits for `event`, at most `timeoutMs`, or until `signal` aborts; never rejects. */
async function wait(
  emitter: EventEmitter,
  event: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  stop?: () => boolean,
): Promise<void> {
  if (stop?.()) return;
  // A referenced timer, not AbortSignal.timeout (whose timer is unref'd): a caller blocked here
  // must keep the process alive, as a blocking Redis read does.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), Math.max(0, timeoutMs));
  const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  try {
    await once(emitter, event, { signal: combined });
  } catch {
    // Timed out or aborted: the caller re-reads either way.
  } finally {
    clearTimeout(timer);
  }
}
