// The system Chromium (Debian's chromium-headless-shell package, as the runner uses) as tests and benchmarks launch it on this machine. The runner
// service keeps its own production list (services/runner/src/browser/launcher.ts): it ships in the
// runner's image, which has no devkit, and it is the runner's network policy to change on its own.

export const CHROMIUM_PATH = '/usr/bin/chromium-headless-shell';

/**
 * Headless, no sandbox (everything here runs as root), no GPU, and nothing that reaches out on its
 * own (QUIC, background networking, component updates, sync, first-run): there is no network beyond
 * loopback, and a stray connection attempt only slows a test down.
 */
export const CHROMIUM_TEST_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
