// The embedded index's file: one JSON line per stored pattern (its record and vector), appended and
// flushed to disk before the store acknowledges the pattern, so a remembered spec survives a restart.
// Opening replays the lines in order (a later line for an id replaces the earlier one) and rewrites
// the file with only what is kept; appends rewrite it again once most of its lines are stale.
import {
  link,
  mkdir,
  open,
  readFile,
  rename,
  stat,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@superagent/logging';
import type { PatternRecord } from './vector-store';

export interface JournalEntry {
  record: PatternRecord;
  vector: Float32Array;
}

/** Lines a file may hold beyond the patterns kept before it is rewritten: a journal stays ≤ 2× its
 * content, and a small one is not rewritten for every few updates. */
const MIN_STALE_BEFORE_REWRITE = 256;

export class PatternJournalError extends Error {
  constructor(file: string, line: number, why: string) {
    super(`${file}: line ${line}: ${why}`);
    this.name = 'PatternJournalError';
  }
}

export interface PatternJournal {
  /** What the file holds, oldest update first. */
  readonly entries: readonly JournalEntry[];
  /** Writes `entry` and flushes it to disk; `kept` is every pattern the store holds (`entry`
   * included), which is what a rewrite of the file keeps. */
  append(entry: JournalEntry, kept: ReadonlyMap<string, JournalEntry>): Promise<void>;
  close(): Promise<void>;
}

function lineOf(entry: JournalEntry): string {
  return `${JSON.stringify({ record: entry.record, vector: Array.from(entry.vector) })}\n`;
}

function parseLine(text: string): JournalEntry | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'not an object';
  const { record, vector } = value as { record?: Partial<PatternRecord>; vector?: unknown };
  if (typeof record !== 'object' || record === null) return 'no record';
  if (typeof record.id !== 'string' || typeof record.embeddingModel !== 'string')
    return 'the record has no id or model';
  if (!Array.isArray(vector) || !vector.every((x) => typeof x === 'number' && Number.isFinite(x)))
    return 'the vector is not a list of numbers';
  return { record: record as PatternRecord, vector: Float32Array.from(vector) };
}

/**
 * The patterns in `file`'s text, oldest update first, and where its last whole line ends. A last line
 * without its newline is a write that never finished (never acknowledged): it is dropped with a
 * warning. Any other line that is not a pattern means the file was damaged, and opening fails
 * naming it: patterns are never dropped silently.
 */
function replay(file: string, text: string, logger: Logger): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  const lines = text.split('\n');
  const torn = lines.pop() ?? '';
  if (torn !== '')
    logger.warn(
      { file, bytes: Buffer.byteLength(torn) },
      'pattern journal: the last line was cut off by a write that never finished; it is dropped',
    );
  lines.forEach((line, i) => {
    if (line === '') return;
    const entry = parseLine(line);
    if (typeof entry === 'string') throw new PatternJournalError(file, i + 1, entry);
    entries.delete(entry.record.id);
    entries.set(entry.record.id, entry);
  });
  return entries;
}

