import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@superagent/devkit';
import { createLogger } from '@superagent/logging';
import { PolicyReloader } from '../../src/policy-reloader';
import { engineWith, policyTextWith } from '../support/routing';

/** A logger whose JSON lines the test can read. */
function capturedLogger() {
  const stream = new PassThrough();
  const lines: Array<Record<string, unknown>> = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger: createLogger({ name: 'router-test', level: 'debug', destination: stream }), lines };
}

describe('policy reload', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'router-policy-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('swaps in a valid file; a broken file keeps the old policy and logs every problem', async () => {
    const path = join(dir, 'reload.yaml');
    await writeFile(path, policyTextWith([[['version'], 'v1']]));
    const engine = engineWith();
    const { logger, lines } = capturedLogger();
    const reloader = new PolicyReloader({ path, holder: engine.policies, logger, debounceMs: 10 });

    assert.equal(await reloader.reload('manual'), 'reloaded');
    assert.equal(engine.policies.current().policy.version, 'v1');
    const generation = engine.policies.current().generation;

    await writeFile(
      path,
      policyTextWith([
        [['version'], 'v2'],
        [['rules', 0, 'tier'], 'gold'],
        [['budgets', 'daily'], 'lots'],
      ]),
    );
    assert.equal(await reloader.reload('sighup'), 'failed');
    assert.equal(engine.policies.current().policy.version, 'v1');
    assert.equal(engine.policies.current().generation, generation);
    assert.equal(engine.policies.reloadFailures, 1);
    const failure = lines.find((l) => l.msg === 'routing policy reload failed: the policy in force stays');
    assert.ok(failure, JSON.stringify(lines));
    assert.equal(failure.level, 'error');
    assert.equal(failure.trigger, 'sighup');
    assert.equal(failure.version, 'v1');
    assert.deepEqual(failure.problems, [
      'budgets.daily: must be a dollar amount ≥ 0 with at most 6 decimals (e.g. \'0.50\'), got "lots"',
      'rules[0].tier: must be one of local, haiku, sonnet, opus, got "gold"',
    ]);

    await rm(path);
    assert.equal(await reloader.reload('manual'), 'failed');
    assert.equal(engine.policies.reloadFailures, 2);
    assert.equal(engine.policies.current().policy.version, 'v1');

    await writeFile(path, policyTextWith([[['version'], 'v1']]));
    assert.equal(await reloader.reload('manual'), 'unchanged');
    reloader.close();
  });

  it('reloads by itself when the file changes, including a replace by rename', async () => {
    const path = join(dir, 'watched.yaml');
    await writeFile(path, policyTextWith([[['version'], 'w1']]));
    const engine = engineWith();
    const { logger } = capturedLogger();
    const reloader = new PolicyReloader({ path, holder: engine.policies, logger, debounceMs: 20 });
    reloader.watch();
    try {
      await writeFile(path, policyTextWith([[['version'], 'w2']]));
      await waitFor(() => engine.policies.current().policy.version === 'w2', {
        timeoutMs: 5_000,
        what: 'reload to w2',
      });
      const staged = join(dir, 'staged.tmp');
      await writeFile(staged, policyTextWith([[['version'], 'w3']]));
      await rename(staged, path);
      await waitFor(() => engine.policies.current().policy.version === 'w3', {
        timeoutMs: 5_000,
        what: 'reload to w3',
      });
    } finally {
      reloader.close();
    }
  });

  it('serves decisions throughout a reload storm without failing one', async () => {
    const path = join(dir, 'storm.yaml');
    await writeFile(path, policyTextWith([[['version'], 's0']]));
    const engine = engineWith();
    const { logger } = capturedLogger();
    const reloader = new PolicyReloader({ path, holder: engine.policies, logger, debounceMs: 1 });
    let decisions = 0;
    for (let round = 1; round <= 20; round++) {
      await writeFile(path, policyTextWith([[['version'], `s${round}`]]));
      const reload = reloader.reload('manual');
      for (let i = 0; i < 50; i++) {
        const out = engine.decide({
          taskIndex: 0,
          description: `request ${round}-${i} to log in`,
          testPath: '',
          scope: { tenantId: '', sessionId: '', featureId: '' },
          previous: undefined,
          attemptsMade: 0,
          maxRank: undefined,
        });
        assert.ok(!(out instanceof Promise) && out.kind === 'route');
        decisions++;
      }
      assert.equal(await reload, 'reloaded');
    }
    assert.equal(decisions, 1000);
    assert.equal(engine.policies.current().policy.version, 's20');
    reloader.close();
  });
});
