// npm run demo's exit semantics and the demo stack's environment (pure: no services started).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { demoFeatures, type DemoFeature } from '@superagent/demo';
import { DEMO_FIXTURES_DIR, demoServiceEnv } from '../src/demo/demo-stack';
import { demoOutcome, type DemoRow } from '../src/demo/run-demo';

function row(feature: DemoFeature, fields: Partial<DemoRow>): DemoRow {
  return {
    feature,
    taskId: `t-${feature.id}`,
    verdict: 'passed',
    tier: 'local',
    attempts: 1,
    caught: true,
    seconds: 1,
    costMicros: 0,
    ...fields,
  };
}

const simple = demoFeatures.filter((f) => f.kind === 'simple');
const complex = demoFeatures.filter((f) => f.kind === 'complex');

test('a clean run with honest complex failures exits 0', () => {
  const rows = [
    ...simple.map((f) => row(f, {})),
    ...complex.map((f, i) =>
      row(
        f,
        i % 2 === 0
          ? { verdict: 'failed', caught: undefined, attempts: 3, error: 'validation rejected' }
          : {},
      ),
    ),
  ];
  const outcome = demoOutcome({ rows, totalSeconds: 10 });
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.errors.length, 0);
  assert.equal(outcome.simpleCaught, simple.length);
});

test('a task that ended in ERROR makes the run fail with 1', () => {
  const [first, ...rest] = demoFeatures;
  assert.ok(first);
  const rows = [
    row(first, { verdict: 'error', caught: undefined, error: 'runner unavailable' }),
    ...rest.map((f) => row(f, {})),
  ];
  const outcome = demoOutcome({ rows, totalSeconds: 10 });
  assert.equal(outcome.exitCode, 1);
  assert.deepEqual(
    outcome.errors.map((r) => r.feature.id),
    [first.id],
  );
});

test('a passing spec whose broken-variant check could not run is an error, not a caught bug', () => {
  const rows = demoFeatures.map((f, i) =>
    row(
      f,
      i === 0
        ? { caught: undefined, error: 'the broken-variant run could not be done: RUN_STATUS_ERROR' }
        : {},
    ),
  );
  const outcome = demoOutcome({ rows, totalSeconds: 10 });
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.errors.length, 1);
});

test('a clean run below the simple-feature bar exits 2', () => {
  const rows = demoFeatures.map((f, i) => row(f, i < 2 && f.kind === 'simple' ? { caught: false } : {}));
  const outcome = demoOutcome({ rows, totalSeconds: 10 });
  assert.equal(outcome.simpleCaught, simple.length - 2);
  assert.equal(outcome.exitCode, 2);
});

test('the demo stack gives the runner the committed fixtures and matching explore slots', () => {
  const env = demoServiceEnv({ runner: { RUNNER_TRACE: 'off' } });
  assert.equal(env.runner?.RUNNER_FIXTURES_DIR, DEMO_FIXTURES_DIR);
  assert.equal(env.runner?.RUNNER_TRACE, 'off');
  assert.equal(env.runner?.RUNNER_EXTRA_ORIGINS, 'http://127.0.0.1:*');
  assert.equal(env.runner?.RUNNER_MAX_EXPLORE_SESSIONS, env.scribe?.SCRIBE_MAX_EXPLORES);
  const n = (name: string): number => Number(env.runner?.[name]);
  assert.ok(
    n('RUNNER_BROWSERS') * n('RUNNER_CONTEXTS_PER_BROWSER') >=
      n('RUNNER_WORKERS') + n('RUNNER_MAX_EXPLORE_SESSIONS'),
    'a context slot for every worker and every explore session',
  );
  assert.ok(existsSync(DEMO_FIXTURES_DIR), `${DEMO_FIXTURES_DIR} exists`);
  assert.ok(readdirSync(DEMO_FIXTURES_DIR).length >= 2, 'at least two files to upload');
});
