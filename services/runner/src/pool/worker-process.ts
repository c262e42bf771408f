// One sandboxed spec worker: a forked Node process with a clean environment (no service secrets), a
// private scratch directory as cwd and TMPDIR, Node's permission model (reads limited to the code it
// needs, writes to its scratch directory, no child processes, no worker threads, no addons) and a
// capped heap. Messages from it are untrusted and parsed by the pool.

import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface WorkerSpawnOptions {
  /** Compiled worker entry (dist/src/worker/worker-main.js). */
  script: string;
  scratchRoot: string;
  maxOldSpaceMb: number;
  /** Directories the worker may read besides its scratch directory (its code and packages). */
  readPaths: string[];
}

const OUTPUT_TAIL = 8192;

export class WorkerProcess {
  readonly proc: ChildProcess;
  private tail = '';
  private exited = false;
  private killRequested = false;
  readonly exitedPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly id: number,
    readonly scratch: string,
    opts: WorkerSpawnOptions,
  ) {
    const tmp = path.join(scratch, 'tmp');
    fs.mkdirSync(tmp, { recursive: true });
    const execArgv = [
      '--permission',
      ...opts.readPaths.map((p) => `--allow-fs-read=${p}`),
      `--allow-fs-read=${scratch}`,
      `--allow-fs-write=${scratch}`,
      `--max-old-space-size=${opts.maxOldSpaceMb}`,
      '--disable-proto=delete',
    ];
    this.proc = fork(opts.script, [], {
      cwd: scratch,
      // Only what Node and Playwright need: nothing from the service's environment.
      env: { HOME: scratch, TMPDIR: tmp, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      execArgv,
      serialization: 'json',
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer): void => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
    };
    this.proc.stdout?.on('data', keep);
    this.proc.stderr?.on('data', keep);
    this.exitedPromise = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => {
        this.exited = true;
        resolve({ code, signal });
      });
    });
    // A failed IPC write means the worker is gone; the exit handler deals with it.
    this.proc.on('error', () => undefined);
  }

  static spawn(id: number, opts: WorkerSpawnOptions): WorkerProcess {
    fs.mkdirSync(opts.scratchRoot, { recursive: true });
    const scratch = fs.mkdtempSync(path.join(opts.scratchRoot, `w${id}-`));
    return new WorkerProcess(id, fs.realpathSync(scratch), opts);
  }

  /** False once the process exited or was sent SIGKILL (it may take a moment to exit). */
  get alive(): boolean {
    return !this.exited && !this.killRequested;
  }

  /** The last lines the worker printed (crash diagnostics such as "heap out of memory"). */
  outputTail(): string {
    return this.tail;
  }

  /** What a worker that failed to load printed: the start (the error) and the end, within `max`. */
  outputSummary(max = 800): string {
    const out = this.tail.trim();
    if (out === '') return '(no output)';
    return out.length <= max ? out : `${out.slice(0, max - 300)}\n…\n${out.slice(-280)}`;
  }

  send(msg: object): boolean {
    if (this.exited || !this.proc.connected) return false;
    this.proc.send(msg, (err) => err && this.kill());
    return true;
  }

  /** The first message `match` accepts, or undefined after `timeoutMs` or when the process exits. */
  waitForMessage(
    match: (m: { type?: unknown; ok?: unknown }) => boolean,
    timeoutMs: number,
  ): Promise<{ type?: unknown; ok?: unknown } | undefined> {
    return new Promise((resolve) => {
      const done = (value: { type?: unknown; ok?: unknown } | undefined): void => {
        clearTimeout(timer);
        this.proc.off('message', onMessage);
        resolve(value);
      };
      const onMessage = (raw: unknown): void => {
        if (typeof raw !== 'object' || raw === null) return;
        const msg: { type?: unknown; ok?: unknown } = raw;
        if (match(msg)) done(msg);
      };
      const timer = setTimeout(() => done(undefined), timeoutMs);
      this.proc.on('message', onMessage);
      void this.exitedPromise.then(() => done(undefined));
    });
  }

  kill(): void {
    this.killRequested = true;
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  /** Asks the worker to close its browser connection and exit; kills it if it does not within `graceMs`. */
  async retire(graceMs: number): Promise<void> {
    if (!this.exited) {
      if (this.proc.connected) this.proc.disconnect();
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exitedPromise;
      clearTimeout(timer);
    }
    await fs.promises.rm(this.scratch, { recursive: true, force: true });
  }
}
