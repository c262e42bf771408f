// Pre-spawned spec workers. Each idle worker holds a browser lease and a context prepared for the
// most recent base URL, so a run starts on a live page. A run that passes its hard limit (or whose
// caller goes away) gets its worker SIGKILLed; a worker that dies or has served its runs is replaced.

import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '@superagent/logging';
import type { TestResult } from '../domain/run-result';
import {
  MAX_TESTS,
  MAX_TITLE_CHARS,
  sanitizeReport,
  sanitizeTest,
  type SanitizedReport,
} from '../domain/sanitize-report';
import { verdictOfCounts } from '../domain/verdict';
import type { OriginPattern } from '../domain/url-policy';
import { runDirectory, runsDirectory, type ArtifactOptions, type ContextKey } from '../worker/protocol';
import { unlessAborted } from '../explore/unless-aborted';
import { abortReason } from './abort-reason';
import { QuietScheduler } from './quiet-scheduler';
import type { BrowserPool, Lease } from './browser-pool';
import { copyFixtures } from '../fixtures';
import { WorkerProcess, type WorkerSpawnOptions } from './worker-process';

export interface WorkerPoolOptions {
  size: number;
  maxRunsPerWorker: number;
  spawn: WorkerSpawnOptions;
  /** Files specs may upload by name (RUNNER_FIXTURES_DIR): copied into the worker before each run. */
  fixturesDir?: string | undefined;
  browsers: BrowserPool;
  extraOrigins: OriginPattern[];
  logger: Logger;
  /** Longest wait for a new worker to load or a context to be prepared. */
  startTimeoutMs?: number;
  /** Pause before starting workers again after one failed to start; it doubles with each failure. */
  respawnDelayMs?: number;
}

export interface WorkerRunRequest {
  runId: string;
  source: string;
  code: string;
  fileName: string;
  baseURL: string;
  testTimeoutMs: number;
  expectTimeoutMs: number;
  artifacts: ArtifactOptions;
  /** Hard wall-clock limit (epoch ms), waiting for a worker included; the worker is SIGKILLed at it. */
  deadline: number;
  /** Aborting (client cancelled, deadline) kills the worker too. */
  signal?: AbortSignal;
}

export type WorkerRunOutcome =
  | { kind: 'done'; report: SanitizedReport; browserLost: boolean }
  | { kind: 'killed'; reason: 'timeout' | 'cancelled'; tests: TestResult[]; running?: string[] }
  | {
      kind: 'crashed';
      /** The worker exited by itself, or the service killed it for breaking the channel protocol. */
      cause: 'exited' | 'protocol-violation';
      detail: string;
      tests: TestResult[];
      running?: string[];
      browserLost: boolean;
    };

/**
 * Called with the worker's report while its scratch directory (and the artifact files) still exist;
 * the run's directory in it is removed once this settles.
 */
export type CollectArtifacts = (report: SanitizedReport, scratch: string) => Promise<void>;

interface Slot {
  worker: WorkerProcess;
  lease?: Lease;
  preparedKey?: string;
  state: 'starting' | 'idle' | 'busy' | 'retiring';
  runs: number;
  everReady: boolean;
  /**
   * The origin of the first run this worker served. A worker only runs specs for that origin again
   * (same application, same owner); a spec for another origin always gets a worker no spec touched.
   */
  origin?: string;
  /** Base URL of the worker's last run: its next context is prepared for it. */
  lastBaseURL?: string;
  /** A prepare in flight (a hint change re-prepares idle workers). */
  preparing?: Promise<void>;
  /** When the prepared context was reported ready (performance.now()). */
  preparedAt?: number;
}

export interface WorkerPoolStats {
  workers: number;
  /** Idle workers (a run can start on them now). */
  idle: number;
  /** Idle workers whose next context is already prepared. */
  ready: number;
  busy: number;
  crashes: number;
  killed: number;
}

interface Waiter {
  origin: string;
  give(slot: Slot): void;
}

