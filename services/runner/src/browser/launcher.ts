// Launches pooled browsers as Playwright browser servers. Besides the closed-network flags, Chromium's
// host resolver only resolves the allow-listed hosts: whatever a spec does inside the browser (new
// contexts, removed routes), it cannot reach another host. IP literals go through the same rules.

import { chromium, type BrowserServer } from 'playwright-core';
import type { OriginPattern } from '../domain/url-policy';
import type { BrowserLauncher } from '../pool/browser-pool';

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

export function chromiumLauncher(executablePath: string, origins: readonly OriginPattern[]): BrowserLauncher {
  const args = [...CHROMIUM_FLAGS, `--host-resolver-rules=${hostResolverRules(origins)}`];
  return {
    launch: (): Promise<BrowserServer> =>
      chromium.launchServer({
        executablePath,
        args,
        headless: true,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      }),
  };
}
