// Entry point of a spec worker process (forked by the service with a clean environment, a scratch
// directory as cwd, Node's permission model and a heap cap). It prepares a browser context ahead of
// time, runs one spec per `run` message and reports results over IPC. It trusts nothing in the spec.

import fs from 'node:fs';
import path from 'node:path';
import { devices, errors } from 'playwright-core';
import { originMatches } from '../domain/url-policy';
import { builtinRegistry } from './builtin-fixtures';
import { BrowserSession } from './browser-session';
import { installNodeNetworkGuard, type Destination } from './node-network-guard';
import { hardenProcess } from './process-hardening';
import type { RunMessage, ServiceToWorker, WorkerReport, WorkerToService } from './protocol';
import { RunRecorder } from '../browser/event-recorder';
import { ExpectBridge } from './runtime/expect-bridge';
import { SpecExecutor } from './runtime/execute';

process.setSourceMapsEnabled(true);

const send = (msg: WorkerToService): void => {
  process.send?.(msg);
};

// Destinations Node code in this process may connect to: the pooled browsers and the run's origins.
const browserHosts = new Set<string>();
let currentRun: RunMessage | undefined;

function portOf(u: URL): number {
  return Number(u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? 443 : 80));
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

installNodeNetworkGuard(allowedDestination);
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

async function runSpec(msg: RunMessage): Promise<WorkerReport> {
  currentRun = msg;
  noteBrowser(msg.key.wsEndpoint);
  const runDir = path.resolve('runs', msg.runId.replace(/[^A-Za-z0-9_-]/g, '_'));
  fs.mkdirSync(runDir, { recursive: true });
  const specPath = path.join(runDir, path.basename(msg.fileName));
  fs.writeFileSync(specPath, msg.source);
  const recorder = new RunRecorder();
  session.recorder = recorder;
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
      moduleExtras: { devices, errors, defineConfig: (config: unknown) => config },
      setExpectTestInfo: (info) => bridge.setTestInfo(info),
      setCurrentTest: (index) => {
        recorder.testIndex = index;
      },
      setRemainingTests: (count) => {
        remaining = count;
      },
    },
  );
  const out = await executor.run({
    onTestBegin: (index, titlePath) => send({ type: 'test-begin', runId: msg.runId, index, titlePath }),
    onTestEnd: (index, result) => send({ type: 'test-end', runId: msg.runId, index, result }),
  });
  executor = undefined;
  session.recorder = undefined;
  return {
    tests: out.tests,
    ...(out.loadError ? { loadError: out.loadError } : {}),
    consoleErrors: recorder.consoleErrors,
    failedRequests: recorder.failedRequests,
    artifacts: recorder.artifacts,
  };
}

process.on('message', (raw: ServiceToWorker) => {
  if (raw.type === 'prepare') {
    noteBrowser(raw.key.wsEndpoint);
    session.prepare(raw.key).then(
      () => send({ type: 'prepared', ok: true }),
      (err: unknown) =>
        send({ type: 'prepared', ok: false, error: err instanceof Error ? err.message : String(err) }),
    );
  } else if (raw.type === 'run') {
    runSpec(raw).then(
      (report) => send({ type: 'done', runId: raw.runId, report }),
      (err: unknown) =>
        send({
          type: 'done',
          runId: raw.runId,
          report: {
            tests: [],
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
});

// The service closes the IPC channel to retire a worker.
process.on('disconnect', () => {
  void session.close().finally(() => process.exit(0));
});

send({ type: 'ready' });
