// The production task store: records and event streams in Redis (standalone or through Sentinel),
// a work queue as a Redis stream with a consumer group, and ownership fencing, so a second router
// instance takes over a task whose worker died and finishes it without doing a stage twice.
import type { Logger } from '@superagent/logging';
import { isCircuitOpenError, type TargetBreaker } from '@superagent/grpc';
import { connectionEpoch, requireReplicated, ReplicationError, type Redis } from '@superagent/redis';
import { eventsKey, idempotencyKey, notifyChannel, QUEUE_GROUP, QUEUE_KEY, taskKey } from './redis-keys';
import { ACQUIRE, COMMIT, CREATE, RENEW, runScript } from './redis-scripts';
import {
  decodeEvent,
  decodeRecord,
  encodeEvent,
  encodeRecord,
  RecordDecodeError,
  type TaskRecord,
} from './task-record';
import {
  LostOwnershipError,
  TaskConflictError,
  TaskGoneError,
  TaskStoreUnavailableError,
  type Claim,
  type ClaimedTask,
  type TaskStore,
  type TaskStoreOptions,
} from './task-store';

export interface RedisTaskStoreOptions extends TaskStoreOptions {
  /** Replicas that must confirm a write before it is acknowledged (0 = do not wait). */
  waitReplicas: number;
  /** How long to wait for them (must be below the connection's command timeout). */
  waitTimeoutMs: number;
  logger: Logger;
  /**
   * The `redis` circuit breaker every store call goes through (build it with countsAsStoreFailure):
   * while Redis is down calls fail fast as TaskStoreUnavailableError "circuit open". None when absent.
   */
  breaker?: TargetBreaker;
}

/**
 * Connection trouble and "not now" replies count; ownership, conflicts and a write that replicas
 * did not acknowledge in time do not (Redis answered: reads still work, the write fails either way).
 */
export function countsAsStoreFailure(err: unknown): boolean {
  return err instanceof TaskStoreUnavailableError && !(err.cause instanceof ReplicationError);
}

type StreamEntry = [id: string, fields: string[]];

function fieldOf(fields: readonly string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function isStreamEntry(value: unknown): value is StreamEntry {
  return Array.isArray(value) && typeof value[0] === 'string' && Array.isArray(value[1]);
}

/**
 * Entries of an XREAD/XREADGROUP reply for one stream: RESP2 answers `[[name, entries]]`, RESP3 a
 * map that arrives flattened as `[name, entries]`; nil when nothing arrived.
 */
function entriesOfRead(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const pair: unknown = typeof reply[0] === 'string' ? reply : reply[0];
  if (!Array.isArray(pair) || !Array.isArray(pair[1])) return [];
  return (pair[1] as unknown[]).filter(isStreamEntry);
}

/** Our own script errors keep their meaning; anything else from Redis means "not now". */
function mapError(err: unknown, taskId: string): Error {
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('NOTOWNER')) return new LostOwnershipError(taskId);
  if (message.startsWith('GONE')) return new TaskGoneError(taskId);
  if (message.startsWith('CONFLICT')) return new TaskConflictError(`task ${taskId}: ${message}`);
  if (err instanceof ReplicationError) return new TaskStoreUnavailableError(message, { cause: err });
  if (
    err instanceof TaskStoreUnavailableError ||
    err instanceof RecordDecodeError ||
    err instanceof RangeError
  )
    return err;
  return new TaskStoreUnavailableError(`redis: ${message}`, { cause: err });
}

