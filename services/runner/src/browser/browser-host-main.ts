// Entry point of a browser host process, forked by the service for each pooled browser. It launches
// one Playwright browser server, so Chromium and the protocol work of every run on it stay off the
// service's event loop, and Chromium inherits this process's clean environment, not the service's.
// The server listens on a loopback address no allow-list names, under a path only the service learns
// (its own explore sessions connect there); spec workers get the sandbox proxy's endpoint instead, which checks every call
// against the sandbox policy (sandbox-policy.ts). It exits when its browser dies (the service
// counts a crash; it is told first, before any client sees its connection close) and closes the
// browser when the service disconnects.

import { randomBytes } from 'node:crypto';
import { chromium, type BrowserServer } from 'playwright-core';
import { parseOriginPattern, type OriginPattern } from '../domain/url-policy';
import { startSandboxProxy, type SandboxProxy } from './sandbox-proxy';

interface LaunchMessage {
  type: 'launch';
  executablePath: string;
  args: string[];
  /** Origins any run may reach (`scheme://host[:port|:*]`). */
  origins: string[];
}

let server: BrowserServer | undefined;
let proxy: SandboxProxy | undefined;

function isLaunch(msg: unknown): msg is LaunchMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (
    m.type === 'launch' &&
    typeof m.executablePath === 'string' &&
    Array.isArray(m.args) &&
    Array.isArray(m.origins)
  );
}

let browserGone: Promise<void> | undefined;

/** Tells the service the browser is gone (once); resolves when the message has been handed over. */
function reportGone(): Promise<void> {
  browserGone ??= new Promise<void>((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send({ type: 'gone' }, undefined, {}, () => resolve());
  });
  return browserGone;
}

/**
 * Before a client hears that the server closed its connection: if the browser is dying, the service
 * is told first. A connection the server closes while the browser lives waits at most 1 s.
 */
function beforeClientClose(): Promise<void> {
  const exited = server?.process().exitCode !== null || server?.process().signalCode !== null;
  if (exited) return reportGone();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    void (browserGone ?? new Promise<void>(() => undefined)).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A loopback address for the Playwright server that no allow-list names (127.x.y.z, never 127.0.0.1):
 * the server answers `GET /json` with its secret path to anyone who reaches it, so a spec must not be
 * able to reach it at all. Chromium's host rules, the proxy's fetch check and the worker's socket guard
 * all refuse hosts outside the allow-list.
 */
function privateLoopback(origins: readonly OriginPattern[]): string {
  for (;;) {
    const [a, b, c] = randomBytes(3);
    const host = `127.${a ?? 1}.${b ?? 1}.${Math.max(2, Math.min(254, c ?? 2))}`;
    if (host !== '127.0.0.1' && !origins.some((o) => o.host === host)) return host;
  }
}

async function launch(msg: LaunchMessage): Promise<void> {
  const origins = msg.origins
    .map((o) => parseOriginPattern(o))
    .filter((o): o is OriginPattern => o !== undefined);
  const launched = await chromium.launchServer({
    executablePath: msg.executablePath,
    args: msg.args,
    headless: true,
    host: privateLoopback(origins),
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  server = launched;
  launched.process().once('exit', () => {
    void reportGone().finally(() => process.exit(1));
  });
  proxy = await startSandboxProxy({ upstream: launched.wsEndpoint(), origins, beforeClientClose });
  process.send?.({
    type: 'launched',
    wsEndpoint: proxy.wsEndpoint,
    controlEndpoint: launched.wsEndpoint(),
    pid: launched.process().pid ?? 0,
  });
}

process.on('message', (msg: unknown) => {
  if (!isLaunch(msg) || server) return;
  launch(msg).catch((err: unknown) => {
    process.stderr.write(`browser launch failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  });
});

// A backstop: an exception in the proxy must cost at most one connection, never this process (and
// with it the browser every run and session on it uses).
process.on('uncaughtException', (err) => {
  process.stderr.write(`browser host: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
});

process.on('disconnect', () => {
  const closing = Promise.all([proxy?.close(), server?.close()]);
  void closing.finally(() => process.exit(0));
});
