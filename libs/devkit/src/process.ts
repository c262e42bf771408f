import { spawn, type ChildProcess } from 'node:child_process';
import { alreadySignalled, trackChild } from './child-registry';
import { formatTail, OutputTail } from './output-tail';
import { waitFor } from './wait';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartProcessOptions {
  /** Label used in errors and output prefixes. */
  name: string;
  command: string;
  args?: readonly string[];
  /** Merged over process.env; a key set to undefined removes an inherited variable. */
  env?: Record<string, string | undefined>;
  /** Start from an empty environment plus `env` instead of inheriting process.env. */
  inheritEnv?: boolean;
  cwd?: string;
  /** Polled until true; without it the process counts as ready once spawned. */
  readyWhen?: () => Promise<boolean>;
  /** How long readiness may take (default 15 s). */
  timeoutMs?: number;
  /** Lines of output kept for error messages (default 60). */
  tailLines?: number;
  /** Sees every complete output line (e.g. to print it prefixed in `npm run dev`). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves (never rejects) when the child has exited. */
  readonly exited: Promise<ExitInfo>;
  /** True until the child has exited. */
  running(): boolean;
  /** Sends `signal` (default SIGTERM), escalates to SIGKILL after `timeoutMs` (default 5 s). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitInfo>;
  /** Sends a signal without waiting (e.g. SIGKILL a Redis master in a failover test). */
  kill(signal?: NodeJS.Signals): void;
  /** The child's last output lines, stdout and stderr interleaved. */
  tail(): string[];
}

/** Longest wait, after a child exits, for the rest of its output (see `exited`). */
const OUTPUT_DRAIN_MS = 1000;

function describeExit(info: ExitInfo): string {
  return info.signal !== null ? `was killed by ${info.signal}` : `exited with code ${String(info.code)}`;
}

function buildEnv(options: StartProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = options.inheritEnv === false ? {} : { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

function spawned(child: ChildProcess, name: string, command: string): Promise<number> {
  // 'spawn' or 'error' (e.g. ENOENT) always comes first; waiting for it avoids a pid-less handle.
  return new Promise((resolve, reject) => {
    const onSpawn = (): void => {
      child.off('error', onError);
      if (child.pid === undefined) reject(new Error(`${name}: could not start ${command}: no pid`));
      else resolve(child.pid);
    };
    const onError = (err: Error): void => {
      child.off('spawn', onSpawn);
      reject(new Error(`${name}: could not start ${command}: ${err.message}`));
    };
    child.once('spawn', onSpawn);
    child.once('error', onError);
  });
}

/**
 * Starts a child process, captures the tail of its output, waits until `readyWhen` says it is
 * ready, and registers it so it is killed if this process exits first. If the child exits or is
 * not ready in time, it is killed and the error quotes its last output lines.
 */
export async function startProcess(options: StartProcessOptions): Promise<ManagedProcess> {
  const { name, command } = options;
  const tail = new OutputTail(options.tailLines ?? 60);
  const child = spawn(command, [...(options.args ?? [])], {
    cwd: options.cwd,
    env: buildEnv(options),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exitInfo: ExitInfo | undefined;
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      const info: ExitInfo = { code, signal };
      exitInfo = info;
      // What the child wrote just before it exited may still be in the pipes: the exit counts once
      // they are read (their 'close'), or after a moment if a grandchild holds them open.
      let timer: NodeJS.Timeout | undefined;
      const moment = new Promise<void>((r) => {
        timer = setTimeout(r, OUTPUT_DRAIN_MS);
      });
      void Promise.race([closed, moment]).then(() => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  });
  // Errors after spawn (e.g. kill on a dead pid) must not become uncaught exceptions.
  child.on('error', () => undefined);
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].setEncoding('utf8');
    child[stream].on('data', (chunk: string) => {
      for (const line of tail.push(chunk)) options.onLine?.(line, stream);
    });
  }

  const pid = await spawned(child, name, command);
  trackChild(child);

  const kill = (signal: NodeJS.Signals = 'SIGTERM'): void => {
    if (exitInfo !== undefined) return;
    try {
      child.kill(signal);
    } catch {
      // The child exited between the check and the signal.
    }
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5000): Promise<ExitInfo> => {
    // Exited already: still wait for the rest of its output.
    if (exitInfo !== undefined) return exited;
    // Ctrl-C or SIGTERM of this process was passed on to the child already: it is shutting down.
    if (!alreadySignalled(child)) kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const escalated = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        kill('SIGKILL');
        resolve();
      }, timeoutMs);
    });
    await Promise.race([exited, escalated]);
    clearTimeout(timer);
    return exited;
  };

  const handle: ManagedProcess = {
    name,
    pid,
    exited,
    running: () => exitInfo === undefined,
    stop,
    kill,
    tail: () => tail.snapshot(),
  };

  if (options.readyWhen !== undefined) {
    const readyWhen = options.readyWhen;
    const timeoutMs = options.timeoutMs ?? 15_000;
    try {
      await waitFor(readyWhen, {
        timeoutMs,
        what: `${name} to become ready`,
        abortReason: () => (exitInfo === undefined ? undefined : `${name} ${describeExit(exitInfo)}`),
      });
    } catch (err: unknown) {
      await stop('SIGKILL', 1000);
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`${name} (${command}) did not start: ${why}\n${formatTail(name, tail.snapshot())}`);
    }
  }
  return handle;
}
