// Where pipeline tasks live: the record, its ordered event history, the idempotency index and the
// work queue. Two backends pass one contract suite: memory (the embedded default, one process) and
// Redis (production: tasks survive the router process and are handed over between instances).
import type { router } from '@superagent/proto';
import type { TaskRecord } from './task-record';

/** A queue entry held by one consumer (a router worker) until it is acknowledged. */
export interface Claim {
  taskId: string;
  /** Opaque queue entry id. */
  entryId: string;
}

export interface ClaimedTask {
  claim: Claim;
  /** The record as it stood when this consumer took ownership. */
  record: TaskRecord;
}

export interface CreateTaskInput {
  record: TaskRecord;
  /** The first event (sequence 1, SUBMITTED). */
  event: router.TaskEvent;
  /** Per-tenant idempotency key; a repeat returns the existing task id. */
  idempotency?: { tenantId: string; key: string };
}

export interface CreateTaskResult {
  taskId: string;
  created: boolean;
}

export interface TaskStore {
  /**
   * Stores a new task (record, first event, queue entry) unless the idempotency key exists.
   * Repeating the call for the same task id (after a lost answer) is a no-op answering created.
   */
  create(input: CreateTaskInput): Promise<CreateTaskResult>;
  /** The record, or undefined when unknown or expired. */
  get(taskId: string): Promise<TaskRecord | undefined>;
  /**
   * Replaces the record and appends `events` (sequences lastSequence+1.. of the stored record) as one
   * atomic step, only while `owner` owns the task; acknowledged after replication when configured.
   * Committing the same transition twice (a retry after an unconfirmed acknowledgement) is a no-op.
   */
  commit(
    taskId: string,
    owner: string,
    record: TaskRecord,
    events: readonly router.TaskEvent[],
  ): Promise<void>;
  /** Events with sequence > afterSequence, in order, at most `limit`. */
  events(taskId: string, afterSequence: number, limit: number): Promise<router.TaskEvent[]>;
  /**
   * Resolves when an event after `afterSequence` may exist, after `timeoutMs` at the latest, or when
   * `signal` aborts. A hint only: callers re-read with `events`.
   */
  waitForEvents(taskId: string, afterSequence: number, timeoutMs: number, signal: AbortSignal): Promise<void>;
  /**
   * Takes up to `max` tasks for `consumer`: first tasks whose previous owner stopped renewing for
   * longer than the lease, then new ones, waiting up to `blockMs` for new ones. The consumer becomes
   * the owner of each returned task (earlier owners' commits fail from then on). Entries whose record
   * expired are acknowledged and skipped.
   */
  claim(consumer: string, max: number, blockMs: number): Promise<ClaimedTask[]>;
  /** Keeps the consumer's claims alive; returns the claims it no longer owns. */
  renew(consumer: string, claims: readonly Claim[]): Promise<Claim[]>;
  /** Removes a finished task's queue entry. */
  ack(claim: Claim): Promise<void>;
  /** Whether the backend can take writes now (readiness). */
  isReady(): boolean;
  /** Stops background work and interrupts a blocked `claim`; does not close a caller-owned connection. */
  close(): Promise<void>;
}

/** The caller no longer owns the task: another worker took it over. Stop working on it. */
export class LostOwnershipError extends Error {
  override readonly name = 'LostOwnershipError';
  constructor(readonly taskId: string) {
    super(`task ${taskId}: owned by another worker now`);
  }
}

/** The stored task changed under the caller in a way ownership does not explain (a bug, or data loss). */
export class TaskConflictError extends Error {
  override readonly name = 'TaskConflictError';
}

/** The task record is gone (expired). */
export class TaskGoneError extends Error {
  override readonly name = 'TaskGoneError';
  constructor(readonly taskId: string) {
    super(`task ${taskId}: record expired or deleted`);
  }
}

/** The backend cannot take the operation now (Redis down, write not replicated): retry later. */
export class TaskStoreUnavailableError extends Error {
  override readonly name = 'TaskStoreUnavailableError';
  /** grpc.status.UNAVAILABLE, for the server's error mapping. */
  readonly grpcCode = 14;
}

export interface TaskStoreOptions {
  /** Lifetime of a task's record, events and idempotency key, refreshed on every commit. */
  ttlMs: number;
  /** A claim not renewed for this long may be taken by another consumer. */
  leaseMs: number;
  now?: () => number;
}
