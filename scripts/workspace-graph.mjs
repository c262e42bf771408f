// Keeps the TypeScript reference graph equal to the workspace dependency graph (STYLE rule 10).
// `node scripts/workspace-graph.mjs` rewrites each package's tsconfig `references` and the solution
// tsconfig; `--check` fails listing every package whose references differ.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const read = (p) => JSON.parse(readFileSync(join(root, p), 'utf8'));
const check = process.argv.includes('--check');
const { workspaces } = read('package.json');
const byName = new Map(workspaces.map((w) => [read(`${w}/package.json`).name, w]));
const problems = [];

for (const w of workspaces) {
  const pkg = read(`${w}/package.json`);
  const deps = { ...pkg.dependencies, ...pkg.devDependencies };
  const want = Object.keys(deps)
    .filter((d) => byName.has(d))
    .sort()
    .map((d) => relative(w, byName.get(d)));
  const tsconfig = read(`${w}/tsconfig.json`);
  const have = (tsconfig.references ?? []).map((r) => r.path).sort();
  if (JSON.stringify(have) !== JSON.stringify([...want].sort())) {
    if (check)
      problems.push(`${w}: references ${JSON.stringify(have)} but depends on ${JSON.stringify(want)}`);
    else
      writeFileSync(
        join(root, w, 'tsconfig.json'),
        JSON.stringify({ ...tsconfig, references: want.map((path) => ({ path })) }, null, 2) + '\n',
      );
  }
}
const solution = read('tsconfig.json');
const solutionRefs = (solution.references ?? []).map((r) => r.path);
if (JSON.stringify(solutionRefs) !== JSON.stringify(workspaces)) {
  if (check)
    problems.push(
      `tsconfig.json: references ${JSON.stringify(solutionRefs)} but workspaces are ${JSON.stringify(workspaces)}`,
    );
  else
    writeFileSync(
      join(root, 'tsconfig.json'),
      JSON.stringify({ files: [], references: workspaces.map((path) => ({ path })) }, null, 2) + '\n',
    );
}
if (problems.length) {
  console.error(
    `workspace graph and TypeScript references differ:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
