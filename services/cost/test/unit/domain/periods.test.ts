import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daysOfIsoWeek,
  isoWeek,
  isValidIsoWeek,
  lastDays,
  parseDay,
  utcDay,
} from '../../../src/domain/periods';

test('isoWeek follows ISO-8601 at year boundaries', () => {
  const cases: [string, string][] = [
    ['2025-11-26', '2025-W48'],
    ['2024-12-30', '2025-W01'], // Monday belonging to next year's week 1
    ['2021-01-03', '2020-W53'], // Sunday still in the previous year's week 53
    ['2021-01-04', '2021-W01'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
  ];
  for (const [day, week] of cases) assert.equal(isoWeek(parseDay(day) ?? Number.NaN), week, day);
});

test('utcDay ignores the local time zone', () => {
  assert.equal(utcDay(Date.UTC(2025, 10, 26, 23, 59, 59, 999)), '2025-11-26');
  assert.equal(utcDay(Date.UTC(2025, 10, 27)), '2025-11-27');
});

test('parseDay and isValidIsoWeek reject impossible dates', () => {
  assert.equal(parseDay('2025-02-30'), undefined);
  assert.equal(parseDay('2025-2-3'), undefined);
  assert.ok(parseDay('2024-02-29') !== undefined);
  assert.ok(isValidIsoWeek('2020-W53'));
  assert.ok(!isValidIsoWeek('2021-W53'));
  assert.ok(!isValidIsoWeek('2021-W00'));
  assert.ok(!isValidIsoWeek('2021-53'));
});

test('daysOfIsoWeek and lastDays', () => {
  assert.deepEqual(daysOfIsoWeek('2025-W01'), [
    '2024-12-30',
    '2024-12-31',
    '2025-01-01',
    '2025-01-02',
    '2025-01-03',
    '2025-01-04',
    '2025-01-05',
  ]);
  assert.deepEqual(lastDays(Date.UTC(2025, 2, 1, 12), 3), ['2025-02-27', '2025-02-28', '2025-03-01']);
});