/** A slot may serve `origin` if no spec ran in it yet, or only specs for that same origin. */
function servable(slot: Slot, origin: string): boolean {
  return slot.origin === undefined || slot.origin === origin;
}

/**
 * RunSpecResponse lists at most MAX_TESTS tests and has no field saying the list was cut, so a run
 * with more is an ERROR whose message gives the real counts and the verdict they make.
 */
function withinListLimit(report: SanitizedReport): SanitizedReport {
  if (!report.truncated || report.loadError) return report;
  const c = report.counts;
  const total = c.passed + c.failed + c.timedOut + c.skipped;
  const would = verdictOfCounts(c).toUpperCase();
  return {
    ...report,
    loadError: {
      message:
        `Error: the spec ran ${total} tests (${c.passed} passed, ${c.failed} failed, ${c.timedOut} timed out, ` +
        `${c.skipped} skipped; ${c.unexpected} unexpected): it would be ${would}, but a run lists at most ` +
        `${MAX_TESTS} tests and the response cannot say the list is cut, so the run is an error; ` +
        `split the spec into files of at most ${MAX_TESTS} tests`,
      category: 'unknown',
    },
  };
}

const READY_TIMEOUT_MS = 30_000;
const RESPAWN_DELAY_MS = 1000;
/** Workers that keep failing to start (a broken install) are retried at most this rarely. */
const MAX_RESPAWN_DELAY_MS = 60_000;
/**
 * A replacement worker costs about a CPU-second (Node start plus Playwright's bundles) and a prepared
 * context about half a second of Chromium. While runs are in flight that work waits (at most this long)
 * so that a burst of runs does not compete with preparations for the next one.
 */
const BACKGROUND_MAX_DELAY_MS = 3000;
/**
 * A new page's renderer keeps initialising for one to two seconds after Playwright reports the page
 * (measured here: ~0.7 CPU-second). A worker counts as ready (GetPoolStats.workers_ready) only after
 * that, so "ready" means a run will not share the CPU with its own preparation. Runs do not wait for it.
 */
