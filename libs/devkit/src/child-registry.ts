import type { ChildProcess } from 'node:child_process';

/**
 * Every child started through devkit, so that none outlives its parent: on a normal exit the
 * survivors are SIGKILLed (an 'exit' handler cannot wait), on SIGINT/SIGTERM/SIGHUP they get the
 * same signal and, if nobody else handles it, the signal is re-raised so the parent still dies.
 */
const children = new Set<ChildProcess>();
/** Children this registry has passed a stop signal on to. */
const signalled = new WeakSet<ChildProcess>();
let installed = false;

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function signalAll(signal: NodeJS.Signals): void {
  for (const child of children) {
    if (!alive(child)) continue;
    try {
      child.kill(signal);
      signalled.add(child);
    } catch {
      // Already gone between the check and the kill: nothing left to clean.
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  signalAll(signal);
  // Someone else (a service's graceful shutdown, the dev launcher) owns this signal: let them exit.
  if (process.listenerCount(signal) > 1) return;
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => signalAll('SIGKILL'));
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
}

export function trackChild(child: ChildProcess): void {
  install();
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Children still running (for diagnostics and tests of the launcher itself). */
export function trackedChildCount(): number {
  return [...children].filter(alive).length;
}

/**
 * Whether this process's stop signal has already been passed on to `child`: stopping it again would
 * be a second signal, which services read as "exit now" and so skip their graceful shutdown.
 */
export function alreadySignalled(child: ChildProcess): boolean {
  return signalled.has(child);
}
