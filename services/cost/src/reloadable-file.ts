import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { Logger } from '@superagent/logging';

// Versioned data files (price table, budget policy) loaded at start and again on SIGHUP. A bad
// file at start fails start-up; a bad file on reload is logged and the previous version stays in
// force, so a typo in production never takes pricing down.

export interface Reloadable<T> {
  current(): T;
  loadedAtMs(): number;
  /** Re-reads the file; false (and a log line) when it is unreadable or invalid. */
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
  return {
    current: () => value,
    loadedAtMs: () => loadedAt,
    async reload() {
      try {
        const next = await readYamlFile(path, interpret);
        logger.info({ file: path, version: next.version, previous: value.version }, `${what} reloaded`);
        value = next;
        loadedAt = now();
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
