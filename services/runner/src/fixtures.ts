// The runner's fixture files (RUNNER_FIXTURES_DIR): plain files a spec or an explore session may
// upload by name. Explore offers their names; every spec run gets a fresh copy in its working
// directory, so a spec's `setInputFiles(['report.txt'])` finds the file explore uploaded.

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
