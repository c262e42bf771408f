import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveChromiumExecutable } from '../../src/browser/chromium-path';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-path-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A binary to stand for Chromium: this Node (an executable ELF file). */
const BINARY = fs.realpathSync(process.execPath);
const DEBIAN_WRAPPER = '/usr/bin/chromium-headless-shell';
const DEBIAN_BINARY = '/usr/lib/chromium/chromium-headless-shell';

let n = 0;
function script(text: string, mode = 0o755): string {
  const file = path.join(root, `wrapper-${++n}`);
  fs.writeFileSync(file, text, { mode });
  return file;
}

describe('resolveChromiumExecutable', () => {
  it('replaces a script that only forwards its arguments by the binary it runs', () => {
    for (const text of [
      `#!/bin/sh -e\n\n${BINARY} "$@"\n`,
      `#!/bin/sh\n# a comment\nexec ${BINARY} "$@"\n`,
      `#!/usr/bin/env bash\n${BINARY} "$@"`,
    ]) {
      const wrapper = script(text);
      assert.deepEqual(resolveChromiumExecutable(wrapper), { path: BINARY, wrapper }, text);
    }
  });
  it('launches any other script as it is: flags, environment, more commands, a missing binary', () => {
    for (const text of [
      `#!/bin/sh\n${BINARY} --no-sandbox "$@"\n`,
      `#!/bin/sh\nFOO=1 ${BINARY} "$@"\n`,
      `#!/bin/sh\nexport FOO=1\n${BINARY} "$@"\n`,
      `#!/bin/sh\n. /etc/chromium.d/default-flags\n${BINARY} "$@"\n`,
      `#!/bin/sh\n${BINARY} $@\n`,
      `#!/bin/sh\n${BINARY} "$@" --disable-gpu\n`,
      `#!/bin/sh\n${BINARY} "$@"; echo done\n`,
      `#!/usr/bin/python3\n${BINARY} "$@"\n`,
      `#!/bin/sh\n${path.join(root, 'missing')} "$@"\n`,
      `#!/bin/sh\nrelative/chromium "$@"\n`,
    ]) {
      const wrapper = script(text);
      assert.deepEqual(resolveChromiumExecutable(wrapper), { path: wrapper }, text);
    }
  });
  it('does not follow a wrapper to another script', () => {
    const inner = script(`#!/bin/sh\n${BINARY} "$@"\n`);
    const outer = script(`#!/bin/sh\n${inner} "$@"\n`);
    assert.deepEqual(resolveChromiumExecutable(outer), { path: outer });
  });
  it('keeps a binary, and a path it cannot read, as they are', () => {
    assert.deepEqual(resolveChromiumExecutable(BINARY), { path: BINARY });
    const missing = path.join(root, 'no-such-chromium');
    assert.deepEqual(resolveChromiumExecutable(missing), { path: missing });
  });
  it("resolves Debian's chromium-headless-shell wrapper", { skip: !fs.existsSync(DEBIAN_BINARY) }, () => {
    assert.deepEqual(resolveChromiumExecutable(DEBIAN_WRAPPER), {
      path: DEBIAN_BINARY,
      wrapper: DEBIAN_WRAPPER,
    });
  });
});