const RENDERER_SETTLE_MS = 2500;

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Waiter[] = [];
  private nextId = 1;
  private hintBaseURL = '';
  private crashes = 0;
  private killed = 0;
  private closed = false;
  /** Background work (replacement workers, contexts for the next runs) held back during a burst. */
  private readonly quiet = new QuietScheduler(() => this.inFlight(), BACKGROUND_MAX_DELAY_MS);
  /** Workers out of the pool whose retirement waits for a quiet moment. */
  private readonly retiring = new Set<WorkerProcess>();
  /** Rounds of failed starts since a worker last started: the pause before the next grows with it. */
  private startFailures = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  private respawnPauseMs = 0;

  constructor(private readonly opts: WorkerPoolOptions) {
    // Idle workers leave a browser that died or is being recycled (a recycled browser closes once its
    // last lease ends: a worker kept on it would keep it open, and running, until the worker retires).
    opts.browsers.on('gone', (browserId) => this.leaveBrowser(browserId));
    opts.browsers.on('draining', (browserId) => this.leaveBrowser(browserId));
  }

  /**
   * Spawns every worker and waits until each is loaded and holds a browser connection. A worker that
   * cannot be spawned or exits before it is ready fails the start-up with what it printed: the next
   * ones would fail the same way. One that is only slow is started again in the background.
   */
  async start(): Promise<void> {
    const failures = await Promise.all(Array.from({ length: this.opts.size }, () => this.spawnSlot(true)));
    const failure = failures.find((f) => f !== undefined);
    if (failure !== undefined) throw new Error(`a spec worker did not start: ${failure}`);
  }

  stats(): WorkerPoolStats {
    let idle = 0;
    let ready = 0;
    let busy = 0;
    for (const s of this.slots) {
      if (s.state === 'idle') idle++;
      const settled = s.preparedAt !== undefined && performance.now() - s.preparedAt >= RENDERER_SETTLE_MS;
      if (s.state === 'idle' && s.preparedKey !== undefined && s.preparing === undefined && settled) ready++;
      else if (s.state === 'busy') busy++;
    }
    return { workers: this.slots.size, idle, ready, busy, crashes: this.crashes, killed: this.killed };
  }

  /** Sets the base URL fresh idle workers prepare their context for (the last one asked for). */
  setHint(baseURL: string): void {
    if (baseURL === this.hintBaseURL) return;
    this.hintBaseURL = baseURL;
    for (const slot of this.slots)
      if (slot.state === 'idle' && slot.origin === undefined) void this.prepare(slot);
  }

  /** Spawns replacements now if a run waits for a worker, else once no run is in flight. */
  private refill(): void {
    if (this.closed) return;
    if (this.waiting.length > 0) this.spawnMissing();
    else this.quiet.whenQuiet(() => this.spawnMissing());
  }

  private spawnMissing(): void {
    // After a worker failed to start, the next attempt waits for the back-off timer.
    if (this.respawnTimer) return;
    for (let i = this.opts.size - this.slots.size; i > 0 && !this.closed; i--) void this.spawnSlot();
  }

  private inFlight(): boolean {
    return [...this.slots].some((s) => s.state === 'busy');
  }

  async run(req: WorkerRunRequest, collect: CollectArtifacts): Promise<WorkerRunOutcome> {
    this.setHint(req.baseURL);
    const origin = new URL(req.baseURL).origin;
    // Waiting for a worker or a browser slot counts against the run's limit too.
    const limit = AbortSignal.timeout(Math.max(1, Math.round(req.deadline - Date.now())));
    const waitSignal = req.signal ? AbortSignal.any([req.signal, limit]) : limit;
    const outOfTime = (err: unknown): WorkerRunOutcome => {
      if (limit.aborted && !req.signal?.aborted) return { kind: 'killed', reason: 'timeout', tests: [] };
      throw err;
    };
    let slot: Slot;
    try {
      slot = await this.takeIdle(origin, waitSignal);
    } catch (err) {
      return outOfTime(err);
    }
    slot.origin = origin;
    slot.lastBaseURL = req.baseURL;
    try {
      // A preparation can wait for a browser slot with no limit of its own (after a crash, until the
      // replacement browser is up): the run waits for it no longer than for anything else.
      try {
        await unlessAborted(slot.preparing ?? Promise.resolve(), waitSignal);
      } catch (err) {
        return outOfTime(err);
      }
      if (!slot.lease?.usable()) {
        slot.lease?.release();
        try {
          slot.lease = await this.opts.browsers.lease(waitSignal);
        } catch (err) {
          slot.lease = undefined;
          return outOfTime(err);
        }
      }
      const lease = slot.lease;
      const key: ContextKey = {
        wsEndpoint: lease.wsEndpoint,
        baseURL: req.baseURL,
        extraOrigins: this.opts.extraOrigins,
      };
      const outcome = await this.execute(slot, req, key, collect);
      // A killed or crashed worker never serves another run, even before its exit is observed.
      if (outcome.kind !== 'done') slot.worker.kill();
      return 'browserLost' in outcome && !lease.alive() ? { ...outcome, browserLost: true } : outcome;
    } finally {
      slot.runs++;
      // The run used (or discarded) the prepared context: the next run needs a new one.
      slot.preparedKey = undefined;
      this.afterRun(slot);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.quiet.close();
    clearTimeout(this.respawnTimer);
    const all = [...this.slots];
    this.slots.clear();
    await Promise.all([...this.retiring].map((w) => w.retire(2000)));
    await Promise.all(
      all.map(async (s) => {
        s.lease?.release();
        await s.worker.retire(2000);
      }),
    );
  }

  private execute(
    slot: Slot,
    req: WorkerRunRequest,
    key: ContextKey,
    collect: CollectArtifacts,
  ): Promise<WorkerRunOutcome> {
    const worker = slot.worker;
    const tests: TestResult[] = [];
    let running: string[] | undefined;
    return new Promise<WorkerRunOutcome>((resolve) => {
      let settled = false;
      const open: { request?: { close(): void } } = {};
      const finish = (outcome: WorkerRunOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        open.request?.close();
        req.signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const kill = (reason: 'timeout' | 'cancelled'): void => {
        this.killed++;
        worker.kill();
        finish({ kind: 'killed', reason, tests, ...(running ? { running } : {}) });
      };
      const timer = setTimeout(() => kill('timeout'), Math.max(1, req.deadline - Date.now()));
      const onAbort = (): void => kill('cancelled');
      req.signal?.addEventListener('abort', onAbort, { once: true });
      // Only lines stamped with this run's nonce get here (FrameReader): anything else kills the worker.
      const onMessage = (raw: Record<string, unknown>): void => {
        const msg = raw as {
          type?: unknown;
          runId?: unknown;
          titlePath?: unknown;
          result?: unknown;
          report?: unknown;
        };
        if (msg.runId !== req.runId) return;
        if (msg.type === 'test-begin' && Array.isArray(msg.titlePath)) {
          running = msg.titlePath
            .filter((t): t is string => typeof t === 'string')
            .slice(0, 20)
            .map((t) => t.slice(0, MAX_TITLE_CHARS));
        } else if (msg.type === 'test-end') {
          const t = sanitizeTest(msg.result);
          if (t && tests.length < MAX_TESTS) tests.push(t);
          running = undefined;
        } else if (msg.type === 'done') {
          clearTimeout(timer);
          const report = withinListLimit(sanitizeReport(msg.report));
          void collect(report, worker.scratch)
            .then(
              () => report,
              (err: unknown) => {
                this.opts.logger.error({ err, runId: req.runId }, 'collecting artifacts failed');
                return { ...report, artifacts: [] };
              },
            )
            .then(async (collected) => {
              // What the run left (spec file, outputs, artifacts the store did not take, whatever it
              // wrote beside its own directory) goes now, not when the worker retires. (A killed or
              // crashed worker's whole scratch goes with it.)
              await this.emptyRunsDirectory(worker, req.runId);
              finish({ kind: 'done', report: collected, browserLost: false });
            });
        }
      };
      void worker.exitedPromise.then(({ code, signal }) => {
        if (settled) return;
        this.crashes++;
        const tail = worker.outputTail().trim().split('\n').slice(-5).join('\n');
        const violation = worker.violation;
        if (violation !== undefined)
          this.opts.logger.warn(
            { workerId: worker.id, runId: req.runId, violation },
            'worker broke the protocol',
          );
        finish({
          kind: 'crashed',
          cause: violation !== undefined ? 'protocol-violation' : 'exited',
          detail:
            violation !== undefined
              ? `protocol violation: the worker wrote ${violation} to the runner's channel`
              : `worker exited (code ${code}, signal ${signal})${tail ? `: ${tail}` : ''}`,
          tests,
          ...(running ? { running } : {}),
          browserLost: false,
        });
      });
      if (req.signal?.aborted) {
        kill('cancelled');
        return;
      }
      // The run's own directory (its working directory), with fresh copies of the fixture files.
      const runDir = runDirectory(worker.scratch, req.runId);
      fs.mkdirSync(runDir, { recursive: true });
      copyFixtures(this.opts.fixturesDir, runDir);
      open.request = worker.request(
        {
          type: 'run',
          runId: req.runId,
          source: req.source,
          code: req.code,
          fileName: req.fileName,
          key,
          testTimeoutMs: req.testTimeoutMs,
          expectTimeoutMs: req.expectTimeoutMs,
          artifacts: req.artifacts,
        },
        onMessage,
      );
    });
  }

  /**
   * Removes the only directory the worker may write to (protocol.ts runsDirectory): the run's own
   * directory and anything the spec wrote next to it (another name under runs/), so no file of this
   * run is there when the worker's next run starts.
   */
  private async emptyRunsDirectory(worker: WorkerProcess, runId: string): Promise<void> {
    const runs = runsDirectory(worker.scratch);
    // The directory itself stays (the worker's write permission was granted on it as a directory).
    // Spec code still running in the worker may be writing there: rm retries ENOTEMPTY.
    const entries = await fs.promises.readdir(runs).catch(() => []);
    await Promise.all(
      entries.map((name) =>
        fs.promises
          .rm(path.join(runs, name), { recursive: true, force: true, maxRetries: 3 })
          .catch((err: unknown) =>
            this.opts.logger.warn(
              { err, workerId: worker.id, runId, name },
              'removing what a run wrote failed',
            ),
          ),
      ),
    );
  }

  private afterRun(slot: Slot): void {
    if (this.closed) return;
    if (!slot.worker.alive || slot.runs >= this.opts.maxRunsPerWorker) {
      this.replace(slot);
    } else {
      // Usable at once (a run then creates its context itself); the next context is prepared when the
      // burst is over, so preparing never competes with runs still in flight.
      slot.state = 'idle';
      this.handOut(slot);
      this.quiet.whenQuiet(() => {
        if (slot.state === 'idle') void this.prepare(slot);
      });
    }
    this.quiet.settle();
  }

  private replace(slot: Slot): void {
    slot.state = 'retiring';
    this.slots.delete(slot);
    slot.lease?.release();
    slot.lease = undefined;
    this.refill();
    // Its exit makes the browser close its contexts: that work waits until no run is in flight.
    this.retiring.add(slot.worker);
    const retire = (): void => {
      void slot.worker
        .retire(2000)
        .catch((err: unknown) => this.opts.logger.warn({ err }, 'retiring a worker failed'))
        .finally(() => this.retiring.delete(slot.worker));
    };
    if (slot.worker.alive) this.quiet.whenQuiet(retire);
    else retire();
  }

  /**
   * Starts one worker; resolves once it is idle, or with what went wrong when it did not start. A
   * failed start (a slow one too) is retried after a pause that doubles each time; at start-up
   * (`fatal`), a worker that could not be spawned or exited before it was ready fails the start-up
   * instead: the next ones would fail the same way.
   */
  private async spawnSlot(fatal = false): Promise<string | undefined> {
    if (this.closed) return undefined;
    let worker: WorkerProcess;
    try {
      worker = WorkerProcess.spawn(this.nextId++, this.opts.spawn);
    } catch (err) {
      return this.startFailed(undefined, `could not spawn: ${String(err)}`, fatal);
    }
    const slot: Slot = { worker, state: 'starting', runs: 0, everReady: false };
    this.slots.add(slot);
    void worker.exitedPromise.then(() => {
      // Before it is ready, a worker's exit is a failed start (below).
      if (this.closed || !slot.everReady || (slot.state !== 'idle' && slot.state !== 'starting')) return;
      this.crashes++;
      this.opts.logger.warn(
        { workerId: worker.id, output: worker.outputTail().slice(-500), violation: worker.violation },
        'idle worker died; replacing it',
      );
      this.replace(slot);
    });
    const timeoutMs = this.opts.startTimeoutMs ?? READY_TIMEOUT_MS;
    const ready = await worker.ask({ type: 'hello' }, (m) => m.type === 'ready', timeoutMs);
    if (!ready) {
      if (this.closed) return undefined;
      const exited = !worker.alive;
      slot.state = 'retiring';
      this.slots.delete(slot);
      void worker.retire(0).catch(() => undefined);
      const why = exited ? worker.outputSummary() : `not ready within ${timeoutMs} ms`;
      return this.startFailed(worker.id, why, fatal && exited);
    }
    this.startFailures = 0;
    slot.everReady = true;
    await this.prepare(slot);
    return undefined;
  }

  /** Logs a failed start; unless `fatal`, schedules the next attempt. Returns `why` when fatal. */
  private startFailed(workerId: number | undefined, why: string, fatal: boolean): string | undefined {
    const retryInMs = fatal ? undefined : this.scheduleRespawn();
    this.opts.logger.error({ workerId, output: why, retryInMs }, 'worker did not start');
    return fatal ? why : undefined;
  }

  /**
   * Starts missing workers after a pause that doubles with each round of failed starts (the workers
   * failing together count once); returns the pause.
   */
  private scheduleRespawn(): number {
    if (this.respawnTimer) return this.respawnPauseMs;
    this.startFailures++;
    const base = this.opts.respawnDelayMs ?? RESPAWN_DELAY_MS;
    this.respawnPauseMs = Math.min(MAX_RESPAWN_DELAY_MS, base * 2 ** Math.min(this.startFailures - 1, 16));
    this.respawnTimer = setTimeout(() => {
      this.respawnTimer = undefined;
      this.refill();
    }, this.respawnPauseMs).unref();
    return this.respawnPauseMs;
  }

  /** Leases a browser slot if needed and has the worker prepare a context for the current hint. */
  private prepare(slot: Slot): Promise<void> {
    const previous = slot.preparing ?? Promise.resolve();
    const next = previous.then(() => this.prepareNow(slot));
    slot.preparing = next;
    void next.finally(() => {
      if (slot.preparing === next) slot.preparing = undefined;
    });
    return next;
  }

  private async prepareNow(slot: Slot): Promise<void> {
    if (this.closed || !slot.worker.alive) return;
    try {
      if (!slot.lease?.usable()) {
        slot.lease?.release();
        slot.lease = await this.opts.browsers.lease();
      }
      const key: ContextKey = {
        wsEndpoint: slot.lease.wsEndpoint,
        baseURL: slot.lastBaseURL ?? this.hintBaseURL,
        extraOrigins: this.opts.extraOrigins,
      };
      const keyJson = JSON.stringify(key);
      if (slot.preparedKey !== keyJson) {
        const answer = await slot.worker.ask(
          { type: 'prepare', key },
          (m) => m.type === 'prepared',
          this.opts.startTimeoutMs ?? READY_TIMEOUT_MS,
        );
        slot.preparedKey = answer?.ok === true ? keyJson : undefined;
        slot.preparedAt = performance.now();
      }
    } catch (err) {
      this.opts.logger.warn({ err, workerId: slot.worker.id }, 'preparing a worker failed');
    }
    if (!slot.worker.alive || this.closed || slot.state !== 'starting') return;
    slot.state = 'idle';
    this.handOut(slot);
  }

  /** Gives an idle slot to the oldest waiting run it may serve. */
  private handOut(slot: Slot): void {
    const i = this.waiting.findIndex((w) => servable(slot, w.origin));
    const waiter = i >= 0 ? this.waiting.splice(i, 1)[0] : undefined;
    if (waiter) {
      slot.state = 'busy';
      waiter.give(slot);
      return;
    }
    this.makeRoom();
  }

  /**
   * Runs wait, yet idle workers are tied to other origins: retire those (oldest first) so that fresh
   * workers take their place.
   */
  private makeRoom(): void {
    for (const waiter of this.waiting) {
      if (
        [...this.slots].some(
          (s) => (s.state === 'idle' || s.state === 'starting') && servable(s, waiter.origin),
        )
      )
        continue;
      const foreign = [...this.slots].find((s) => s.state === 'idle' && !servable(s, waiter.origin));
      if (!foreign) return;
      this.replace(foreign);
    }
  }

  private takeIdle(origin: string, signal?: AbortSignal): Promise<Slot> {
    // A worker being killed (e.g. for a protocol violation) stays idle until it exits: not taken.
    const idle = [...this.slots].filter((s) => s.state === 'idle' && s.worker.alive && servable(s, origin));
    // A worker already tied to this origin first: fresh workers stay available for other origins.
    const slot = idle.find((s) => s.origin === origin) ?? idle[0];
    if (slot) {
      slot.state = 'busy';
      return Promise.resolve(slot);
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        origin,
        give: (given) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(given);
        },
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.makeRoom();
      this.refill();
    });
  }

  private leaveBrowser(browserId: number): void {
    for (const slot of this.slots) {
      if (slot.lease?.browserId !== browserId) continue;
      if (slot.state === 'idle') {
        slot.lease.release();
        slot.lease = undefined;
        slot.preparedKey = undefined;
        void this.prepare(slot);
      }
    }
  }
}
