import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  budgetsFor,
  budgetState,
  BudgetPolicyError,
  budgetName,
  enforced,
  featureCapMicros,
  parseBudgetPolicy,
  worstState,
} from '../../../src/domain/budget-policy';

const DEFAULT_BUDGETS = join(__dirname, '../../../../budgets/default-budgets.yaml');
const policy = parseBudgetPolicy(parse(readFileSync(DEFAULT_BUDGETS, 'utf8')));

test('the shipped policy has the original limits', () => {
  assert.equal(policy.sessionMicros, 5_000_000);
  assert.equal(policy.tenantDailyMicros, 50_000_000);
  assert.equal(policy.warnBps, 8000);
  assert.equal(policy.globalDailyMicros, 0);
  assert.equal(featureCapMicros(policy, 'checkout'), 500_000);
  assert.equal(featureCapMicros(policy, 'user-AUTH-login'), 2_000_000);
  assert.equal(featureCapMicros(policy, 'payment-3ds'), 3_000_000);
  assert.equal(featureCapMicros(policy, 'admin panel'), 1_500_000);
});

test('budgetsFor lists session, feature and tenant-daily budgets that apply', () => {
  const refs = budgetsFor(policy, { tenant: 't', session: 's', feature: 'oauth-login' }, '2025-11-26');
  assert.deepEqual(
    refs.map((r) => [r.kind, r.limitMicros]),
    [
      ['session', 5_000_000],
      ['feature', 2_000_000],
      ['tenant_daily', 50_000_000],
      ['global_daily', 0],
    ],
  );
  assert.deepEqual(
    budgetsFor(policy, { tenant: 't', session: '', feature: '' }, '2025-11-26').map((r) => r.kind),
    ['tenant_daily', 'global_daily'],
  );
  assert.deepEqual(
    enforced(refs).map((r) => r.kind),
    ['session', 'feature', 'tenant_daily'],
  );
  assert.deepEqual(refs.map(budgetName), [
    'session:s',
    'feature:oauth-login',
    'tenant:t:2025-11-26',
    'global:2025-11-26',
  ]);
});

test('tenant overrides replace session and daily limits', () => {
  const p = parseBudgetPolicy({
    version: 1,
    session: 5,
    tenant_daily: 50,
    feature: { default: '0.5' },
    tenants: { acme: { session: '10', tenant_daily: '200.5' } },
  });
  const refs = budgetsFor(p, { tenant: 'acme', session: 's', feature: '' }, '2025-11-26');
  assert.deepEqual(
    refs.map((r) => r.limitMicros),
    [10_000_000, 200_500_000, 0],
  );
});

test('budgetState: 80 % warn, 100 % stop, no limit = none; worstState', () => {
  assert.equal(budgetState(0, 1_000_000, 8000), 'ok');
  assert.equal(budgetState(799_999, 1_000_000, 8000), 'ok');
  assert.equal(budgetState(800_000, 1_000_000, 8000), 'warn');
  assert.equal(budgetState(999_999, 1_000_000, 8000), 'warn');
  assert.equal(budgetState(1_000_000, 1_000_000, 8000), 'stop');
  assert.equal(budgetState(5, 0, 8000), 'none');
  assert.equal(worstState(['ok', 'none', 'warn']), 'warn');
  assert.equal(worstState([]), 'none');
});

test('a bad policy lists every problem', () => {
  try {
    parseBudgetPolicy({
      warn_percent: 120,
      session: '-1',
      feature: { overrides: [{ glob: '*x*', cap: 'lots' }, {}] },
      tenants: [],
    });
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof BudgetPolicyError);
    const text = err.problems.join('\n');
    for (const p of [
      'version',
      'warn_percent',
      'session',
      'tenant_daily',
      'feature.default',
      'overrides[0].cap',
      'overrides[1]',
      'tenants',
    ])
      assert.ok(text.includes(p), `${p} in ${text}`);
  }
});

test('unknown keys are problems at every level, named by their path', () => {
  try {
    parseBudgetPolicy({
      version: 'typo',
      session: '5.00',
      tenant_daily: '50.00',
      global_daly: '100.00',
      feature: { default: '0.50', overrides: [{ glob: '*x*', cap: '1', capp: '2' }], ovverides: [] },
      tenants: { acme: { daily: '200.00', sesion: '10.00' } },
    });
    assert.fail('expected an error');
  } catch (err) {
    assert.ok(err instanceof BudgetPolicyError);
    assert.deepEqual(
      err.problems.map((p) => p.split(':')[0]),
      [
        'global_daly',
        'feature.ovverides',
        'feature.overrides[0].capp',
        'tenants.acme.daily',
        'tenants.acme.sesion',
      ],
    );
    assert.match(err.problems[0] ?? '', /unknown key \(expected one of version, warn_percent, /);
  }
});
