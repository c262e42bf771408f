import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { demoFeatures, startDemoApp, type DemoApp } from '@superagent/demo';
import { startProcess } from '@superagent/devkit';
import { router } from '@superagent/proto';
import { routerClient } from '../src/clients';
import { REPO_ROOT, startStack, type Stack } from '../src/stack';
import { SMALL_RUNNER } from './small-runner';

// Where `superagent watch` / `generate` put a task's spec, against the real services: a passing spec
// under its name; a spec that never passed must not replace it (nor look like a test to Playwright);
// `watch` without --out writes nothing.

const LOGIN = demoFeatures.find((f) => f.id === 'login');
let app: DemoApp | undefined;
let stack: Stack | undefined;
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'superagent-spec-output-'));
  app = await startDemoApp();
  stack = await startStack({ env: { LOG_LEVEL: 'warn' }, serviceEnv: { runner: SMALL_RUNNER } });
});
after(async () => {
  await stack?.stop();
  await app?.stop();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function submitLogin(options: Partial<router.FeatureOptions>): Promise<string> {
  assert.ok(stack && app && LOGIN);
  const client = routerClient(stack.address('router'));
  try {
    const { taskId } = await client.unary(
      'submitFeature',
      router.SubmitFeatureRequest.fromPartial({
        description: LOGIN.description,
        baseUrl: app.url,
        startPath: LOGIN.startPath,
        options: router.FeatureOptions.fromPartial({ fileName: 'login.spec.ts', ...options }),
      }),
    );
    return taskId;
  } finally {
    client.close();
  }
}

/** `superagent watch <id> …` as a user runs it, from `cwd`. */
async function watchCli(
  taskId: string,
  cwd: string,
  ...extra: string[]
): Promise<{ code: number | null; out: string }> {
  assert.ok(stack);
  const lines: string[] = [];
  const cli = await startProcess({
    name: 'superagent-watch',
    command: process.execPath,
    args: [join(REPO_ROOT, 'cli', 'dist', 'src', 'main.js'), 'watch', taskId, ...extra],
    cwd,
    env: { ROUTER_ADDR: stack.address('router'), SUPERAGENT_API_KEY: undefined },
    onLine: (line) => lines.push(line),
  });
  const exit = await cli.exited;
  return { code: exit.code, out: lines.join('\n') };
}

test(
  'a spec that did not pass never replaces a passing one; watch without --out writes nothing',
  { timeout: 180_000 },
  async () => {
    const specs = join(dir, 'specs');
    const passing = await watchCli(await submitLogin({}), dir, '--out', specs);
    assert.equal(passing.code, 0, passing.out);
    const good = await readFile(join(specs, 'login.spec.ts'), 'utf8');

    // Every run of this one times out: the task fails, with a generated spec that never passed.
    const failedTask = await submitLogin({ runTimeoutMs: 1, maxAttempts: 1 });
    const failing = await watchCli(failedTask, dir, '--out', specs);
    assert.equal(failing.code, 1, failing.out);
    assert.equal(await readFile(join(specs, 'login.spec.ts'), 'utf8'), good, 'the passing spec is kept');
    assert.deepEqual((await readdir(specs)).sort(), ['login.spec.ts', 'login.spec.ts.failed']);
    assert.match(failing.out, /spec \(it did not pass\) written to .*login\.spec\.ts\.failed/);

    const plain = await watchCli(failedTask, dir);
    assert.equal(plain.code, 1, plain.out);
    assert.deepEqual((await readdir(dir)).sort(), ['specs'], 'nothing written without --out');
    assert.match(plain.out, /spec not written \(--out <dir> writes it\)/);
  },
);
