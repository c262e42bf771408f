// Debian's /usr/bin/chromium-headless-shell is a shell script that runs
// `/usr/lib/chromium/chromium-headless-shell "$@"` without `exec`: it sets no flag and no
// environment variable, yet every pooled browser then keeps an idle /bin/sh as its parent, and the
// pid Playwright reports (the one a crash test kills) is the shell's, not Chromium's. A wrapper that
// does nothing but forward its arguments to one binary is replaced by that binary; any other script
// (flags, environment, sourced files, more than one command) is launched as it is.

import fs from 'node:fs';

/** Wrappers are a few lines; anything larger is not one of them. */
const MAX_WRAPPER_BYTES = 4096;
const SHEBANG = /^#!\s*(\/usr)?\/bin\/(env\s+)?(sh|dash|bash)(\s+-e)?$/;
/** The one command: a binary by absolute path, given exactly the script's arguments. */
const FORWARD = /^(exec\s+)?(\/[A-Za-z0-9._+/-]+)\s+"\$@"$/;
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);

export interface ChromiumExecutable {
  /** What to launch. */
  path: string;
  /** The wrapper script it was found through, when `path` is not what was configured. */
  wrapper?: string;
}

function readHead(file: string, bytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, fs.readSync(fd, buf, 0, bytes, 0));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** An executable ELF file (not another script). */
function isBinary(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return false;
  }
  return readHead(file, 4)?.equals(ELF_MAGIC) === true;
}

/** `configured`, or the binary it runs when it is a wrapper script that only forwards its arguments. */
export function resolveChromiumExecutable(configured: string): ChromiumExecutable {
  const head = readHead(configured, MAX_WRAPPER_BYTES + 1);
  if (!head || head.length > MAX_WRAPPER_BYTES || !head.subarray(0, 2).equals(Buffer.from('#!')))
    return { path: configured };
  const [shebang = '', ...rest] = head.toString('utf8').split('\n');
  if (!SHEBANG.test(shebang.trim())) return { path: configured };
  const commands = rest.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const target = commands.length === 1 ? FORWARD.exec(commands[0] ?? '')?.[2] : undefined;
  if (target === undefined || !isBinary(target)) return { path: configured };
  return { path: target, wrapper: configured };
}
