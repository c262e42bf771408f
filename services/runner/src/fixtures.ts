// The runner's fixture files (RUNNER_FIXTURES_DIR): plain files a spec or an explore session may
// upload by name. Explore offers their names; every spec run gets a fresh copy in its working
// directory, so a spec's `setInputFiles(['report.txt'])` finds the file explore uploaded. A name
// with no fixture is uploaded as a small generated file of that name, as the spec then does.

import fs from 'node:fs';
import path from 'node:path';

/** More are ignored: fixtures are a handful of sample files, not a data set. */
const MAX_FIXTURES = 100;

/** Names of the regular files directly in `dir`, sorted; none when unset or unreadable. */
export function listFixtures(dir: string | undefined): string[] {
  if (!dir) return [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()
    .slice(0, MAX_FIXTURES);
}

/** Copies the fixtures into `into` (a run's working directory), replacing earlier copies. */
export function copyFixtures(dir: string | undefined, into: string): void {
  for (const name of listFixtures(dir)) {
    fs.copyFileSync(path.join(dir as string, name), path.join(into, name));
  }
}

/** A file a spec or an explore session uploads that the runner has no fixture for. */
export interface GeneratedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** What a name the runner has no fixture for is uploaded as (the spec scribe writes does the same). */
export const GENERATED_FILE_MIME_TYPE = 'application/octet-stream';

/** A plain file name: no folders, no leading dot, at most 100 characters. */
const PLAIN_FILE_NAME = /^[\p{L}\d_][\p{L}\d _.()-]{0,99}$/u;

/**
 * Upload payloads for `names`: the fixture files when every name is one, else a small generated
 * file per name (its bytes: the name and a newline), since Playwright takes either paths or
 * payloads, never both. A name that is no plain file name is refused.
 */
export function uploadFiles(dir: string | undefined, names: readonly string[]): string[] | GeneratedFile[] {
  const known = new Set(listFixtures(dir));
  if (dir && names.every((name) => known.has(name))) return names.map((name) => path.join(dir, name));
  return names.map((name) => {
    if (!PLAIN_FILE_NAME.test(name) || name.includes('..'))
      throw new Error(`"${name}" is not a plain file name to upload`);
    return { name, mimeType: GENERATED_FILE_MIME_TYPE, buffer: Buffer.from(`${name}\n`) };
  });
}
