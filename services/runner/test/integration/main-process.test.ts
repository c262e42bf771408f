// The runner as a process: a SIGTERM while it is still starting (its server listens, browsers and
// spec workers are still coming up) shuts it down in order instead of killing it at once.
import assert from 'node:assert/strict';
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
});
