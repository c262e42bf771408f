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

test('budgetState: the warning threshold is exact at any amount, up to the largest limit', () => {
  // Exactly 80 % is WARN and one micro-dollar less is OK, however large the limit.
  for (const limit of [5_000_000_000_000_000, 9_007_199_254_740_990, 8_780_270_471_613_435]) {
    const eighty = (limit / 5) * 4;
    assert.ok(Number.isSafeInteger(eighty) && eighty * 5 === limit * 4, `${limit}`);
    assert.equal(budgetState(eighty, limit, 8000), 'warn', `80 % of ${limit}`);
    assert.equal(budgetState(eighty - 1, limit, 8000), 'ok', `80 % − 1 of ${limit}`);
    assert.equal(budgetState(limit - 1, limit, 8000), 'warn');
    assert.equal(budgetState(limit, limit, 8000), 'stop');
  }
  // Where 80 % is no whole micro-dollar: the largest amount below it is OK, the next one WARN.
  // Multiplied as doubles, (used × 10,000) and (limit × 8,000) round to the same value here.
  for (const [limit, below] of [
    [4_125_281_492_599_994, 3_300_225_194_079_995],
    [8_780_270_471_613_434, 7_024_216_377_290_747],
    [5_670_602_802_967_199, 4_536_482_242_373_759],
  ] as const) {
    assert.equal(BigInt(below) * 5n < BigInt(limit) * 4n, true);
    assert.equal(BigInt(below + 1) * 5n >= BigInt(limit) * 4n, true);
    assert.equal(budgetState(below, limit, 8000), 'ok', `just below 80 % of ${limit}`);
    assert.equal(budgetState(below + 1, limit, 8000), 'warn', `just above 80 % of ${limit}`);
  }
  // Another threshold: the largest amount below 91 % of about $64.78 million is OK.
  assert.equal(budgetState(58_949_845_731_605, 64_780_050_254_511, 9100), 'ok');
  assert.equal(budgetState(58_949_845_731_606, 64_780_050_254_511, 9100), 'warn');
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
