// Repository hygiene that CI must enforce: generated code, documentation and the build graph
// follow their sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function run(command: string, args: string[]): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test('generated protobuf code matches proto/ (npm run proto:check)', () => {
  const r = run('bash', ['scripts/proto-gen.sh', '--check']);
  assert.equal(r.status, 0, r.output);
});

test('TypeScript project references mirror workspace dependencies', () => {
  const r = run(process.execPath, ['scripts/workspace-graph.mjs', '--check']);
  assert.equal(r.status, 0, r.output);
});

test("README configuration tables match the services' config specs", () => {
  const r = run(process.execPath, ['scripts/env-table.mjs', '--check']);
  assert.equal(r.status, 0, r.output);
});

// The same three checks as `npm run lint`, so a drift fails CI instead of waiting for someone to lint.
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

test('prettier: every file is formatted', () => {
  const r = run(bin('prettier'), ['--check', '--log-level', 'warn', '.']);
  assert.equal(r.status, 0, r.output);
});

test('buf lint: the protos follow the style rules', () => {
  const r = run(bin('buf'), ['lint']);
  assert.equal(r.status, 0, r.output);
});

test('eslint (type-checked, promise rules): no problems', () => {
  const r = run(bin('eslint'), ['.']);
  assert.equal(r.status, 0, r.output);
});
