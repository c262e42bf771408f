import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeReport } from '../../src/domain/sanitize-report';

describe('sanitizeReport', () => {
  it('keeps a well-formed report', () => {
    const report = sanitizeReport({
      tests: [
        {
          titlePath: ['a', 'b'],
          status: 'failed',
          expectedStatus: 'passed',
          durationMs: 12.7,
          errors: [{ message: 'Error: x', category: 'assertion', location: { line: 3, column: 9 } }],
          steps: ['s'],
          location: { line: 2, column: 1 },
        },
      ],
      consoleErrors: [{ kind: 'pageerror', text: 'boom', url: 'http://x/', testIndex: 0 }],
      failedRequests: [
        { url: 'http://y/', method: 'GET', kind: 'blocked', reason: 'r', status: 0, testIndex: 0 },
      ],
      artifacts: [{ testIndex: 0, kind: 'trace', path: '/s/t.zip' }],
    });
    assert.deepEqual(report.tests[0], {
      titlePath: ['a', 'b'],
      status: 'failed',
      expectedStatus: 'passed',
      durationMs: 12,
      errors: [{ message: 'Error: x', category: 'assertion', location: { line: 3, column: 9 } }],
      steps: ['s'],
      artifactIds: [],
      location: { line: 2, column: 1 },
    });
    assert.equal(report.consoleErrors[0]?.kind, 'pageerror');
    assert.equal(report.failedRequests[0]?.kind, 'blocked');
    assert.equal(report.artifacts[0]?.path, '/s/t.zip');
    assert.equal(report.browserMisuse, undefined);
    for (const browserMisuse of [
      { kind: 'malformed', what: 'JSON null' },
      { kind: 'oversize' },
      { kind: 'browser-oversize' },
      { kind: 'foreign-call' },
    ])
      assert.deepEqual(sanitizeReport({ browserMisuse }).browserMisuse, browserMisuse);
  });
  it('drops or clamps whatever a hostile worker sends', () => {
    const report = sanitizeReport({
      tests: [
        null,
        'x',
        {
          titlePath: 'nope',
          status: 'pwned',
          durationMs: -5,
          errors: Array.from({ length: 50 }, () => ({ message: 'm'.repeat(100_000), category: 'evil' })),
        },
        ...Array.from({ length: 1000 }, () => ({})),
      ],
      loadError: { message: 42 },
      consoleErrors: 'x',
      artifacts: [{ path: 5 }, { path: '/a', kind: 'exe' }],
    });
    assert.equal(report.tests.length, 498, 'at most 500 entries are read; non-objects are dropped');
    const t = report.tests[0];
    assert.deepEqual(t?.titlePath, []);
    assert.equal(t?.status, 'failed');
    assert.equal(t?.durationMs, 0);
    assert.equal(t?.errors.length, 10);
    assert.equal(t?.errors[0]?.message.length, 8192);
    assert.equal(t?.errors[0]?.category, 'unknown');
    assert.deepEqual(report.loadError, { message: '', category: 'unknown' });
    assert.deepEqual(report.consoleErrors, []);
    assert.deepEqual(report.artifacts, [{ testIndex: 0, kind: 'screenshot', path: '/a' }]);
    assert.deepEqual(
      sanitizeReport({ browserMisuse: { kind: 'malformed', what: 'x'.repeat(10_000), extra: 1 } })
        .browserMisuse,
      { kind: 'malformed', what: 'x'.repeat(100) },
    );
    assert.deepEqual(sanitizeReport({ browserMisuse: { kind: 'oversize', what: 'x' } }).browserMisuse, {
      kind: 'oversize',
    });
    for (const browserMisuse of [
      42,
      'JSON null',
      { x: 1 },
      { kind: 'malformed' },
      { kind: 'malformed', what: '' },
      { kind: 'malformed', what: 5 },
      { kind: 'crash' },
    ])
      assert.equal(
        'browserMisuse' in sanitizeReport({ browserMisuse }),
        false,
        JSON.stringify(browserMisuse),
      );
  });
});
