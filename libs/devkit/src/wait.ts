import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  intervalMs?: number;
  /** What is being waited for, used in the timeout error. */
  what?: string;
  /** Stop early (e.g. the child exited): return a reason to fail with, or undefined to keep waiting. */
  abortReason?: () => string | undefined;
}

/**
 * Polls `check` until it returns true. A check that throws counts as "not yet" (a server that is
 * still starting refuses connections); the last error is quoted if the wait times out.
 */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  options: WaitOptions = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const what = options.what ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortReason?.();
    if (aborted !== undefined) throw new Error(`gave up waiting for ${what}: ${aborted}`);
    try {
      if (await check()) return;
    } catch (err: unknown) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await sleep(intervalMs);
  }
}
