// The router's pipeline workers: take tasks from the store's queue (new ones, and ones whose worker
// died), run them stage by stage committing each transition, renew their leases while working,
// and stop at once when another worker has taken a task over.
import type { Logger } from '@superagent/logging';
import type { TaskRecord } from '../store/task-record';
import {
  LostOwnershipError,
  TaskConflictError,
  TaskGoneError,
  TaskStoreUnavailableError,
  type Claim,
  type ClaimedTask,
  type TaskStore,
} from '../store/task-store';
import type { Transition } from './draft';
import { sleep, untilWokenOrAborted } from './sleep';
import { inStageSpan, recordFinished } from './telemetry';
import { aborted, failedUnexpectedly } from './transitions';

const INTERNAL_ERROR = 'internal error in the router pipeline';

export interface WorkerOptions {
  /** Unique per process: names this worker in the queue's consumer group. */
  consumer: string;
  concurrency: number;
  leaseMs: number;
  /** How long one claim call waits for new work. */
  blockMs?: number;
  logger: Logger;
  now?: () => number;
}

export type StageRunner = (record: TaskRecord, signal: AbortSignal) => Promise<Transition>;

export interface PipelineWorkers {
  /** Tasks being worked on now. */
  active(): number;
  /**
   * Takes no more tasks from the queue (the shutdown has begun: other instances take them at
   * once, instead of a lease after this one abandoned them); running tasks carry on. Resolves once
   * no claim is in progress any more (a claim in progress still starts what it took).
   */
  stopTaking(): Promise<void>;
  /**
   * Stops taking work, lets running tasks finish for up to `graceMs`, then abandons the rest
   * without acknowledging them (another instance resumes them once their lease runs out). Does not
   * wait for a claim still blocked in the store: closing the store ends it (see `stopped`).
   */
  stop(graceMs: number): Promise<void>;
  /** Resolves when the claim loop has ended (after stop/stopTaking, once its last claim returned). */
  readonly stopped: Promise<void>;
}

interface Running {
  claim: Claim;
  controller: AbortController;
  done: Promise<void>;
}

