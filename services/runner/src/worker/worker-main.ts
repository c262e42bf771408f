// Entry point of a spec worker process (forked by the service with a clean environment, a scratch
// directory as cwd, Node's permission model and a heap cap). It prepares a browser context ahead of
// time, runs one spec per `run` message and reports results over its channel (worker/channel.ts),
// each answer stamped with the nonce of the request. It trusts nothing in the spec.

import fs from 'node:fs';
import path from 'node:path';
import { devices, errors } from 'playwright-core';
import type { BrowserMisuse } from '../domain/run-result';
import {
  MAX_TITLE_CHARS,
  sanitizeReport,
  sanitizeTest,
  type SanitizedReport,
} from '../domain/sanitize-report';
import { originMatches } from '../domain/url-policy';
import { countTests } from '../domain/verdict';
import { builtinRegistry } from './builtin-fixtures';
import { BrowserSession, browserMisuse } from './browser-session';
import { openChannel, replier, type Reply } from './channel';
import { installNodeNetworkGuard, type Destination } from './node-network-guard';
import { hardenProcess } from './process-hardening';
import {
  MAX_FRAME_BYTES,
  runDirectory,
  type RunMessage,
  type ServiceToWorker,
  type WorkerReport,
} from './protocol';
import { RunRecorder } from '../browser/event-recorder';
import { ExpectBridge } from './runtime/expect-bridge';
import { SpecExecutor } from './runtime/execute';

process.setSourceMapsEnabled(true);

/** The worker's scratch directory (its working directory between runs; the worker cannot write there). */
const scratch = process.cwd();
const scratchTmp = process.env.TMPDIR;
const scratchHome = process.env.HOME;

function restoreEnv(name: 'TMPDIR' | 'HOME', value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

// Destinations Node code in this process may connect to: the pooled browsers and the run's origins.
const browserHosts = new Set<string>();
let currentRun: RunMessage | undefined;

function portOf(u: URL): number {
  return Number(u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80));
}

function allowedHost(host: string): boolean {
  for (const known of browserHosts) if (known.slice(0, known.lastIndexOf(':')) === host) return true;
  if (!currentRun) return false;
  if (new URL(currentRun.key.baseURL).hostname.replace(/^\[|\]$/g, '').toLowerCase() === host) return true;
  const h = host.includes(':') ? `[${host}]` : host;
  return currentRun.key.extraOrigins.some(
    (p) => p.protocol === 'http:' && originMatches({ ...p, port: '*' }, new URL(`http://${h}/`)),
  );
}

function allowedDestination(dest: Destination): boolean {
  if (browserHosts.has(`${dest.host}:${dest.port}`)) return true;
  if (!currentRun) return false;
  const base = new URL(currentRun.key.baseURL);
  if (base.hostname.replace(/^\[|\]$/g, '').toLowerCase() === dest.host && portOf(base) === dest.port)
    return true;
  const host = dest.host.includes(':') ? `[${dest.host}]` : dest.host;
  return currentRun.key.extraOrigins.some(
    (p) =>
      originMatches(p, new URL(`http://${host}:${dest.port}`)) ||
      originMatches(p, new URL(`https://${host}:${dest.port}`)),
  );
}

installNodeNetworkGuard(allowedDestination, allowedHost);
hardenProcess();

function noteBrowser(wsEndpoint: string): void {
  const u = new URL(wsEndpoint);
  browserHosts.add(`${u.hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${portOf(u)}`);
}

const bridge = new ExpectBridge();
const session = new BrowserSession();
let executor: SpecExecutor | undefined;

const uncaught = (err: unknown): void => {
  if (executor) executor.reportUncaught(err);
};
process.on('uncaughtException', uncaught);
process.on('unhandledRejection', uncaught);

/** Largest report line written: the service refuses longer ones (protocol.ts). */
const MAX_REPORT_CHARS = Math.floor((MAX_FRAME_BYTES - 4096) / 3);

/**
 * The report capped the way the service reads it (sanitizeReport: the first MAX_TESTS tests, counts
 * over all), then shrunk until its line fits the service's limit: stacks go first, then all but the
 * first error of each test, then the test list (the counts always stay).
 */
function fitReport(raw: WorkerReport): SanitizedReport {
  const report = sanitizeReport(raw);
  const fits = (r: SanitizedReport): boolean => JSON.stringify(r).length <= MAX_REPORT_CHARS;
  if (fits(report)) return report;
  const lean: SanitizedReport = {
    ...report,
    tests: report.tests.map((t) => ({
      ...t,
      errors: t.errors
        .slice(0, 1)
        .map(({ stack: _stack, ...e }) => ({ ...e, message: e.message.slice(0, 2000) })),
    })),
    consoleErrors: report.consoleErrors.slice(0, 50),
    failedRequests: report.failedRequests.slice(0, 50),
  };
  if (fits(lean)) return lean;
  return {
    ...lean,
    tests: [],
    truncated: true,
    loadError: {
      message: 'Error: the run produced a report too large to send; split the spec',
      category: 'unknown',
    },
  };
}

/**
 * Runs a spec with its run directory as the working directory, HOME and TMPDIR, so what it writes
 * there (relative paths, `page.screenshot({ path })`, temporary files, dot files in `os.homedir()`)
 * goes when the service removes the directory after the run. It is the only place the worker may
 * write: a write anywhere else is refused (errors.ts says so in the test's error).
 */
