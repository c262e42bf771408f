/**
 * Dynamic micro-batching (the scheme text-embeddings-inference serves with): texts from concurrent
 * requests queue up; each forward pass (one at a time per model replica) takes up to `maxBatchSize`
 * of them (split evenly across idle replicas), and results are fanned back to their requests. While a
 * pass runs, the next batch fills by itself. When the model
 * is idle, a partial batch waits up to `maxWaitMs` for company, but only when the last batch showed
 * concurrent callers: a lone sequential caller is never delayed.
 */
export interface BatcherOptions {
  /** Texts per forward pass (1 switches batching off). */
  readonly maxBatchSize: number;
  /** Longest time a partial batch waits to fill while the model is idle (0: never wait). */
  readonly maxWaitMs: number;
  /** Texts allowed to wait; a request that would exceed it is refused with QueueFullError. */
  readonly maxQueue: number;
  /** Forward passes allowed at once (the model replicas, plus any queued behind them); default 1. */
  readonly concurrency?: number;
}

export interface BatcherStats {
  readonly batches: number;
  readonly texts: number;
  readonly maxBatchSeen: number;
  readonly queued: number;
  readonly maxQueue: number;
  readonly maxWaitMs: number;
  readonly rejected: number;
  readonly dropped: number;
}

export class QueueFullError extends Error {
  constructor(queued: number, wanted: number, max: number) {
    super(`embedding queue full: ${queued} texts waiting, ${wanted} more would exceed ${max}`);
    this.name = 'QueueFullError';
  }
}

export class BatcherClosedError extends Error {
  constructor() {
    super('embedding batcher is shut down');
    this.name = 'BatcherClosedError';
  }
}

/** The signal's reason (AbortError, or TimeoutError for AbortSignal.timeout) as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('aborted', 'AbortError');
}

/** One forward pass; `signal` aborts once every request in the pass has been cancelled. */
export type ForwardPass = (texts: readonly string[], signal: AbortSignal) => Promise<Float32Array[]>;

interface Request {
  readonly texts: readonly string[];
  readonly results: (Float32Array | undefined)[];
  remaining: number;
  settled: boolean;
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (err: unknown) => void;
  detach: () => void;
}

/** A forward pass in flight: its callers, and how to tell the model that none of them waits any more. */
interface Pass {
  readonly requests: ReadonlySet<Request>;
  readonly controller: AbortController;
}

interface Entry {
  readonly request: Request;
  readonly index: number;
  readonly enqueuedAt: number;
}

export class MicroBatcher {
  private queue: Entry[] = [];
  private readonly passes = new Set<Pass>();
  private running = 0;
  private readonly concurrency: number;
  private dispatchPending = false;
  private timer: NodeJS.Timeout | undefined;
  private lastBatchRequests = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private counters = { batches: 0, texts: 0, maxBatchSeen: 0, rejected: 0, dropped: 0 };

