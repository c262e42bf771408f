// A stay's dates, as guests write them: "check in 2030-08-14", "checking in on 10 July 2030 and out
// on 13 July 2030 with 2 guests should come to $285". Each date is entered in its field (the page
// labels them "Check-in date" and "Check-out date", or near enough for the matcher), the party is
// chosen, and what the stay should come to is the outcome of those steps.

import type { Literal } from '../literals';
import { DATE, isDate } from './date-ranges';

const STAY = new RegExp(
  String.raw`\bcheck(?:ing)?[ -](in|out)\s+(?:on\s+)?${DATE}` +
    String.raw`(?:\s+and\s+(?:check(?:ing)?[ -])?out\s+(?:on\s+)?${DATE})?` +
    String.raw`(?:,?\s+(?:with|for)\s+(\d{1,2}\s+(?:guests?|people|persons|adults|travell?ers)))?` +
    String.raw`(?:\s+(should|must|will)\s)?`,
  'gi',
);

/** "(check-in …, check-out …, just herself)": a party of one, said in words. */
const PARTY_OF_ONE =
  /(?<=\bcheck-(?:in|out) date),\s+(?:just|only)\s+(?:herself|himself|myself|me|themselves|one person|one guest)\b/gi;

/** `text` (literals protected) with each stay's dates written as steps. */
export function stayDates(text: string, literals: readonly Literal[]): string {
  return stayDateSteps(text, literals).replace(PARTY_OF_ONE, ', choose 1 guest');
}

function stayDateSteps(text: string, literals: readonly Literal[]): string {
  return text.replace(
    STAY,
    (whole, which: string, first: string, out?: string, party?: string, modal?: string) => {
      // "check in "Orders" that …" checks something; only a date is a stay's.
      if (!isDate(literals[Number(first)]) || (out !== undefined && !isDate(literals[Number(out)])))
        return whole;
      const steps = [`enter \uE000${first}\uE001 in the check-${which.toLowerCase()} date`];
      if (out !== undefined) steps.push(`enter \uE000${out}\uE001 in the check-out date`);
      if (party !== undefined) steps.push(`choose ${party}`);
      // "… with 2 guests should come to $285": what the stay comes to, once the steps are done.
      return `${steps.join(', ')}${modal ? `. It ${modal.toLowerCase()} ` : ''}`;
    },
  );
}
