import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  effectiveValues,
  layout,
  LINT_SETS,
  loadServiceSpec,
  renderOwnObjects,
  sentinelAuthProblems,
  SERVICES,
  type ServiceSpec,
} from '../src';
import { scratchCopy } from './support';

const l = layout();
const specs = (): ServiceSpec[] => SERVICES.map((s) => loadServiceSpec(l.root, s));

// The dependency charts are not rendered here, so what their values do to the services is checked
// on the values themselves, against the chart's own rendered objects.
test('the services send the bundled Sentinels their password (every values set)', () => {
  const all = specs();
  let checked = 0;
  for (const files of LINT_SETS) {
    const extra = files.filter((f) => f !== 'values.yaml');
    const values = effectiveValues(l.chartDir, extra);
    const objects = renderOwnObjects(l, extra);
    assert.deepEqual(sentinelAuthProblems(values, objects, all), [], files.join(' + '));
    if (values.redis && (values.redis as { auth?: { sentinel?: unknown } }).auth?.sentinel === true)
      checked++;
  }
  assert.ok(checked >= 2, 'values.yaml and values-prod.yaml keep password-protected Sentinels');
});

test('a chart that gives the Sentinels no password is caught', (t) => {
  const s = scratchCopy();
  t.after(() => s.dispose());
  s.edit('templates/_helpers.tpl', (v) =>
    v.replace(/\{\{- \$_ := set \$out "REDIS_SENTINEL_PASSWORD" \$password -\}\}\n/, ''),
  );
  const problems = sentinelAuthProblems(
    effectiveValues(s.chartDir, ['values-prod.yaml']),
    renderOwnObjects(s, ['values-prod.yaml']),
    specs(),
  );
  assert.deepEqual(problems.map((p) => p.split(':')[0]).sort(), ['cost', 'router'], problems.join('\n'));
  assert.match(problems[0]!, /NOAUTH/);
});
