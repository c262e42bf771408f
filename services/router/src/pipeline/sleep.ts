// Waits that end early when a signal aborts, and leave nothing attached to the signal once they
// end either way: the workers' stop signal lives as long as the process, a task's as long as the task.

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Resolves when `wake` is called (the returned function) or `signal` aborts, whichever comes
 * first; never rejects. The caller keeps `wake` and may call it any number of times.
 */
export function untilWokenOrAborted(signal: AbortSignal): { woken: Promise<void>; wake: () => void } {
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    wake = () => {
      signal.removeEventListener('abort', wake);
      resolve();
    };
    signal.addEventListener('abort', wake, { once: true });
  });
  return { woken, wake };
}
