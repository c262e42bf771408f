import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, startProcess, startServiceProcess } from '@superagent/devkit';
import { main } from '../src/main';
import { REPO_ROOT } from '../src/stack';

// Bad option values are usage errors (exit 2) caught before any call, not a failed call (exit 3).
test('option values are checked before anything is called', async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['run', 'a.spec.ts', '--url', 'http://127.0.0.1:1', '--timeout', 'abc'],
      /--timeout takes a whole number ≥ 1, got "abc"/,
    ],
    [
      ['run', 'a.spec.ts', '--url', 'http://127.0.0.1:1', '--timeout', '0'],
      /--timeout takes a whole number ≥ 1, got "0"/,
    ],
    [['cost', 'report', '--days', '1.5'], /--days takes a whole number from 1 to 30, got "1\.5"/],
    [['cost', 'report', '--days', '31'], /--days takes a whole number from 1 to 30, got "31"/],
    [
      ['cost', 'report', '--scope', 'planet'],
      /--scope takes one of tenant, session, feature, global, got "planet"/,
    ],
    [
      ['route', 'Open the menu', '--type', 'bogus'],
      /--type takes one of write_test, execute_test, fix_test, pre_validate, validate, got "bogus"/,
    ],
  ];
  for (const [argv, message] of cases)
    await assert.rejects(main(argv), (err: Error) => {
      assert.equal(err.constructor.name, 'UsageError', err.message);
      assert.match(err.message, message);
      return true;
    });
});

// Values only the service can judge come back INVALID_ARGUMENT: still bad usage (exit 2), while an
// unreachable router is an error (exit 3).
test('a value the router refuses is exit 2 naming the field; an unreachable router is exit 3', async () => {
  const router = await startServiceProcess('router', {
    env: { ROUTER_BUDGET_VIEW: 'off', ROUTER_API_KEYS: undefined },
  });
  try {
    const run = async (...args: string[]) => {
      const lines: string[] = [];
      const cli = await startProcess({
        name: 'superagent',
        command: process.execPath,
        args: [join(REPO_ROOT, 'cli', 'dist', 'src', 'main.js'), ...args],
        env: { ROUTER_ADDR: router.address, SUPERAGENT_API_KEY: undefined },
        onLine: (line) => lines.push(line),
      });
      return { code: (await cli.exited).code, out: lines.join('\n') };
    };
    const badUrl = await run('submit', 'Open the cart', '--url', 'ftp://127.0.0.1/');
    assert.equal(badUrl.code, 2, badUrl.out);
    assert.match(badUrl.out, /base_url: must be http or https/);
    const badId = await run('watch', 'not-a-task-id');
    assert.equal(badId.code, 2, badId.out);
    assert.match(badId.out, /task_id: not a task id/);
    const down = await run(
      'submit',
      'Open the cart',
      '--url',
      'http://127.0.0.1:4000',
      '--router',
      `127.0.0.1:${await freePort()}`,
    );
    assert.equal(down.code, 3, down.out);
  } finally {
    await router.process.stop();
  }
});
