// The runner as a process: a SIGTERM while it is still starting (its server listens, browsers and
// spec workers are still coming up) shuts it down in order instead of killing it at once; a Ctrl-C
// in a terminal, which signals every process of the foreground group, stops it in order too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { freePort, serviceCommand, startProcess } from '@superagent/devkit';

describe('runner main.ts as a process', () => {
  it('on a SIGTERM during start-up, shuts down in order: exit 0, never ready', async () => {
    const { command, args } = serviceCommand('runner');
    let listening = false;
    const runner = await startProcess({
      name: 'runner-stopped-while-starting',
      command,
      args,
      env: {
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
      },
      // Its server listens before the browsers and workers are up (health NOT_SERVING meanwhile).
      readyWhen: async () => listening,
      onLine: (line) => {
        if (line.includes('grpc server listening')) listening = true;
      },
    });
    const exit = await runner.stop('SIGTERM', 30_000);
    const output = runner.tail().join('\n');
    assert.deepEqual(exit, { code: 0, signal: null }, output);
    assert.match(
      output,
      /"steps":\["not-serving","drain","try-shutdown","close:runner pools"\],"failed":\[\]/,
    );
    assert.doesNotMatch(output, /runner ready/);
  });

  it('on a Ctrl-C to its whole process group, its workers and browsers are not killed under it: exit 0', async () => {
    const { command, args } = serviceCommand('runner');
    // Its own group, as a terminal's foreground job: the signal below reaches every process in it.
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        OTEL_SDK_DISABLED: 'true',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        RUNNER_BROWSERS: '1',
        RUNNER_CONTEXTS_PER_BROWSER: '4',
        RUNNER_WORKERS: '2',
        RUNNER_MAX_EXPLORE_SESSIONS: '2',
      },
    });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      const deadline = Date.now() + 60_000;
      while (!output.includes('runner ready')) {
        assert.ok(Date.now() < deadline, `the runner did not get ready:\n${output}`);
        assert.equal(child.exitCode, null, `the runner exited while starting:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      process.kill(-(child.pid ?? 0), 'SIGINT');
      const [code, signal] = await exited;
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, output);
      assert.match(
        output,
        /"steps":\["not-serving","drain","try-shutdown","close:runner pools"\],"failed":\[\]/,
      );
      // Before, its spec workers died of the signal at once, and the pool tried to replace them.
      assert.doesNotMatch(output, /worker died|preparing a worker failed|browser .*(?:exited|gone)/i, output);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
    }
  });
});
