// Concurrency limit with a bounded FIFO queue: at most `limit` holders at once, at most `maxQueue`
// waiting; past that `acquire` refuses at once (the handler answers RESOURCE_EXHAUSTED). A waiter
// whose signal aborts (deadline, cancel) leaves the queue.

import { abortReason } from './abort-reason';

export class QueueFull extends Error {
  constructor(readonly maxQueue: number) {
    super(`run queue is full (${maxQueue} waiting)`);
    this.name = 'QueueFull';
  }
}

export class Admission {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    readonly maxQueue: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a place is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueue) return Promise.reject(new QueueFull(this.maxQueue));
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve(this.releaser());
      };
      const onAbort = (): void => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.queue.shift()?.();
    };
  }
}