async function runSpec(msg: RunMessage, reply: Reply): Promise<WorkerReport> {
  const runDir = runDirectory(scratch, msg.runId);
  fs.mkdirSync(path.join(runDir, 'tmp'), { recursive: true });
  process.chdir(runDir);
  process.env.TMPDIR = path.join(runDir, 'tmp');
  process.env.HOME = runDir;
  try {
    return await runSpecIn(runDir, msg, reply);
  } finally {
    // The directory is about to be removed: nothing may be left pointing into it.
    process.chdir(scratch);
    restoreEnv('TMPDIR', scratchTmp);
    restoreEnv('HOME', scratchHome);
  }
}

async function runSpecIn(runDir: string, msg: RunMessage, reply: Reply): Promise<WorkerReport> {
  currentRun = msg;
  noteBrowser(msg.key.wsEndpoint);
  const specPath = path.join(runDir, path.basename(msg.fileName));
  fs.writeFileSync(specPath, msg.source);
  const recorder = new RunRecorder();
  session.recorder = recorder;
  // A browser that dies under the run fails its tests with "Target page, context or browser has been
  // closed" errors before the host's notice of it reaches the service (another pipe), so the report
  // says so itself. A browser the service handed out that cannot be reached at all counts too; the
  // connection going away because the spec called browser.close() does not, nor does it closing
  // because of what the spec sent on it or the browser sent back (reported as that:
  // browser-session.ts, browserMisuse).
  const browser = await session.browser(msg.key.wsEndpoint).catch(() => undefined);
  let browserDisconnected = browser?.isConnected() !== true;
  let misuse: BrowserMisuse | undefined;
  const onDisconnected = (): void => {
    const found = browser && browserMisuse(browser);
    if (found) misuse = found;
    else browserDisconnected = true;
  };
  browser?.once('disconnected', onDisconnected);
  let remaining = 0;
  const registry = builtinRegistry({ session, run: msg, recorder, remainingTests: () => remaining });
  executor = new SpecExecutor(
    {
      code: msg.code,
      specPath,
      fileName: msg.fileName,
      testTimeoutMs: msg.testTimeoutMs,
      outputDir: path.join(runDir, 'out'),
    },
    {
      registry,
      expect: bridge.expectWithTimeout(msg.expectTimeoutMs),
      moduleExtras: {
        devices,
        errors,
        defineConfig: (config: unknown) => config,
        mergeExpects: bridge.mergeExpectsWithTimeout(msg.expectTimeoutMs),
      },
      setExpectTestInfo: (info) => bridge.setTestInfo(info),
      setCurrentTest: (index) => {
        recorder.testIndex = index;
      },
      setRemainingTests: (count) => {
        remaining = count;
      },
    },
  );
  const out = await executor
    .run({
      onTestBegin: (index, titlePath) =>
        reply({
          type: 'test-begin',
          runId: msg.runId,
          index,
          // A huge title must not turn into an oversize message (a protocol violation).
          titlePath: titlePath.slice(0, 20).map((t) => t.slice(0, MAX_TITLE_CHARS)),
        }),
      onTestEnd: (index, result) =>
        reply({ type: 'test-end', runId: msg.runId, index, result: sanitizeTest(result) ?? result }),
    })
    .finally(() => browser?.off('disconnected', onDisconnected));
  executor = undefined;
  session.recorder = undefined;
  return {
    tests: out.tests,
    counts: countTests(out.tests),
    ...(out.loadError ? { loadError: out.loadError } : {}),
    ...(out.runError ? { runError: out.runError } : {}),
    consoleErrors: recorder.consoleErrors,
    failedRequests: recorder.failedRequests,
    artifacts: recorder.artifacts,
    browserDisconnected: browserDisconnected && !recorder.browserClosedBySpec,
    ...(misuse ? { browserMisuse: misuse } : {}),
  };
}

function onMessage(raw: ServiceToWorker): void {
  // The nonce stays in this closure and the reply function: nothing passed on to spec code holds it.
  const { nonce, ...msg } = raw;
  const reply = replier(nonce);
  if (msg.type === 'hello') {
    reply({ type: 'ready' });
  } else if (msg.type === 'prepare') {
    noteBrowser(msg.key.wsEndpoint);
    session.prepare(msg.key).then(
      () => reply({ type: 'prepared', ok: true }),
      (err: unknown) =>
        reply({ type: 'prepared', ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  } else if (msg.type === 'run') {
    const runId = msg.runId;
    runSpec(msg, reply).then(
      (report) => reply({ type: 'done', runId, report: fitReport(report) }),
      (err: unknown) =>
        reply({
          type: 'done',
          runId,
          report: {
            tests: [],
            counts: countTests([]),
            loadError: {
              message: `runner error: ${err instanceof Error ? err.message : String(err)}`,
              category: 'unknown',
            },
            consoleErrors: [],
            failedRequests: [],
            artifacts: [],
          },
        }),
    );
  }
}

// The service ends the channel to retire a worker (and it ends if the service is gone).
openChannel(onMessage, () => {
  void session.close().finally(() => process.exit(0));
});
