import { readFile } from 'node:fs/promises';
import { parse, YAMLError } from 'yaml';
import { ConfigError } from '@superagent/config';
import type { Logger } from '@superagent/logging';

// Versioned data files (price table, budget policy) loaded at start and again on SIGHUP. A bad
// file at start is bad configuration (exit 78, naming the variable and the file); a bad file on
// reload is logged and the previous version stays in force, so a typo in production never takes
// pricing down.

export interface Reloadable<T> {
  current(): T;
  loadedAtMs(): number;
  /**
   * Re-reads the file; false (and a log line) when it is unreadable or invalid. What an earlier,
   * overlapping reload reads never replaces what a later one put in force.
   */
  reload(): Promise<boolean>;
}

export async function readYamlFile<T>(path: string, interpret: (doc: unknown) => T): Promise<T> {
  const text = await readFile(path, 'utf8');
  return interpret(parse(text));
}

export async function loadReloadable<T extends { version: string }>(
  what: string,
  path: string,
  interpret: (doc: unknown) => T,
  logger: Logger,
  now: () => number = Date.now,
): Promise<Reloadable<T>> {
  let value = await readYamlFile(path, interpret);
  let loadedAt = now();
  logger.info({ file: path, version: value.version }, `${what} loaded`);
  // Reloads can overlap (two SIGHUPs in a row) and their reads finish in any order: a reload
  // started earlier read the file earlier, so it never replaces what a later one put in force.
  let started = 0;
  let inForce = 0;
  return {
    current: () => value,
    loadedAtMs: () => loadedAt,
    async reload() {
      const attempt = ++started;
      try {
        const next = await readYamlFile(path, interpret);
        if (attempt < inForce) {
          logger.info(
            { file: path, version: next.version, inForce: value.version },
            `${what} read by an earlier reload is not applied: a later reload is in force`,
          );
          return true;
        }
        logger.info({ file: path, version: next.version, previous: value.version }, `${what} reloaded`);
        value = next;
        loadedAt = now();
        inForce = attempt;
        return true;
      } catch (err: unknown) {
        logger.error(
          { err, file: path, version: value.version },
          `${what} reload failed; keeping the loaded version`,
        );
        return false;
      }
    },
  };
}

export interface DataFile<T> {
  /** The variable naming the file (COST_PRICES_PATH): what the operator has to fix. */
  readonly variable: string;
  readonly what: string;
  readonly path: string;
  readonly interpret: (doc: unknown) => T;
}

/** PriceTableError and BudgetPolicyError: a parser's list of everything wrong with a document. */
function listsProblems(err: unknown): err is Error & { problems: readonly string[] } {
  return err instanceof Error && Array.isArray((err as { problems?: unknown }).problems);
}

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** What is wrong with a file, as configuration problems; anything else (a bug) is rethrown. */
function fileProblems(file: DataFile<unknown>, err: unknown): string[] {
  const where = `${file.variable} (${file.what} ${file.path})`;
  if (listsProblems(err)) return err.problems.map((p) => `${where}: ${p}`);
  if (isFileSystemError(err))
    return [`${where}: cannot be read: ${err.message.split(',')[0] ?? err.message}`];
  if (err instanceof YAMLError) return [`${where}: is not valid YAML: ${err.message.split('\n')[0] ?? ''}`];
  throw err;
}

/**
 * Loads every file at start. An unreadable or invalid file is a ConfigError (exit 78, as for a bad
 * variable) that lists the problems of all the files at once.
 */
export async function loadAtStart<const T extends readonly { version: string }[]>(
  files: { readonly [K in keyof T]: DataFile<T[K]> },
  logger: Logger,
): Promise<{ [K in keyof T]: Reloadable<T[K]> }> {
  const list = files as readonly DataFile<{ version: string }>[];
  const settled = await Promise.allSettled(
    list.map((f) => loadReloadable(f.what, f.path, f.interpret, logger)),
  );
  const problems = settled.flatMap((r, i) =>
    r.status === 'rejected' && list[i] ? fileProblems(list[i], r.reason) : [],
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as {
    [K in keyof T]: Reloadable<T[K]>;
  };
}
