import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartDependencies, layout, lintChart, LINT_SETS } from '../src';

test('helm lint --strict accepts the chart with every values file', () => {
  const report = lintChart(layout());
  assert.equal(report.outcomes.length, LINT_SETS.length);
  for (const r of report.outcomes) assert.ok(r.ok, `${r.valuesFiles.join(' + ')}:\n${r.output}`);
});

test('every dependency is switchable and names its repository', () => {
  const deps = chartDependencies(layout().chartDir);
  assert.deepEqual(
    deps.map((d) => d.name),
    ['redis', 'qdrant', 'jaeger', 'opentelemetry-collector'],
  );
  for (const d of deps) {
    assert.equal(d.condition, `${d.name}.enabled`);
    assert.match(d.repository, /^(https|oci):\/\//);
  }
});
