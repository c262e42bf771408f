import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../src/main';

// Bad option values are usage errors (exit 2) caught before any call, not a failed call (exit 3).
test('option values are checked before anything is called', async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['run', 'a.spec.ts', '--url', 'http://127.0.0.1:1', '--timeout', 'abc'],
      /--timeout takes a whole number ≥ 1, got "abc"/,
    ],
    [
      ['run', 'a.spec.ts', '--url', 'http://127.0.0.1:1', '--timeout', '0'],
      /--timeout takes a whole number ≥ 1, got "0"/,
    ],
    [['cost', 'report', '--days', '1.5'], /--days takes a whole number ≥ 1, got "1\.5"/],
    [
      ['cost', 'report', '--scope', 'planet'],
      /--scope takes one of tenant, session, feature, global, got "planet"/,
    ],
    [
      ['route', 'Open the menu', '--type', 'bogus'],
      /--type takes one of write_test, execute_test, fix_test, pre_validate, validate, got "bogus"/,
    ],
  ];
  for (const [argv, message] of cases)
    await assert.rejects(main(argv), (err: Error) => {
      assert.equal(err.constructor.name, 'UsageError', err.message);
      assert.match(err.message, message);
      return true;
    });
});
