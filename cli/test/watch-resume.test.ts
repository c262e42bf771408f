import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  freePort,
  startProcess,
  startRedisServer,
  startServiceProcess,
  waitFor,
  type ManagedProcess,
  type RedisServer,
} from '@superagent/devkit';
import { REPO_ROOT } from '../src/stack';

// `superagent generate` against a durable router (PIPELINE_STORE=redis): the router process is
// killed mid-task and another one takes its place on the same address. The task survives in Redis
// and is finished by the new process; the CLI must follow it to the end instead of stopping with
// "Connection dropped" (exit 3) while the task goes on without it.

const started: { stop(): Promise<unknown> }[] = [];
after(async () => {
  for (const s of started.reverse()) await s.stop().catch(() => undefined);
});

async function startRouter(redis: RedisServer, port: number, env: Record<string, string>) {
  const deadScribe = `127.0.0.1:${await freePort()}`;
  const { process: proc } = await startServiceProcess('router', {
    port,
    env: {
      PIPELINE_STORE: 'redis',
      REDIS_URL: redis.url,
      PIPELINE_LEASE_MS: '1000',
      // Nothing answers here: the task waits in its generate stage (UNAVAILABLE is retried).
      SCRIBE_ADDR: deadScribe,
      RUNNER_ADDR: deadScribe,
      ROUTER_BUDGET_VIEW: 'off',
      ANTHROPIC_API_KEY: undefined,
      GOOGLE_API_KEY: undefined,
      ROUTER_API_KEYS: undefined,
      ...env,
    },
  });
  started.push(proc);
  return proc;
}

test('generate follows a task across a router restart to its end', async () => {
  const redis = await startRedisServer();
  started.push(redis);
  const port = await freePort();
  const first = await startRouter(redis, port, { PIPELINE_UNAVAILABLE_RETRY_MS: '600000' });

  const lines: string[] = [];
  const cli: ManagedProcess = await startProcess({
    name: 'superagent-generate',
    command: process.execPath,
    args: [
      join(REPO_ROOT, 'cli', 'dist', 'src', 'main.js'),
      'generate',
      'Log in with email demo@example.com and password demo-pass and see "Welcome, Demo User"',
      '--url',
      'http://127.0.0.1:4000',
      '--path',
      '/login',
      '--out',
      join(redis.dir, 'specs'),
      '--json',
    ],
    env: { ROUTER_ADDR: `127.0.0.1:${port}`, SUPERAGENT_API_KEY: undefined },
    onLine: (line) => lines.push(line),
  });
  started.push(cli);
  await waitFor(async () => lines.some((l) => l.includes('generating')), {
    timeoutMs: 20_000,
    what: 'the task to reach its generate stage',
  });

  first.kill('SIGKILL');
  await first.exited;
  // The replacement gives up on the dead scribe at once: the task ends with ERROR, its last events
  // written by the new process.
  await startRouter(redis, port, { PIPELINE_UNAVAILABLE_RETRY_MS: '0' });

  const exit = await cli.exited;
  const output = lines.join('\n');
  assert.equal(exit.code, 1, `a task that ended in ERROR is exit 1, not an error of the CLI:\n${output}`);
  assert.match(output, /router unreachable .*reconnecting/);
  assert.match(output, /\berror\b.*scribe/i, 'the ERROR event of the new router process');
  assert.match(output, /completed/);
  const summary = lines.find((l) => l.startsWith('{'));
  assert.ok(summary, output);
  assert.equal((JSON.parse(summary) as { status: string }).status, 'error');
  const submitted = lines.filter((l) => /\bsubmitted · feature\b/.test(l));
  assert.equal(submitted.length, 1, 'each event printed once');
});
