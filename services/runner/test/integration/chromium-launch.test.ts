// The pooled Chromium's place in the process tree: launched by its browser host directly, with no
// shell in between (Debian's /usr/bin/chromium-headless-shell wrapper does not `exec`), so the pid the
// host reports (and `killBrowser` signals) is Chromium's own.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { chromiumLauncher } from '../../src/browser/launcher';
import { DEFAULT_CHROMIUM_PATH } from '../../src/config';
import { parseOriginPattern, type OriginPattern } from '../../src/domain/url-policy';
import type { LaunchedBrowser } from '../../src/pool/browser-pool';
import { LOOPBACK } from '../helpers/browser-pool';
import { waitUntil } from '../helpers/runner-harness';

interface Proc {
  pid: number;
  ppid: number;
  exe: string;
  args: string[];
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return { pid, ppid, exe: fs.readlinkSync(`/proc/${pid}/exe`), args };
  } catch {
    return undefined; // Gone meanwhile, or not ours to read.
  }
}

/** Processes whose command line holds `marker`. */
function processesWith(marker: string): Proc[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .flatMap((d) => readProc(Number(d)) ?? [])
    .filter((p) => p.args.some((a) => a.includes(marker)));
}

describe('a pooled Chromium process', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-chromium-launch-'));
  let browser: LaunchedBrowser | undefined;
  after(async () => {
    await browser?.close();
    fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it('is a child of its browser host, not of a wrapper shell, and is what killBrowser kills', async () => {
    // An allow-listed host of its own puts a mark on this browser's command line.
    const marker = `launch-${process.pid}-${Date.now()}.invalid`;
    const origins = [LOOPBACK, parseOriginPattern(`http://${marker}:*`) as OriginPattern];
    browser = await chromiumLauncher(DEFAULT_CHROMIUM_PATH, origins, home).launch();
    const marked = processesWith(marker);
    const pids = new Set(marked.map((p) => p.pid));
    // The top of the tree: its parent does not carry the mark.
    const tops = marked.filter((p) => !pids.has(p.ppid));
    assert.equal(tops.length, 1, JSON.stringify(marked.map((p) => [p.pid, p.ppid, p.exe])));
    const [chromium] = tops;
    assert.ok(chromium);
    for (const p of marked) assert.doesNotMatch(p.exe, /\/(sh|dash|bash)$/, `a shell: ${p.args.join(' ')}`);
    assert.ok(!chromium.args.some((a) => a.startsWith('--type=')), 'the browser process, not a helper');
    const host = readProc(chromium.ppid);
    assert.equal(host?.exe, fs.realpathSync(process.execPath), 'its parent is the browser host (Node)');
    assert.ok(
      host?.args.some((a) => a.endsWith('browser-host-main.js')),
      host?.args.join(' '),
    );

    browser.killBrowser();
    await browser.exited;
    await waitUntil(() => readProc(chromium.pid) === undefined, 10_000, 'Chromium gone');
  });
});
