// main.ts as a process: configuration problems exit 78 naming every variable; a good configuration
// reports SERVING (after loading the type-check declarations) and stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { serviceMain, startServiceProcess } from '@superagent/devkit';
import { checkHealth } from '@superagent/grpc';
import { serviceNames } from '@superagent/proto';

const MAIN = serviceMain('scribe');

test('bad configuration exits 78 and names each problem', () => {
  const r = spawnSync(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      SCRIBE_VECTOR_BACKEND: 'qdrant',
      SCRIBE_MAX_ATTEMPTS: '9',
      RUNNER_ADDR: 'nowhere',
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(r.status, 78, r.stderr);
  assert.match(r.stderr, /SCRIBE_MAX_ATTEMPTS/);
  assert.match(r.stderr, /RUNNER_ADDR/);
});

test('starts, reports SERVING, and stops on SIGTERM', { timeout: 90_000 }, async () => {
  const { address, process: proc } = await startServiceProcess('scribe', { timeoutMs: 80_000 });
  try {
    assert.equal(await checkHealth(address, serviceNames.scribe), 'SERVING');
  } finally {
    const exit = await proc.stop('SIGTERM', 15_000);
    assert.equal(exit.code, 0);
  }
});
