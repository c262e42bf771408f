import { randomUUID } from 'node:crypto';

// A client-side buffer for usage records: callers add() without waiting for the network, records
// go to the cost service in batches (by size or by interval), and every record is delivered at
// least once. Each record carries an idempotency key from the moment it is added, and a failed
// batch is resent unchanged, so the server counts it exactly once however often it is retried; a
// record the service rejects is dropped alone, never with the batch it travelled in.
// The writer does not know about gRPC: it is handed a `recordBatch` function.

/** Anything with an idempotency key; an empty key is replaced by a fresh one on add(). */
export interface KeyedRecord {
  readonly idempotencyKey: string;
}

export interface SendOptions {
  /** Aborted when the attempt times out or the writer gives up at close(). */
  readonly signal: AbortSignal;
}

export interface BufferedWriterOptions<R extends KeyedRecord> {
  /** Sends one batch; resolving means the service acknowledged it. */
  readonly recordBatch: (records: R[], options: SendOptions) => Promise<unknown>;
  /** Records per batch (default 100; the cost service accepts up to 1,000). */
  readonly maxBatchSize?: number;
  /** A partial batch is sent after at most this long (default 200 ms). */
  readonly flushIntervalMs?: number;
  /** add() throws BufferFullError beyond this many unacknowledged records (default 10,000). */
  readonly maxBuffered?: number;
  /** Batches in flight at once (default 2). */
  readonly concurrency?: number;
  /** Per-attempt timeout (default 5,000 ms). */
  readonly attemptTimeoutMs?: number;
  /** Retry backoff: doubles from baseDelayMs up to maxDelayMs, with jitter (defaults 100 / 5,000 ms). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * Errors that retrying cannot fix. Default: gRPC status codes INVALID_ARGUMENT, NOT_FOUND,
   * ALREADY_EXISTS, PERMISSION_DENIED, FAILED_PRECONDITION, OUT_OF_RANGE, UNIMPLEMENTED,
   * UNAUTHENTICATED (read from `err.code`); everything else is retried. When such an error names
   * `records[i]` (its `details` or message), only record i is dropped and the rest is resent; when
   * it names `records` (the batch size), or is an INVALID_ARGUMENT naming no record (a request
   * that could not be decoded), the batch is resent in halves; otherwise the batch is dropped.
   */
  readonly isPermanent?: (err: unknown) => boolean;
  /** Records dropped because of a permanent error, with that error. */
  readonly onDrop?: (records: R[], err: unknown) => void;
  /** Called before each retry (for logs and metrics). */
  readonly onRetry?: (err: unknown, attempt: number, records: number) => void;
  readonly newKey?: () => string;
}

export interface WriterStats {
  /** Added, not yet acknowledged or dropped (buffered + queued + in flight). */
  readonly pending: number;
  readonly sent: number;
  readonly dropped: number;
  readonly retries: number;
  readonly batches: number;
}

export interface CloseResult<R> {
  /** Records not acknowledged by the close deadline (some may have reached the service: resending them is safe). */
  readonly unsent: R[];
}

export interface BufferedWriter<R extends KeyedRecord> {
  /** Buffers a record (never waits). Throws BufferFullError when maxBuffered is reached, WriterClosedError after close(). */
  add(record: R): void;
  /** Resolves when every record added before the call has been acknowledged or dropped. */
  flush(): Promise<void>;
  /** Stops the timer, sends everything left and retries until `timeoutMs` (default 10 s). Idempotent. */
  close(timeoutMs?: number): Promise<CloseResult<R>>;
  stats(): WriterStats;
}

export class BufferFullError extends Error {
  override readonly name = 'BufferFullError';
}

export class WriterClosedError extends Error {
  override readonly name = 'WriterClosedError';
}

/** gRPC codes (by number, so this package needs no gRPC dependency) that a retry cannot fix. */
const PERMANENT_GRPC_CODES = new Set([3, 5, 6, 7, 9, 11, 12, 16]);
const INVALID_ARGUMENT = 3;

export function isPermanentGrpcError(err: unknown): boolean {
  const code: unknown =
    typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'number' && PERMANENT_GRPC_CODES.has(code);
}

/**
 * The record an error blames, when it names one: the cost service's INVALID_ARGUMENT names the
 * field `records[i].<field>` (gRPC `details`, or the message of other transports).
 */
function blamedRecord(err: unknown, size: number): number | undefined {
  const text = errorText(err);
  const m = /\brecords\[(\d+)\]/.exec(text);
  const i = m ? Number(m[1]) : NaN;
  return Number.isInteger(i) && i < size ? i : undefined;
}

/** The batch as a whole is at fault (`records: must hold 1 to 1000 records`): smaller ones may pass. */
function blamesWholeBatch(err: unknown): boolean {
  return /\brecords: /.test(errorText(err));
}

/**
 * Malformed input that names no record: the request could not even be decoded (`request: an
 * integer field is outside ±2^53`), so the service could not say which record carries it. Halving
 * the batch finds that record at the price of a few more calls; the others still go through.
 */
function invalidUnnamed(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === INVALID_ARGUMENT;
}

function errorText(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const { details, message } = err as { details?: unknown; message?: unknown };
  return typeof details === 'string' ? details : typeof message === 'string' ? message : '';
}

interface Batch<R> {
  readonly records: R[];
  readonly done: Promise<void>;
  finish(): void;
}

