// "The load runner produces a summary for every ghz config against locally started services": the
// five services run as real processes with the demo app, and every bench/ghz/*.json config goes
// through the Node stand-in for about a second at low concurrency.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { formatGhzSummary } from '../src/ghz/summary';
import { ghzConfigPaths, runGhzConfigs, type ConfigRun } from '../src/ghz/run-configs';
import { startGhzTargets, type GhzTargets } from '../src/ghz/local-targets';

let targets: GhzTargets | undefined;
let runs: ConfigRun[] = [];

before(async () => {
  targets = await startGhzTargets();
  const running = targets;
  runs = await runGhzConfigs(ghzConfigPaths(), (service) => running.hostFor(service), {
    durationMs: 1_000,
    maxConcurrency: 4,
    // One client process per config: forking a second costs more CPU than it measures here.
    processes: 1,
    skipFirst: 0,
    replace: running.replace,
  });
});

after(async () => {
  await targets?.stop();
});

test('every ghz config runs against the local services and gets a ghz summary with only OK answers', () => {
  assert.equal(runs.length, ghzConfigPaths().length);
  assert.ok(runs.length >= 15);
  for (const run of runs) {
    const name = basename(run.path);
    const r = run.result;
    assert.ok(r.count > 0, `${name}: no calls measured`);
    assert.ok(r.rps > 0, `${name}: rps`);
    assert.ok(
      r.latency.p50 > 0 && r.latency.p50 <= r.latency.p95 && r.latency.p95 <= r.latency.p99,
      `${name}: percentiles`,
    );
    assert.deepEqual(r.statusCodes, { OK: r.count }, `${name}: ${r.firstError ?? ''}`);
    const summary = formatGhzSummary(run.config.name ?? run.config.call, r);
    assert.match(summary, new RegExp(`Count:\\t${r.count}\\n`), name);
    assert.match(summary, /Requests\/sec:\t\d+\.\d\d/, name);
    for (const p of [50, 95, 99]) assert.match(summary, new RegExp(`${p} % in \\d+\\.\\d\\d ms`), name);
    assert.match(summary, new RegExp(`\\[OK\\]\\t${r.count} responses`), name);
  }
});

test('the configs cover every unary RPC worth loading on each of the five services', () => {
  const calls = new Set(runs.map((r) => r.config.call));
  for (const call of [
    'superagent.router.v1.RouterService.Route',
    'superagent.router.v1.RouterService.RouteBatch',
    'superagent.router.v1.RouterService.GetStats',
    'superagent.scribe.v1.ScribeService.GenerateTest',
    'superagent.scribe.v1.ScribeService.ValidateTest',
    'superagent.scribe.v1.ScribeService.RememberPattern',
    'superagent.scribe.v1.ScribeService.SearchPatterns',
    'superagent.embedding.v1.EmbeddingService.Embed',
    'superagent.embedding.v1.EmbeddingService.GetInfo',
    'superagent.runner.v1.RunnerService.RunSpec',
    'superagent.runner.v1.RunnerService.GetPoolStats',
    'superagent.cost.v1.CostService.Record',
    'superagent.cost.v1.CostService.RecordBatch',
    'superagent.cost.v1.CostService.Reserve',
    'superagent.cost.v1.CostService.GetBudget',
    'superagent.cost.v1.CostService.GetReport',
  ]) {
    assert.ok(calls.has(call), `no ghz config for ${call}`);
  }
});
