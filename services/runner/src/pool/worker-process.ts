// One sandboxed spec worker: a forked Node process with a clean environment (no service secrets), a
// private scratch directory as cwd, HOME and TMPDIR (each run works in a directory of its own inside
// it, removed after the run: protocol.ts runDirectory), Node's permission model (reads limited to the
// code it needs and its scratch directory, writes to the directory of its run only, no child
// processes, no worker threads, no addons) and a capped heap. Messages go over two pipes of its own (worker/protocol.ts), not Node's IPC channel:
// spec code can write to them too, so the service parses every line itself (FrameReader) and kills
// the worker on anything malformed, oversized or without the nonce of a request it made.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import {
  CHANNEL_IN_FD,
  CHANNEL_OUT_FD,
  MAX_FRAME_BYTES,
  MAX_REQUEST_BYTES,
  runsDirectory,
  type WorkerRequest,
} from '../worker/protocol';
import { FrameReader, type FrameHandler } from './frame-reader';

export interface WorkerSpawnOptions {
  /** Compiled worker entry (dist/src/worker/worker-main.js). */
  script: string;
  scratchRoot: string;
  maxOldSpaceMb: number;
  /** Directories the worker may read besides its scratch directory (its code and packages). */
  readPaths: string[];
}

const OUTPUT_TAIL = 8192;

export type WorkerMessage = Record<string, unknown>;

/** An open request: its answers go to the handler until `close()`. */
export interface OpenRequest {
  close(): void;
}

export class WorkerProcess {
  readonly proc: ChildProcess;
  private tail = '';
  private exited = false;
  private killRequested = false;
  private readonly toWorker: Writable;
  private readonly reader: FrameReader;
  private violationReason: string | undefined;
  readonly exitedPromise: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly id: number,
    readonly scratch: string,
    opts: WorkerSpawnOptions,
  ) {
    // It must exist when the worker starts: Node grants a path that is not a directory then as one file.
    fs.mkdirSync(runsDirectory(scratch), { recursive: true });
    const execArgv = [
      '--permission',
      ...opts.readPaths.map((p) => `--allow-fs-read=${p}`),
      `--allow-fs-read=${scratch}`,
      // Not the scratch directory itself: what a run writes must go with the run (the service
      // empties this directory after every run); a write anywhere else is refused.
      `--allow-fs-write=${runsDirectory(scratch)}`,
      `--max-old-space-size=${opts.maxOldSpaceMb}`,
      '--disable-proto=delete',
    ];
    this.proc = spawn(process.execPath, [...execArgv, opts.script], {
      cwd: scratch,
      // Only what Node and Playwright need: nothing from the service's environment.
      // HOME and TMPDIR point into the run's directory while a run goes on (worker-main.ts).
      env: { HOME: scratch, TMPDIR: scratch, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      // fd 3: service → worker, fd 4: worker → service (CHANNEL_IN_FD, CHANNEL_OUT_FD).
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      // Its own process group, like the browser hosts: a terminal's Ctrl-C reaches the runner, which
      // retires its workers in order (a worker exits when the runner's end of its channel closes).
      detached: true,
    });
    const toWorker = this.proc.stdio[CHANNEL_IN_FD] as Writable | null | undefined;
    const fromWorker = this.proc.stdio[CHANNEL_OUT_FD] as Readable | null | undefined;
    if (!toWorker || !fromWorker) throw new Error('the worker channel pipes were not created');
    this.toWorker = toWorker;
    // A failed write means the worker is gone; the exit handler deals with it.
    this.toWorker.on('error', () => undefined);
    this.reader = new FrameReader({
      maxFrameBytes: MAX_FRAME_BYTES,
      onViolation: (why) => {
        this.violationReason = why;
        this.kill();
      },
    });
    fromWorker.on('data', (chunk: Buffer) => this.reader.push(chunk));
    fromWorker.on('error', () => undefined);
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
    // A failed spawn shows as an exit; nothing else to do here.
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

  /**
   * Why the worker was killed for breaking the protocol (a line it wrote that was malformed, too
   * large, or not stamped with a nonce the service issued), if it was.
   */
  get violation(): string | undefined {
    return this.violationReason;
  }

  /**
   * Sends `msg` with a fresh nonce; the worker's lines stamped with it go to `onMessage` (parsed,
   * still untrusted) until the request is closed. At most `maxBytes` may arrive for it.
   */
  request(msg: WorkerRequest, onMessage: FrameHandler, maxBytes = MAX_REQUEST_BYTES): OpenRequest {
    const nonce = randomBytes(18).toString('base64url');
    this.reader.open(nonce, onMessage, maxBytes);
    if (!this.exited && this.toWorker.writable) this.toWorker.write(`${JSON.stringify({ ...msg, nonce })}\n`);
    return { close: () => this.reader.close(nonce) };
  }

  /** Sends `msg`; resolves with the first answer `match` accepts, or undefined after `timeoutMs` or on exit. */
  ask(
    msg: WorkerRequest,
    match: (m: WorkerMessage) => boolean,
    timeoutMs: number,
  ): Promise<WorkerMessage | undefined> {
    return new Promise((resolve) => {
      const done = (value: WorkerMessage | undefined): void => {
        clearTimeout(timer);
        req.close();
        resolve(value);
      };
      const req = this.request(msg, (m) => {
        if (match(m)) done(m);
      });
      const timer = setTimeout(() => done(undefined), timeoutMs);
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
      // End of its input tells the worker to close its browser connection and exit.
      this.toWorker.end();
      const timer = setTimeout(() => this.kill(), graceMs);
      await this.exitedPromise;
      clearTimeout(timer);
    }
    await fs.promises.rm(this.scratch, { recursive: true, force: true });
  }
}
