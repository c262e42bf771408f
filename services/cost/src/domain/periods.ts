// Calendar periods used as aggregation buckets. Everything is UTC so every replica, whatever its
// time zone, files a record under the same day and week.

const DAY_MS = 86_400_000;

/**
 * How long the stores keep a day bucket (and a day's entry log) and a week bucket, in days after
 * its last write (REFERENCE.md: daily aggregates 30 d, weekly 90 d). Reports reach no further back.
 */
export const DAY_BUCKET_DAYS = 30;
export const WEEK_BUCKET_DAYS = 90;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

// Every record needs its day and week, and nearly all records of a run share the same few days:
// remember the answers per day number (bounded) instead of formatting dates each time.
const MEMO_LIMIT = 1024;
const dayMemo = new Map<number, string>();
const weekMemo = new Map<number, string>();

function memo(cache: Map<number, string>, key: number, compute: () => string): string {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= MEMO_LIMIT) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Days since the epoch (UTC): a cheap identity for "the same day". */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** "2025-11-26" */
export function utcDay(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  return Number.isFinite(n)
    ? memo(dayMemo, n, () => new Date(n * DAY_MS).toISOString().slice(0, 10))
    : new Date(ms).toISOString();
}

/** Start (00:00 UTC) of the day of `ms`. */
export function dayStartMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Start (Monday 00:00 UTC) of the ISO week of `ms`. */
export function isoWeekStartMs(ms: number): number {
  const n = Math.floor(ms / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (n + 3) mod 7.
  return (n - ((((n + 3) % 7) + 7) % 7)) * DAY_MS;
}

/** ISO-8601 week ("2025-W48"): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(ms: number): string {
  const n = Math.floor(ms / DAY_MS);
  return memo(weekMemo, n, () => computeIsoWeek(n));
}

function computeIsoWeek(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  const dayOfWeek = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dayOfWeek + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstThursdayDow = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - firstThursdayDow + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Start (00:00 UTC) of the oldest day still kept and reported at `nowMs`: DAY_BUCKET_DAYS − 1 days
 * before today. TENANT and GLOBAL reports read no earlier day, and a record is accepted for no
 * earlier day (usage.ts), so a day's total changes only while reports can read it.
 */
export function oldestKeptDayMs(nowMs: number): number {
  return dayStartMs(nowMs) - (DAY_BUCKET_DAYS - 1) * DAY_MS;
}

/** Start of a UTC day in ms, or undefined when `day` is not a real YYYY-MM-DD date. */
export function parseDay(day: string): number | undefined {
  const m = DAY_RE.exec(day);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return utcDay(ms) === day ? ms : undefined;
}

/** True for a well-formed ISO week that exists ("2020-W53" yes, "2021-W53" no). */
export function isValidIsoWeek(week: string): boolean {
  const m = WEEK_RE.exec(week);
  if (!m) return false;
  const n = Number(m[2]);
  if (n < 1 || n > 53) return false;
  // Dec 28 is always in the last ISO week of its year.
  const last = Number(isoWeek(Date.UTC(Number(m[1]), 11, 28)).slice(6));
  return n <= last;
}

/** The UTC days of an ISO week, Monday first. */
export function daysOfIsoWeek(week: string): string[] {
  const year = Number(week.slice(0, 4));
  const n = Number(week.slice(6));
  const jan4 = Date.UTC(year, 0, 4);
  const jan4Dow = (new Date(jan4).getUTCDay() + 6) % 7;
  const monday = jan4 - jan4Dow * DAY_MS + (n - 1) * 7 * DAY_MS;
  return Array.from({ length: 7 }, (_, i) => utcDay(monday + i * DAY_MS));
}

/** The `count` UTC days ending with the day of `endMs`, oldest first. */
export function lastDays(endMs: number, count: number): string[] {
  const end = Math.floor(endMs / DAY_MS) * DAY_MS;
  return Array.from({ length: count }, (_, i) => utcDay(end - (count - 1 - i) * DAY_MS));
}
