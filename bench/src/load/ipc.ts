// The load driver's parent ↔ worker messages at the edges of a worker's life. A report holds every
// raw latency (megabytes of JSON for a long run), so it is usually still in the pipe when the worker
// is done: the worker may disconnect only once `process.send` has handed it to the OS, and the parent
// judges a worker by whether its report arrived, not by the moment it exited.
import type { ChildProcess } from 'node:child_process';
import type { ParentMessage, WorkerMessage, WorkerReport } from './spec';

/**
 * Sends the worker's last message, then closes the IPC channel. Disconnecting right after
 * `process.send` cancels a write still queued in the pipe, and the report is lost with exit code 0.
 */
export function sendFinal(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined || !process.connected) {
      resolve();
      return;
    }
    process.send(message, undefined, undefined, () => {
      if (process.connected) process.disconnect();
      resolve();
    });
  });
}

export interface WorkerWatch {
  /** Resolves when the worker says it is ready; rejects if it fails or dies first. */
  ready: Promise<void>;
  /** Resolves with the report; rejects on a `failed` message, or if the worker ends without one. */
  report: Promise<WorkerReport>;
}

/**
 * Follows one worker. The verdict waits for `close` (the process has exited and its IPC channel is
 * drained): `exit` can come before the last messages are read, so judging on it calls a worker that
 * reported and exited cleanly a failure.
 */
export function watchWorker(child: ChildProcess): WorkerWatch {
  let report: WorkerReport | undefined;
  let settleReady: { resolve(): void; reject(err: Error): void } | undefined;
  const ready = new Promise<void>((resolve, reject) => (settleReady = { resolve, reject }));
  const reported = new Promise<WorkerReport>((resolve, reject) => {
    const fail = (err: Error): void => {
      settleReady?.reject(err);
      reject(err);
    };
    child.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') settleReady?.resolve();
      else if (m.type === 'report') {
        report = m.report;
        resolve(m.report);
      } else fail(new Error(`load worker: ${m.error}`));
    });
    child.on('error', fail);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (report !== undefined) return;
      fail(new Error(`load worker ended without a report (exit code ${code}, signal ${signal ?? 'none'})`));
    });
  });
  // Either promise may be the one nobody awaits when the other rejects first.
  ready.catch(() => undefined);
  reported.catch(() => undefined);
  return { ready, report: reported };
}

/**
 * Sends to a worker that may already be dead. A failed write is not the news: the worker's `close`
 * (see watchWorker) fails the run saying it ended without a report. Without a callback, the EPIPE
 * would be an 'error' event on the child and could crash the driver.
 */
export function sendToWorker(child: ChildProcess, message: ParentMessage): void {
  if (!child.connected) return;
  child.send(message, () => undefined);
}