  constructor(
    private readonly forward: ForwardPass,
    private readonly options: BatcherOptions,
  ) {
    if (options.maxBatchSize < 1) throw new RangeError('maxBatchSize must be ≥ 1');
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** Resolves with one vector per text, in order; rejects with the signal's reason if it aborts first. */
  submit(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (this.closed) return Promise.reject(new BatcherClosedError());
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (texts.length === 0) return Promise.resolve([]);
    if (this.queue.length + texts.length > this.options.maxQueue) {
      this.counters.rejected++;
      return Promise.reject(new QueueFullError(this.queue.length, texts.length, this.options.maxQueue));
    }
    return new Promise<Float32Array[]>((resolve, reject) => {
      const request: Request = {
        texts,
        results: new Array<Float32Array | undefined>(texts.length),
        remaining: texts.length,
        settled: false,
        resolve,
        reject,
        detach: () => undefined,
      };
      if (signal) {
        const onAbort = (): void => this.drop(request, abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        request.detach = () => signal.removeEventListener('abort', onAbort);
      }
      const now = performance.now();
      for (let i = 0; i < texts.length; i++) this.queue.push({ request, index: i, enqueuedAt: now });
      this.schedule();
    });
  }

  stats(): BatcherStats {
    return {
      ...this.counters,
      queued: this.queue.length,
      maxQueue: this.options.maxQueue,
      maxWaitMs: this.options.maxWaitMs,
    };
  }

  /** Refuses new work, lets queued and running batches finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.schedule();
    if (this.running === 0 && this.queue.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * A cancelled request leaves the queue at once; if its batch is already running, its results are
   * discarded, and a pass none of whose callers still waits is told so (a model skips it if it has
   * not started it yet: the pass held for the first free replica).
   */
  private drop(request: Request, reason: Error): void {
    if (request.settled) return;
    const before = this.queue.length;
    this.queue = this.queue.filter((e) => e.request !== request);
    if (this.queue.length !== before) this.counters.dropped++;
    this.settle(request, () => request.reject(reason));
    for (const pass of this.passes) {
      if (pass.requests.has(request) && [...pass.requests].every((r) => r.settled))
        pass.controller.abort(new DOMException('every caller of this pass has gone', 'AbortError'));
    }
    this.schedule();
  }

  private settle(request: Request, finish: () => void): void {
    request.settled = true;
    request.detach();
    finish();
  }

  private schedule(): void {
    if (this.running >= this.concurrency || this.dispatchPending) return;
    const oldest = this.queue[0];
    if (!oldest) {
      this.clearTimer();
      this.notifyIdle();
      return;
    }
    const full = this.queue.length >= this.options.maxBatchSize;
    const waitLeft = oldest.enqueuedAt + this.options.maxWaitMs - performance.now();
    if (full || this.closed || this.lastBatchRequests <= 1 || waitLeft <= 0) {
      this.clearTimer();
      // setImmediate, not a direct call: requests that arrived in the same I/O turn join the batch,
      // and responses of the previous batch get flushed before the next pass starts.
      this.dispatchPending = true;
      setImmediate(() => {
        this.dispatchPending = false;
        void this.dispatch();
      });
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, Math.ceil(waitLeft));
    }
  }

  private async dispatch(): Promise<void> {
    if (this.running >= this.concurrency) return;
    // Free replicas share what is waiting: 32 texts and two idle replicas are two passes of 16 at
    // once, not one of 32 while the other replica idles.
    const free = this.concurrency - this.running;
    const share = Math.ceil(this.queue.length / free);
    const batch = this.queue.splice(0, Math.min(this.options.maxBatchSize, Math.max(1, share)));
    if (batch.length === 0) {
      this.notifyIdle();
      return;
    }
    this.running++;
    // Another replica may take what is left right away.
    this.schedule();
    // Identical texts in one batch are embedded once.
    const slot = new Map<string, number>();
    const unique: string[] = [];
    const requests = new Set<Request>();
    for (const entry of batch) {
      const text = entry.request.texts[entry.index] ?? '';
      if (!slot.has(text)) {
        slot.set(text, unique.length);
        unique.push(text);
      }
      requests.add(entry.request);
    }
    const pass: Pass = { requests, controller: new AbortController() };
    this.passes.add(pass);
    this.lastBatchRequests = requests.size;
    this.counters.batches++;
    this.counters.texts += unique.length;
    this.counters.maxBatchSeen = Math.max(this.counters.maxBatchSeen, unique.length);
    try {
      const vectors = await this.forward(unique, pass.controller.signal);
      if (vectors.length !== unique.length) {
        throw new Error(`model returned ${vectors.length} vectors for ${unique.length} texts`);
      }
      for (const entry of batch) {
        const request = entry.request;
        if (request.settled) continue;
        request.results[entry.index] = vectors[slot.get(request.texts[entry.index] ?? '') ?? -1];
        if (--request.remaining === 0) {
          const results = request.results.map((v, i) => {
            if (v === undefined) throw new Error(`no vector for text ${i}`);
            return v;
          });
          this.settle(request, () => request.resolve(results));
        }
      }
    } catch (err) {
      for (const request of requests) {
        if (request.settled) continue;
        // Its other texts may still be queued: they would only be wasted work now.
        this.queue = this.queue.filter((e) => e.request !== request);
        this.settle(request, () => request.reject(err));
      }
    } finally {
      this.passes.delete(pass);
      this.running--;
      this.schedule();
    }
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private notifyIdle(): void {
    if (this.running > 0 || this.queue.length > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