export async function createRedisTaskStore(redis: Redis, options: RedisTaskStoreOptions): Promise<TaskStore> {
  const log = options.logger.child({ component: 'task-store' });
  // Blocking reads and subscriptions each need a connection of their own: a blocked or subscribed
  // connection cannot serve the commits that WAIT must follow on the connection that wrote.
  const blocking = redis.duplicate({ connectionName: `${redis.options.connectionName ?? 'router'}-queue` });
  const subscriber = redis.duplicate({
    connectionName: `${redis.options.connectionName ?? 'router'}-notify`,
  });
  blocking.on('error', (err: Error) => log.debug({ err: err.message }, 'queue connection error'));
  subscriber.on('error', (err: Error) => log.debug({ err: err.message }, 'notify connection error'));
  const waiters = new Map<string, Set<() => void>>();
  subscriber.on('message', (channel: string) => {
    for (const wake of waiters.get(channel) ?? []) wake();
  });
  let closed = false;
  const commandTimeout = redis.options.commandTimeout ?? 5000;

  /** Runs a store call through the breaker, with Redis errors mapped to the store's errors. */
  async function guarded<T>(taskId: string, op: () => Promise<T>): Promise<T> {
    const attempt = async (): Promise<T> => {
      try {
        return await op();
      } catch (err) {
        throw mapError(err, taskId);
      }
    };
    if (!options.breaker) return attempt();
    try {
      return await options.breaker.run(attempt);
    } catch (err) {
      if (isCircuitOpenError(err)) throw new TaskStoreUnavailableError('redis: circuit open', { cause: err });
      throw err;
    }
  }

  async function ensureGroup(): Promise<void> {
    try {
      await redis.xgroup('CREATE', QUEUE_KEY, QUEUE_GROUP, '0', 'MKSTREAM');
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
    }
  }

  /** `epoch`: connectionEpoch before the writes being acknowledged. */
  async function replicated(epoch: number): Promise<void> {
    if (options.waitReplicas > 0)
      await requireReplicated(redis, options.waitReplicas, options.waitTimeoutMs, epoch);
  }

  /** Owner-ship for each entry; entries whose task expired are dropped from the queue. */
  async function acquireAll(consumer: string, entries: StreamEntry[]): Promise<ClaimedTask[]> {
    const out: ClaimedTask[] = [];
    for (const [entryId, fields] of entries) {
      const taskId = fieldOf(fields, 't');
      const json =
        taskId === undefined ? null : await runScript(redis, ACQUIRE, [taskKey(taskId)], [consumer]);
      if (taskId === undefined || typeof json !== 'string') {
        await redis.multi().xack(QUEUE_KEY, QUEUE_GROUP, entryId).xdel(QUEUE_KEY, entryId).exec();
        continue;
      }
      let record: TaskRecord;
      try {
        record = decodeRecord(json);
      } catch (err) {
        if (!(err instanceof RecordDecodeError)) throw err;
        // One unreadable record (a newer router's schema during a rolling deploy, or damage) must
        // not fail the whole claim: the entries with it would be handed out together again and
        // again, and never run. It stays queued, for a router that can read it, until it expires.
        log.error({ taskId, entryId, err: err.message }, 'task record unreadable here; left in the queue');
        continue;
      }
      out.push({ claim: { taskId, entryId }, record });
    }
    // No WAIT here: ownership is only a fence, and the owner's first commit WAITs for everything
    // written on this connection before it. An entry delivered but not returned (an error above)
    // is taken again once its lease runs out.
    return out;
  }

  async function readGroup(consumer: string, count: number, blockMs: number): Promise<StreamEntry[]> {
    const args: (string | number)[] = ['GROUP', QUEUE_GROUP, consumer, 'COUNT', count];
    // A blocked command still counts against the connection's command timeout.
    const block = Math.min(blockMs, commandTimeout - 500);
    if (block > 0) args.push('BLOCK', block);
    args.push('STREAMS', QUEUE_KEY, '>');
    return entriesOfRead(await blocking.call('XREADGROUP', ...args));
  }

  async function autoclaim(consumer: string, count: number): Promise<StreamEntry[]> {
    const reply: unknown = await redis.call(
      'XAUTOCLAIM',
      QUEUE_KEY,
      QUEUE_GROUP,
      consumer,
      options.leaseMs,
      '0-0',
      'COUNT',
      count,
    );
    if (!Array.isArray(reply) || !Array.isArray(reply[1])) return [];
    return (reply[1] as unknown[]).filter(isStreamEntry);
  }

  /**
   * Every router process joins the group under a fresh name, so names of processes long gone pile
   * up. Now and then, drop the ones that hold nothing and have been idle for many leases.
   */
  let nextCleanup = 0;
  async function forgetIdleConsumers(): Promise<void> {
    const now = Date.now();
    if (now < nextCleanup) return;
    nextCleanup = now + options.leaseMs * 10;
    const reply: unknown = await redis.call('XINFO', 'CONSUMERS', QUEUE_KEY, QUEUE_GROUP);
    if (!Array.isArray(reply)) return;
    for (const entry of reply as unknown[]) {
      if (!Array.isArray(entry)) continue;
      const fields = entry.map(String);
      const name = fieldOf(fields, 'name');
      if (name === undefined || fieldOf(fields, 'pending') !== '0') continue;
      if (Number(fieldOf(fields, 'idle')) > options.leaseMs * 10) {
        await redis.xgroup('DELCONSUMER', QUEUE_KEY, QUEUE_GROUP, name);
      }
    }
  }

  async function withGroup<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // The queue stream or its group can vanish (a fresh master after data loss): recreate once.
      if (!(err instanceof Error && err.message.startsWith('NOGROUP'))) throw err;
      await ensureGroup();
      return fn();
    }
  }

  async function subscribe(channel: string, wake: () => void): Promise<() => Promise<void>> {
    let set = waiters.get(channel);
    if (!set) {
      set = new Set();
      waiters.set(channel, set);
      await subscriber.subscribe(channel);
    }
    set.add(wake);
    return async () => {
      set.delete(wake);
      if (set.size === 0 && waiters.get(channel) === set) {
        waiters.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  try {
    await ensureGroup();
  } catch (err) {
    // Redis may be down at start-up: the service starts unready and the group is created on first use.
    log.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'could not create the queue group yet',
    );
  }

  return {
    async create(input) {
      const taskId = input.record.task.taskId;
      const idem = input.idempotency;
      return guarded(taskId, async () => {
        const epoch = connectionEpoch(redis);
        const reply = await runScript(
          redis,
          CREATE,
          [
            taskKey(taskId),
            eventsKey(taskId),
            QUEUE_KEY,
            idem ? idempotencyKey(idem.tenantId, idem.key) : taskKey(taskId),
          ],
          [taskId, encodeRecord(input.record), encodeEvent(input.event), options.ttlMs, idem ? '1' : '0'],
        );
        await replicated(epoch);
        if (!Array.isArray(reply) || typeof reply[1] !== 'string') throw new Error('unexpected CREATE reply');
        return { taskId: reply[1], created: reply[0] === 1 };
      });
    },

    async get(taskId) {
      return guarded(taskId, async () => {
        const json = await redis.hget(taskKey(taskId), 'r');
        return json === null ? undefined : decodeRecord(json);
      });
    },

    async commit(taskId, owner, record, events) {
      const idem = record.task.request?.idempotencyKey
        ? idempotencyKey(record.task.request.tenantId, record.task.request.idempotencyKey)
        : taskKey(taskId);
      const previous = record.task.lastSequence - events.length;
      return guarded(taskId, async () => {
        const epoch = connectionEpoch(redis);
        await runScript(
          redis,
          COMMIT,
          [taskKey(taskId), eventsKey(taskId), idem],
          [
            owner,
            record.checkpoint.transition,
            encodeRecord(record),
            options.ttlMs,
            notifyChannel(taskId),
            previous,
            ...events.map(encodeEvent),
          ],
        );
        await replicated(epoch);
      });
    },

    async events(taskId, afterSequence, limit) {
      return guarded(taskId, async () => {
        const entries = await redis.xrange(eventsKey(taskId), `(0-${afterSequence}`, '+', 'COUNT', limit);
        return entries.flatMap(([, fields]) => {
          const json = fieldOf(fields, 'e');
          return json === undefined ? [] : [decodeEvent(json)];
        });
      });
    },

    async waitForEvents(taskId, afterSequence, timeoutMs, signal) {
      if (signal.aborted || closed) return;
      let wake: () => void = () => undefined;
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
      });
      const timer = setTimeout(wake, timeoutMs);
      const onAbort = (): void => wake();
      signal.addEventListener('abort', onAbort, { once: true });
      let unsubscribe: (() => Promise<void>) | undefined;
      try {
        unsubscribe = await subscribe(notifyChannel(taskId), wake);
        // An event appended between the caller's read and the subscription would not be announced.
        const last = Number(await redis.hget(taskKey(taskId), 's'));
        if (!(last > afterSequence)) await woken;
      } catch (err) {
        // Redis trouble: degrade to the timeout (the caller polls), never fail the watcher here.
        log.debug(
          { err: err instanceof Error ? err.message : String(err) },
          'event wait degraded to polling',
        );
        await woken;
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        await unsubscribe?.();
      }
    },

    async claim(consumer, max, blockMs) {
      if (max <= 0 || closed) return [];
      try {
        return await guarded('(queue)', () =>
          withGroup(async () => {
            await forgetIdleConsumers();
            const stale = await autoclaim(consumer, max);
            const fresh =
              stale.length < max
                ? await readGroup(consumer, max - stale.length, stale.length > 0 ? 0 : blockMs)
                : [];
            return acquireAll(consumer, [...stale, ...fresh]);
          }),
        );
      } catch (err) {
        if (closed) return [];
        throw err;
      }
    },

    async renew(consumer, claims) {
      if (claims.length === 0) return [];
      return guarded('(queue)', async () => {
        const reply = await runScript(
          redis,
          RENEW,
          [QUEUE_KEY, ...claims.map((c) => taskKey(c.taskId))],
          [QUEUE_GROUP, consumer, ...claims.map((c) => c.entryId)],
        );
        const lost = Array.isArray(reply) ? reply : [];
        return lost.flatMap((i: unknown) => {
          const c = typeof i === 'number' ? claims[i - 1] : undefined;
          return c ? [c] : [];
        });
      });
    },

    async ack(claim: Claim) {
      await guarded(claim.taskId, async () => {
        await redis.multi().xack(QUEUE_KEY, QUEUE_GROUP, claim.entryId).xdel(QUEUE_KEY, claim.entryId).exec();
      });
    },

    isReady: () => !closed && redis.status === 'ready',

    async close() {
      closed = true;
      for (const set of waiters.values()) for (const wake of set) wake();
      waiters.clear();
      blocking.disconnect(false);
      subscriber.disconnect(false);
    },
  };
}