export function startPipelineWorkers(
  store: TaskStore,
  runStage: StageRunner,
  options: WorkerOptions,
): PipelineWorkers {
  const log = options.logger.child({ component: 'pipeline-worker', consumer: options.consumer });
  const now = options.now ?? Date.now;
  const blockMs = options.blockMs ?? 1_000;
  const running = new Map<string, Running>();
  /** Aborted when the workers take no more tasks. */
  const stopping = new AbortController();
  /** Set once the grace is over: tasks a late claim returns are not started (their lease runs out). */
  let closing = false;
  let slotFreed: () => void = () => undefined;

  /** Commits, retrying while the store is unavailable (e.g. a Sentinel failover) and we still own the task. */
  async function commit(taskId: string, t: Transition, signal: AbortSignal): Promise<void> {
    for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        await store.commit(taskId, options.consumer, t.record, t.events);
        return;
      } catch (err) {
        if (!(err instanceof TaskStoreUnavailableError) || signal.aborted) throw err;
        log.warn(
          { taskId, err: err.message, retryInMs: wait },
          'task store unavailable; retrying the commit',
        );
        await sleep(wait, signal);
        signal.throwIfAborted();
      }
    }
  }

  /**
   * True for the failures a worker expects (shutdown, a takeover, the store away or out of step):
   * those leave the task to whoever owns it next. Anything else is a bug or a corrupt record.
   */
  function isExpected(err: unknown, signal: AbortSignal): boolean {
    return (
      signal.aborted ||
      err instanceof LostOwnershipError ||
      err instanceof TaskGoneError ||
      err instanceof TaskConflictError ||
      err instanceof TaskStoreUnavailableError
    );
  }

  async function work(claimed: ClaimedTask, signal: AbortSignal): Promise<void> {
    const { claim } = claimed;
    let record = claimed.record;
    const taskLog = log.child({ taskId: claim.taskId });
    if (record.checkpoint.transition > 0 && record.checkpoint.phase !== 'done') {
      taskLog.info(
        { phase: record.checkpoint.phase, attempt: record.checkpoint.attempt },
        'resuming a task taken over from another worker',
      );
    }
    try {
      while (record.checkpoint.phase !== 'done') {
        const current = record;
        let t: Transition;
        try {
          t = await inStageSpan(current, () => runStage(current, signal));
        } catch (err) {
          if (isExpected(err, signal)) throw err;
          // A bug in a stage: end the task visibly instead of retrying it forever, settling first
          // what its attempt holds or spent (a reservation left to expire would block the budget).
          taskLog.error(
            { err, phase: current.checkpoint.phase },
            'stage failed unexpectedly; ending the task',
          );
          t = failedUnexpectedly(current, INTERNAL_ERROR, now());
        }
        await commit(claim.taskId, t, signal);
        record = t.record;
        if (record.checkpoint.phase === 'done') recordFinished(record);
      }
      await store.ack(claim);
    } catch (err) {
      if (err instanceof LostOwnershipError) {
        taskLog.info('task taken over by another worker; stopped');
      } else if (err instanceof TaskGoneError) {
        taskLog.warn('task record expired; dropped');
        await store.ack(claim).catch(() => undefined);
      } else if (err instanceof TaskConflictError) {
        // The store holds another transition than this worker's copy: a Sentinel failover lost a
        // write the store had not confirmed. Ending the task here would fail the same way and
        // leave it unfinished for good; instead the claim is left to expire and whoever takes it
        // next resumes from what the store holds.
        taskLog.warn({ err: err.message }, 'task state differs from the store; left to resume from it');
      } else if (isExpected(err, signal)) {
        // Shutdown, or the store stayed away: leave the claim to expire; a worker resumes it.
        taskLog.info(
          { err: err instanceof Error ? err.message : String(err) },
          'task left for another worker',
        );
      } else {
        // A corrupt record or a failing store write: end the task as it is.
        taskLog.error({ err }, 'task failed unexpectedly; ending it with ERROR');
        try {
          const end = aborted(record, INTERNAL_ERROR, now());
          await store.commit(claim.taskId, options.consumer, end.record, end.events);
        } catch (commitErr) {
          taskLog.error({ err: commitErr }, 'could not record the failure');
        }
        await store.ack(claim).catch(() => undefined);
      }
    }
  }

  function start(claimed: ClaimedTask): void {
    const controller = new AbortController();
    const entry: Running = {
      claim: claimed.claim,
      controller,
      done: work(claimed, controller.signal).finally(() => {
        running.delete(claimed.claim.entryId);
        slotFreed();
      }),
    };
    running.set(claimed.claim.entryId, entry);
  }

  const heartbeat = setInterval(
    () => {
      const claims = [...running.values()].map((r) => r.claim);
      if (claims.length === 0) return;
      store.renew(options.consumer, claims).then(
        (lost) => {
          for (const c of lost) running.get(c.entryId)?.controller.abort(new LostOwnershipError(c.taskId));
        },
        (err: unknown) =>
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'lease renewal failed'),
      );
    },
    Math.max(100, Math.floor(options.leaseMs / 3)),
  );

  async function loop(): Promise<void> {
    let backoff = 100;
    while (!stopping.signal.aborted) {
      const free = options.concurrency - running.size;
      if (free <= 0) {
        const { woken, wake } = untilWokenOrAborted(stopping.signal);
        slotFreed = wake;
        await woken;
        continue;
      }
      try {
        const claimed = await store.claim(options.consumer, free, blockMs);
        backoff = 100;
        for (const c of claimed) {
          if (closing) break; // not started: its lease runs out and another instance takes it
          // Handed out again to this very process: its lease ran out while the store was away (a
          // Sentinel failover), and the worker already on it still owns it under this consumer
          // name. A second one would race it unseen by the store's ownership fence.
          if (running.has(c.claim.entryId)) continue;
          start(c);
        }
      } catch (err) {
        log.warn(
          { err: err instanceof Error ? err.message : String(err), retryInMs: backoff },
          'could not take work from the queue',
        );
        await sleep(backoff, stopping.signal);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  const looping = loop();

  /** Resolves when no task runs (tasks a claim in progress starts meanwhile included). */
  async function idle(): Promise<void> {
    while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
  }

  return {
    active: () => running.size,
    stopped: looping,
    async stopTaking() {
      stopping.abort();
      await looping;
    },
    async stop(graceMs) {
      stopping.abort();
      // The grace starts now, not after a claim blocked in the store returns.
      const graceOver = new AbortController();
      await Promise.race([idle(), sleep(graceMs, graceOver.signal)]);
      graceOver.abort();
      closing = true;
      for (const r of running.values()) r.controller.abort(new Error('router shutting down'));
      await idle();
      clearInterval(heartbeat);
    },
  };
}