function newBatch<R>(records: R[]): Batch<R> {
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { records, done, finish };
}

export function createBufferedWriter<R extends KeyedRecord>(
  options: BufferedWriterOptions<R>,
): BufferedWriter<R> {
  const maxBatchSize = options.maxBatchSize ?? 100;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const concurrency = options.concurrency ?? 2;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5_000;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  const isPermanent = options.isPermanent ?? isPermanentGrpcError;
  const newKey = options.newKey ?? randomUUID;
  for (const [name, v] of Object.entries({ maxBatchSize, maxBuffered, concurrency, attemptTimeoutMs }))
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);

  let buffer: R[] = [];
  const queue: Batch<R>[] = [];
  const unfinished = new Set<Batch<R>>();
  let inFlight = 0;
  let pending = 0;
  let sent = 0;
  let dropped = 0;
  let retries = 0;
  let batches = 0;
  let closing: Promise<CloseResult<R>> | undefined;
  const undelivered: R[] = [];
  /** Aborted when close() runs out of time: stops retries and in-flight attempts. */
  const giveUp = new AbortController();

  const timer = setInterval(() => {
    cut();
    pump();
  }, options.flushIntervalMs ?? 200);
  timer.unref();

  function cut(): void {
    if (buffer.length === 0) return;
    const batch = newBatch(buffer);
    buffer = [];
    queue.push(batch);
    unfinished.add(batch);
  }

  function pump(): void {
    while (inFlight < concurrency && queue.length > 0) {
      const batch = queue.shift();
      if (!batch) break;
      inFlight++;
      void deliver(batch).then((unsent) => {
        undelivered.push(...unsent);
        inFlight--;
        unfinished.delete(batch);
        pending -= batch.records.length;
        batch.finish();
        pump();
      });
    }
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt - 1, 20));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (giveUp.signal.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        giveUp.signal.removeEventListener('abort', done);
        resolve();
      }
      giveUp.signal.addEventListener('abort', done);
    });
  }

  function drop(records: R[], err: unknown): void {
    dropped += records.length;
    try {
      options.onDrop?.(records, err);
    } catch {
      // A throwing callback must not wedge the writer.
    }
  }

  /**
   * Sends one batch until each of its records is acknowledged or found permanently bad, or the
   * writer gives up at close; returns the records not delivered by then. Never throws.
   */
  async function deliver(batch: Batch<R>): Promise<R[]> {
    // The cost service validates a whole batch before it stores any of it, so a rejected batch
    // was not applied: the good records go again (same keys) without the one at fault, and a
    // batch refused for its size goes again in halves. One bad record never costs the others.
    const parts: R[][] = [batch.records];
    for (let part = parts.shift(); part; part = parts.shift()) {
      const unsent = await deliverPart(part, parts);
      if (unsent) return [...unsent, ...parts.flat()];
    }
    return [];
  }

  /** One attempt series for `records`; what is left to send goes to the front of `parts`. */
  async function deliverPart(records: R[], parts: R[][]): Promise<R[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      if (giveUp.signal.aborted) return records;
      try {
        batches++;
        const signal = AbortSignal.any([giveUp.signal, AbortSignal.timeout(attemptTimeoutMs)]);
        await options.recordBatch(records, { signal });
        sent += records.length;
        return undefined;
      } catch (err: unknown) {
        if (giveUp.signal.aborted) return records;
        if (isPermanent(err)) {
          const bad = records.length > 1 ? blamedRecord(err, records.length) : undefined;
          if (bad !== undefined) {
            drop(records.slice(bad, bad + 1), err);
            parts.unshift(records.filter((_, i) => i !== bad));
          } else if (records.length > 1 && (blamesWholeBatch(err) || invalidUnnamed(err))) {
            const half = Math.ceil(records.length / 2);
            parts.unshift(records.slice(0, half), records.slice(half));
          } else drop(records, err);
          return undefined;
        }
        retries++;
        try {
          options.onRetry?.(err, attempt, records.length);
        } catch {
          // As above: observers cannot break delivery.
        }
        await pause(backoff(attempt));
      }
    }
  }

  async function settleAll(): Promise<void> {
    cut();
    pump();
    await Promise.all([...unfinished].map((b) => b.done));
  }

  return {
    add(record) {
      if (closing) throw new WriterClosedError('the cost writer is closed');
      if (pending >= maxBuffered)
        throw new BufferFullError(
          `${pending} usage records are waiting for the cost service (limit ${maxBuffered})`,
        );
      buffer.push(record.idempotencyKey !== '' ? record : { ...record, idempotencyKey: newKey() });
      pending++;
      if (buffer.length >= maxBatchSize) {
        cut();
        pump();
      }
    },

    async flush() {
      cut();
      pump();
      await Promise.all([...unfinished].map((b) => b.done));
    },

    close(timeoutMs = 10_000) {
      closing ??= (async () => {
        clearInterval(timer);
        let deadline: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => {
          deadline = setTimeout(resolve, timeoutMs);
        });
        await Promise.race([settleAll(), timedOut]);
        clearTimeout(deadline);
        giveUp.abort();
        // Let aborted attempts unwind so no callback runs after close() resolves.
        await Promise.all([...unfinished].map((b) => b.done));
        const unsent = [...undelivered, ...buffer];
        buffer = [];
        return { unsent };
      })();
      return closing;
    },

    stats: () => ({ pending, sent, dropped, retries, batches }),
  };
}
