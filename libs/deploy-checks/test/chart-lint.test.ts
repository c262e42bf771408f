import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  at,
  chartDependencies,
  layout,
  lintChart,
  LINT_SETS,
  parseYamlObject,
  runHelm,
  stageChart,
} from '../src';
import { scratchCopy } from './support';

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

test('NOTES.txt tells how to port-forward the router and open Jaeger', (t) => {
  const s = scratchCopy();
  t.after(() => s.dispose());
  // helm template never prints NOTES.txt: a scratch template carries its rendering in a ConfigMap.
  writeFileSync(
    path.join(s.chartDir, 'templates/notes-copy.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  notes: {{ include "superagent/templates/NOTES.txt" . | toJson }}\n',
  );
  const staged = stageChart(s.chartDir);
  t.after(() => staged.dispose());
  const notes = (values: string) => {
    const r = runHelm(s.root, [
      'template',
      'superagent',
      staged.dir,
      '-n',
      'superagent',
      '-f',
      path.join(staged.dir, values),
      '--show-only',
      'templates/notes-copy.yaml',
    ]);
    assert.ok(r.ok, r.stderr);
    return String(at(parseYamlObject(r.stdout, 'notes'), 'data.notes'));
  };
  const dev = notes('values-dev.yaml');
  assert.match(dev, /kubectl -n superagent port-forward svc\/superagent-router 50051:50051/);
  assert.match(dev, /kubectl -n superagent port-forward svc\/superagent-jaeger-query 16686:16686/);
  assert.match(dev, /http:\/\/127\.0\.0\.1:16686/);
  const prod = notes('values-prod.yaml');
  assert.match(prod, /port-forward svc\/superagent-router 50051:50051/);
  assert.match(prod, /Provider keys come from the Secret "superagent-secrets"/);
  assert.match(prod, /SUPERAGENT_API_KEY=<key> npx superagent/);
  assert.doesNotMatch(dev, /SUPERAGENT_API_KEY/);
  // Loopback-only origins (the services' defaults) are useless in a cluster: NOTES says so until set.
  assert.match(
    prod,
    /until services\.scribe\.env\.SCRIBE_ALLOWED_ORIGINS and services\.runner\.env\.RUNNER_ALLOWED_ORIGINS/,
  );
  assert.match(prod, /egress also needs their addresses/);
  writeFileSync(
    path.join(staged.dir, 'origins.yaml'),
    "services:\n  runner: { env: { RUNNER_ALLOWED_ORIGINS: 'https://*.example.com:*' } }\n  scribe: { env: { SCRIBE_ALLOWED_ORIGINS: 'https://*.example.com:*' } }\n",
  );
  assert.doesNotMatch(notes('origins.yaml'), /ALLOWED_ORIGINS/);
});
