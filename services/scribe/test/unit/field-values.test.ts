import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runner } from '@superagent/proto';
import { isoDate, valueAfterFieldName, valueForField } from '../../src/domain/field-values';

const field = (over: Partial<runner.SnapshotNode>): runner.SnapshotNode =>
  runner.SnapshotNode.fromPartial({ role: 'textbox', ...over });

describe('field values', () => {
  test("a fill's target that goes on after the field's name carries the value to type", () => {
    const displayName = field({ name: 'Display name', label: 'Display name' });
    assert.equal(valueAfterFieldName('display name Al', displayName), 'Al');
    assert.equal(valueAfterFieldName('Display Name Dana Scully', displayName), 'Dana Scully');
    assert.equal(valueAfterFieldName('quantity 3', field({ name: 'Quantity' })), '3');
    assert.equal(valueAfterFieldName('email ada@example.org', field({ label: 'Email' })), 'ada@example.org');
    assert.equal(valueAfterFieldName('search Lamp', field({ placeholder: 'Search' })), 'Lamp');
  });

  test('a target that only names the field, names it again or is another field carries none', () => {
    const email = field({ name: 'Email', label: 'Email' });
    for (const target of [
      'email',
      'email address',
      'email field',
      'Email box',
      'e-mail Ada',
      'your email Ada',
    ])
      assert.equal(valueAfterFieldName(target, email), undefined, target);
    assert.equal(valueAfterFieldName('display name', field({ name: 'Display name' })), undefined);
  });

  test('without a value in the description, one that fits the field is made up', () => {
    assert.equal(valueForField('display name', field({ name: 'Display name' })).value, 'Ada Lovelace');
    assert.deepEqual(valueForField('pin', field({ inputType: 'password' })), {
      value: 'Str0ng-Test-Passw0rd',
      credential: 'PASSWORD',
    });
  });
});

describe('dates', () => {
  test('a date written with its month named is the ISO date a date field takes; anything else is not a date', () => {
    assert.equal(isoDate('10 July 2030'), '2030-07-10');
    assert.equal(isoDate('3 Sept. 2031'), '2031-09-03');
    assert.equal(isoDate('32 July 2030'), undefined);
    assert.equal(isoDate('10 Jolly 2030'), undefined);
    assert.equal(isoDate('2030-07-10'), undefined);
  });

  test('a date in numbers is day first unless its second number can only be a day', () => {
    assert.equal(isoDate('31/03/2026'), '2026-03-31');
    assert.equal(isoDate('01/03/2026'), '2026-03-01');
    assert.equal(isoDate('03/31/2026'), '2026-03-31');
    assert.equal(isoDate('14.3.2026'), '2026-03-14');
    assert.equal(isoDate('13/13/2026'), undefined);
  });
});
