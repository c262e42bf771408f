// Launches pooled browsers, each in its own host process (browser-host-main.ts) with a clean
// environment. Besides the closed-network flags, Chromium's host resolver only resolves the
// allow-listed hosts: whatever a spec does inside the browser (new contexts, removed routes), it cannot
// reach another host. IP literals go through the same rules. The endpoint handed out is the host's
// sandbox proxy (sandbox-proxy.ts), never the Playwright server itself.

import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { OriginPattern } from '../domain/url-policy';
import type { BrowserLauncher, LaunchedBrowser } from '../pool/browser-pool';
import { resolveChromiumExecutable, type ChromiumExecutable } from './chromium-path';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const LAUNCH_TIMEOUT_MS = 60_000;

/** `--host-resolver-rules` value that resolves nothing but the hosts of `origins`. */
export function hostResolverRules(origins: readonly OriginPattern[]): string {
  const hosts = new Set<string>();
  for (const o of origins) {
    const host = o.anySubdomain ? `*.${o.host}` : o.host;
    hosts.add(host);
    if (host.startsWith('[')) hosts.add(host.slice(1, -1));
  }
  return ['MAP * ~NOTFOUND', ...[...hosts].map((h) => `EXCLUDE ${h}`)].join(', ');
}

function originString(o: OriginPattern): string {
  return `${o.protocol}//${o.anySubdomain ? '*.' : ''}${o.host}:${o.port}`;
}

function launchInHost(
  executablePath: string,
  args: string[],
  origins: readonly OriginPattern[],
  env: NodeJS.ProcessEnv,
): Promise<LaunchedBrowser> {
  const host = fork(path.join(__dirname, 'browser-host-main.js'), [], {
    env,
    execArgv: [],
    // Its own process group: a Ctrl-C in a terminal signals the whole foreground group, and the
    // browser must stay up until the runner's own shutdown closes it (the host exits when the
    // runner goes away: its IPC channel closes).
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json',
  });
  let stderr = '';
  host.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  // The host reports its browser gone before it exits (and before clients see their connections
  // close), so a run on it is known to have lost its browser when it reports.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    host.once('exit', (code, signal) => resolve({ code, signal }));
    host.on('message', (raw: unknown) => {
      if ((raw as { type?: unknown } | null)?.type === 'gone') resolve({ code: null, signal: null });
    });
  });
  const hostExited = new Promise<void>((resolve) => host.once('exit', () => resolve()));
  host.on('error', () => undefined);
  return new Promise<LaunchedBrowser>((resolve, reject) => {
    const timer = setTimeout(() => {
      host.kill('SIGKILL');
      reject(new Error(`browser host did not launch Chromium within ${LAUNCH_TIMEOUT_MS}ms`));
    }, LAUNCH_TIMEOUT_MS);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`browser host exited during launch (code ${code}, signal ${signal}): ${stderr.trim()}`),
      );
    });
    host.once('message', (raw: unknown) => {
      const msg = raw as { type?: unknown; wsEndpoint?: unknown; controlEndpoint?: unknown; pid?: unknown };
      if (
        msg.type !== 'launched' ||
        typeof msg.wsEndpoint !== 'string' ||
        typeof msg.controlEndpoint !== 'string' ||
        typeof msg.pid !== 'number'
      )
        return;
      clearTimeout(timer);
      const browserPid = msg.pid;
      resolve({
        wsEndpoint: msg.wsEndpoint,
        controlEndpoint: msg.controlEndpoint,
        exited,
        killBrowser: () => {
          try {
            process.kill(browserPid, 'SIGKILL');
          } catch {
            host.kill('SIGKILL');
          }
        },
        close: async () => {
          if (host.exitCode !== null || host.signalCode !== null) return;
          if (host.connected) host.disconnect();
          const force = setTimeout(() => host.kill('SIGKILL'), 5000);
          await hostExited;
          clearTimeout(force);
        },
      });
    });
    host.send({ type: 'launch', executablePath, args, origins: origins.map(originString) });
  });
}

export interface ChromiumLauncher extends BrowserLauncher {
  /** What is launched: the configured path, or the binary a forwarding wrapper script runs. */
  readonly executable: ChromiumExecutable;
}

/**
 * `homeDir` becomes the browsers' HOME and TMPDIR (profiles are created there). A wrapper script that
 * only forwards its arguments (Debian's /usr/bin/chromium-headless-shell) is replaced by the binary it
 * runs, so no shell stays between the browser host and Chromium (chromium-path.ts).
 */
export function chromiumLauncher(
  executablePath: string,
  origins: readonly OriginPattern[],
  homeDir: string,
): ChromiumLauncher {
  const executable = resolveChromiumExecutable(executablePath);
  const args = [...CHROMIUM_FLAGS, `--host-resolver-rules=${hostResolverRules(origins)}`];
  // Chromium runs pages from the web: it gets no service configuration or secrets.
  const env = { HOME: homeDir, TMPDIR: homeDir, PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' };
  return {
    executable,
    launch: () => {
      fs.mkdirSync(homeDir, { recursive: true });
      return launchInHost(executable.path, args, origins, env);
    },
  };
}
