// A one-browser pool on the real Chromium for tests that drive the pool (or explore sessions)
// directly, with its own browser home directory, removed by `close`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '@superagent/logging';
import { chromiumLauncher } from '../../src/browser/launcher';
import { DEFAULT_CHROMIUM_PATH } from '../../src/config';
import { parseOriginPattern, type OriginPattern } from '../../src/domain/url-policy';
import { BrowserPool } from '../../src/pool/browser-pool';

/** Every port on loopback: the test sites. */
export const LOOPBACK = parseOriginPattern('http://127.0.0.1:*') as OriginPattern;

export interface TestBrowserPool {
  pool: BrowserPool;
  close(): Promise<void>;
}

export function testBrowserPool(
  name: string,
  opts: { contextsPerBrowser: number; recycleAfter: number },
): TestBrowserPool {
  const home = path.join(os.tmpdir(), `runner-${name}-test-${process.pid}`);
  const pool = new BrowserPool({
    size: 1,
    ...opts,
    launcher: chromiumLauncher(DEFAULT_CHROMIUM_PATH, [LOOPBACK], home),
    logger: silentLogger(),
  });
  return {
    pool,
    async close() {
      await pool.close();
      // Chromium's helper processes of a killed browser may still be writing its temp files here
      // (seen as ENOTEMPTY in a clean-clone CI run): rmSync retries those errors.
      fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}