/** Writes `entries` to a new file beside `file` and renames it over `file`, flushed at each step. */
async function rewrite(file: string, entries: Iterable<JournalEntry>): Promise<void> {
  const fresh = `${file}.${process.pid}.tmp`;
  const handle = await open(fresh, 'w', 0o600);
  try {
    let chunk = '';
    for (const entry of entries) {
      chunk += lineOf(entry);
      if (chunk.length >= 1 << 20) {
        // writeFile (unlike write) keeps writing until the whole chunk is in.
        await handle.writeFile(chunk);
        chunk = '';
      }
    }
    await handle.writeFile(chunk);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(fresh, file);
  await syncDirectory(path.dirname(file));
}

/** Makes a rename in `dir` durable (the directory entry, not only the file's bytes). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Takes `<file>.lock` for `owner` (this process): a second process appending to and rewriting the
 * same file would drop the other's patterns. A lock left by a process that is gone is taken over.
 * Exported for tests, which contend with other live pids as owners.
 */
export async function lockPatternFile(file: string, owner = process.pid): Promise<() => Promise<void>> {
  const lockFile = `${file}.lock`;
  // The lock appears whole or not at all (a hard link to a file already written), so a contender
  // never reads an empty lock and takes it for a dead one.
  const mine = `${lockFile}.${owner}`;
  await writeFile(mine, String(owner), { mode: 0o600 });
  try {
    for (;;) {
      try {
        await link(mine, lockFile);
        return () => unlink(lockFile).catch(() => undefined);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await lockHolder(lockFile);
      if (holder !== undefined && holder !== owner && isAlive(holder))
        throw new Error(`${file} is in use by process ${holder} (${lockFile}); one scribe per pattern file`);
      // A dead holder's lock is moved aside, not deleted: two contenders could both delete it, and
      // the later delete would remove the lock the other has just taken. What was moved is checked.
      const aside = `${lockFile}.stale.${owner}`;
      try {
        await rename(lockFile, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      if ((await lockHolder(aside)) !== holder) await link(aside, lockFile).catch(() => undefined);
      await unlink(aside);
    }
  } finally {
    await unlink(mine).catch(() => undefined);
  }
}

/** The pid a lock file names, or undefined when it names none. */
async function lockHolder(lockFile: string): Promise<number | undefined> {
  const pid = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Opens (or creates) the journal at `file`, keeping at most `maxPatterns` (the least recently
 * updated go first, as in memory), and rewrites it with only those.
 */
export async function openPatternJournal(
  file: string,
  maxPatterns: number,
  logger: Logger,
): Promise<PatternJournal> {
  await mkdir(path.dirname(file), { recursive: true });
  const unlock = await lockPatternFile(file);
  try {
    return await openLocked(file, maxPatterns, logger, unlock);
  } catch (err) {
    await unlock();
    throw err;
  }
}

async function openLocked(
  file: string,
  maxPatterns: number,
  logger: Logger,
  unlock: () => Promise<void>,
): Promise<PatternJournal> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const replayed = replay(file, text, logger);
  const entries = [...replayed.values()].slice(-maxPatterns);
  await rewrite(file, entries);
  let handle: FileHandle = await open(file, 'a', 0o600);
  let lines = entries.length;
  // Bytes of whole lines in the file, and whether a failed write may have left part of a line after them.
  let size = (await handle.stat()).size;
  let torn = false;
  // One write at a time, in the order the store made them.
  let tail: Promise<void> = Promise.resolve();

  const appendNow = async (entry: JournalEntry, kept: ReadonlyMap<string, JournalEntry>): Promise<void> => {
    // A failed write (disk full) may have left part of its line: it is cut off before the next line,
    // which would otherwise be joined to it, and the file, with the patterns acknowledged after it,
    // would no longer open.
    if (torn) {
      await handle.truncate(size);
      torn = false;
    }
    const line = lineOf(entry);
    try {
      await handle.appendFile(line);
      await handle.datasync();
    } catch (err) {
      torn = true;
      throw err;
    }
    size += Buffer.byteLength(line);
    lines++;
    // Only the size is read on every append; the patterns themselves only for a rewrite.
    if (lines - kept.size < Math.max(MIN_STALE_BEFORE_REWRITE, kept.size)) return;
    const keptNow = [...kept.values()];
    try {
      await rewrite(file, keptNow);
    } finally {
      // Appends go to the file at `file`, which a rewrite that failed after its rename (syncing the
      // directory) has replaced all the same: writing on through the old handle would lose them.
      const replaced = (await stat(file)).ino !== (await handle.stat()).ino;
      if (replaced) {
        await handle.close();
        handle = await open(file, 'a', 0o600);
        size = (await handle.stat()).size;
        lines = keptNow.length;
      }
    }
  };

  return {
    entries,
    append(entry, kept) {
      const done = tail.then(() => appendNow(entry, kept));
      // A failed write fails its own upsert; the next one still gets its turn.
      tail = done.catch(() => undefined);
      return done;
    },
    async close() {
      await tail;
      await handle.close();
      await unlock();
    },
  };
}
