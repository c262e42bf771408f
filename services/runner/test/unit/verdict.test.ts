import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExpectedStatus, TestStatus } from '../../src/domain/run-result';
import { countTests, isUnexpected, verdict } from '../../src/domain/verdict';

const t = (status: TestStatus, expectedStatus: ExpectedStatus = 'passed') => ({ status, expectedStatus });

describe('verdict', () => {
  it('passes only when something ran and nothing was unexpected', () => {
    assert.equal(
      verdict({ tests: [t('passed'), t('skipped', 'skipped')], loadError: false, killedAtTimeout: false }),
      'pass',
    );
    assert.equal(
      verdict({ tests: [t('skipped', 'skipped')], loadError: false, killedAtTimeout: false }),
      'error',
    );
    assert.equal(verdict({ tests: [], loadError: false, killedAtTimeout: false }), 'error');
  });
  it('fails on any unexpected failure, times out when timeouts are the only problem', () => {
    assert.equal(
      verdict({ tests: [t('passed'), t('failed')], loadError: false, killedAtTimeout: false }),
      'fail',
    );
    assert.equal(
      verdict({ tests: [t('timedOut'), t('failed')], loadError: false, killedAtTimeout: false }),
      'fail',
    );
    assert.equal(
      verdict({ tests: [t('passed'), t('timedOut')], loadError: false, killedAtTimeout: false }),
      'timeout',
    );
  });
  it('treats test.fail() tests like Playwright: a failure is expected, a pass is not', () => {
    assert.equal(
      verdict({ tests: [t('failed', 'failed')], loadError: false, killedAtTimeout: false }),
      'pass',
    );
    assert.equal(
      verdict({ tests: [t('passed', 'failed')], loadError: false, killedAtTimeout: false }),
      'fail',
    );
    assert.equal(isUnexpected(t('passed', 'failed')), true);
  });
  it('lets load errors and hard kills decide first', () => {
    assert.equal(verdict({ tests: [t('passed')], loadError: true, killedAtTimeout: false }), 'error');
    assert.equal(verdict({ tests: [t('passed')], loadError: true, killedAtTimeout: true }), 'timeout');
  });
  it('fails a run with an error outside its tests, as Playwright does, unless a test decided already', () => {
    const run = (tests: ReturnType<typeof t>[]) =>
      verdict({ tests, loadError: false, killedAtTimeout: false, runError: true });
    assert.equal(run([t('passed')]), 'fail');
    assert.equal(run([t('skipped', 'skipped')]), 'fail');
    assert.equal(run([t('timedOut')]), 'timeout');
  });
  it('counts statuses and unexpected outcomes', () => {
    assert.deepEqual(
      countTests([t('passed'), t('failed'), t('timedOut'), t('skipped', 'skipped'), t('interrupted')]),
      { passed: 1, failed: 2, timedOut: 1, skipped: 1, unexpected: 3 },
    );
  });
});
