// Calendar periods used as aggregation buckets. Everything is UTC so every replica, whatever its
// time zone, files a record under the same day and week.

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

/** "2025-11-26" */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** ISO-8601 week ("2025-W48"): weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(ms: number): string {
  const d = new Date(Math.floor(ms / DAY_MS) * DAY_MS);
  const dayOfWeek = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - dayOfWeek + 3); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstThursdayDow = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - firstThursdayDow + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
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
