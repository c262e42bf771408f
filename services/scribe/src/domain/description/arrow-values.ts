// "name Priya Nair -> next -> 5 Elm Road / 90210 / Springfield -> next": between two arrows, values
// in a row with no field named, as a form lists them. Each goes into the next empty field.
// Read before the layout pass, which cannot tell a lone "/" (a path literal by then) from others.

import type { Literal } from '../literals';

/** An arrow, then three to six parts parted by protected literals, up to the next arrow. */
const ARROW_ITEM = /(->|→|=>)([^\n>]{1,200}?)(?=->|→|=>|$)/gmu;
const PART = /[ \t]+\uE000(\d+)\uE001[ \t]+/g;

/** `text` (literals protected) with each row of values between arrows written as fills. */
export function arrowValues(text: string, literals: readonly Literal[]): string {
  return text.replace(ARROW_ITEM, (whole, arrow: string, item: string) => {
    const separators = [...item.matchAll(PART)];
    if (separators.length < 2 || separators.some((m) => literals[Number(m[1])]?.text !== '/')) return whole;
    const values = item
      .split(PART)
      .filter((_, i) => i % 2 === 0)
      .map((v) => v.trim());
    // A part with several words and no capital or digit is words about the values, not one.
    if (values.length > 6 || values.some((v) => v === '' || !/[\p{Lu}\d\uE000]/u.test(v))) return whole;
    return `${arrow} ${values.map((v) => `type ${v} into the next field`).join(', ')} `;
  });
}
