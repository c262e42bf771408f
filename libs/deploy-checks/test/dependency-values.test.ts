import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  dependencyValueProblems,
  effectiveValues,
  layout,
  LINT_SETS,
  loadServiceSpec,
  SERVICES,
  type ServiceSpec,
} from '../src';
import { scratchCopy } from './support';

const l = layout();
const specs = (): ServiceSpec[] => SERVICES.map((s) => loadServiceSpec(l.root, s));

// The dependency charts are not rendered here, so what their values do to the services is checked
// on the values themselves.
test('the bundled Redis lets the services reach its Sentinels (every values set)', () => {
  const all = specs();
  for (const files of LINT_SETS) {
    const values = effectiveValues(
      l.chartDir,
      files.filter((f) => f !== 'values.yaml'),
    );
    const problems = dependencyValueProblems(values, all);
    assert.deepEqual(problems, [], files.join(' + '));
  }
});

test('password-protected bundled Sentinels (bitnami default) are caught', (t) => {
  const s = scratchCopy();
  t.after(() => s.dispose());
  s.edit('values.yaml', (v) => v.replace('    sentinel: false\n', ''));
  const problems = dependencyValueProblems(effectiveValues(s.chartDir, ['values-prod.yaml']), specs());
  assert.deepEqual(
    problems.map((p) => p.split(':')[0]),
    ['router', 'cost'],
    problems.join('\n'),
  );
  assert.match(problems[0]!, /NOAUTH/);
});
