// A range of dates a list is filtered by, as people write it: "filtered her rentals from 1 May to
// 23 May 2026", "filter from 01/03/2026 to 31/03/2026". Each end goes in its own field (the page
// labels them "From" and "To", or near enough for the matcher), and the filter is sent.

import { isoDate } from '../field-values';
import type { Literal } from '../literals';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
/** "1 May to 23 May 2026": the first date takes the year written once, after the second. */
const YEAR_SAID_ONCE = new RegExp(
  `\\b(\\d{1,2}\\s+${MONTH})(\\s+(?:to|until|till|through|and|-|–)\\s+\\d{1,2}\\s+${MONTH}\\s+(\\d{4}))\\b`,
  'g',
);

/** `text` (before its literals are protected) with a range's first date given its year. */
export function rangesWithTheirYear(text: string): string {
  return text.replace(
    YEAR_SAID_ONCE,
    (_m, first: string, rest: string, year: string) => `${first} ${year}${rest}`,
  );
}

/** A protected literal, its index captured (a date, once checked with isDate). */
export const DATE = String.raw`\uE000(\d+)\uE001`;
/**
 * "(the customer) filtered her rentals from X to Y", "filter the list from X until Y". The steps end
 * their sentence: what the teller adds after them ("and only got one") is not part of the filter.
 */
const FILTERED_FROM_TO = new RegExp(
  String.raw`\b(?:(?:the\s+|a\s+|our\s+)?(?:customer|user|member|client|visitor|she|he|they|I|we)\s+)?(?:filter(?:ed|s|ing)?|narrow(?:ed|s|ing)?(?:\s+down)?)\s+(?:(?:her|his|my|the|their|your|our)\s+)?(?:[\p{L}-]+\s+)?from\s+${DATE}\s+(?:to|until|till|through|-|–)\s+${DATE}`,
  'giu',
);

/** A literal that is a date a date field takes ("2026-05-01", "1 May 2026", "01/05/2026"). */
export function isDate(literal: Literal | undefined): boolean {
  const text = literal?.text.trim() ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(text) || isoDate(text) !== undefined;
}

/** `text` (literals protected) with each filter by a range of dates written as its steps. */
export function dateRangeFilters(text: string, literals: readonly Literal[]): string {
  return text.replace(FILTERED_FROM_TO, (whole, from: string, to: string) =>
    isDate(literals[Number(from)]) && isDate(literals[Number(to)])
      ? `enter \uE000${from}\uE001 in the From date, enter \uE000${to}\uE001 in the To date and submit;`
      : whole,
  );
}
