// Entry point of a browser host process, forked by the service for each pooled browser. It launches
// one Playwright browser server, so Chromium and the protocol work of every run on it stay off the
// service's event loop, and Chromium inherits this process's clean environment, not the service's.
// It exits when its browser dies (the service counts a crash) and closes the browser when the
// service disconnects.

import { chromium, type BrowserServer } from 'playwright-core';

interface LaunchMessage {
  type: 'launch';
  executablePath: string;
  args: string[];
}

let server: BrowserServer | undefined;

function isLaunch(msg: unknown): msg is LaunchMessage {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return m.type === 'launch' && typeof m.executablePath === 'string' && Array.isArray(m.args);
}

process.on('message', (msg: unknown) => {
  if (!isLaunch(msg) || server) return;
  chromium
    .launchServer({
      executablePath: msg.executablePath,
      args: msg.args,
      headless: true,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    })
    .then((launched) => {
      server = launched;
      launched.process().once('exit', () => process.exit(1));
      process.send?.({
        type: 'launched',
        wsEndpoint: launched.wsEndpoint(),
        pid: launched.process().pid ?? 0,
      });
    })
    .catch((err: unknown) => {
      process.stderr.write(`browser launch failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    });
});

process.on('disconnect', () => {
  const closing = server ? server.close() : Promise.resolve();
  void closing.finally(() => process.exit(0));
});
