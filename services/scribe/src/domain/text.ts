// Small text helpers shared by the parser, the matcher and the spec writer.

const STOP = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'and',
  'or',
  'its',
  'it',
  'this',
  'that',
  'my',
  'your',
  'their',
  'his',
  'her',
  'our',
  'is',
  'are',
  'be',
  'into',
  'onto',
  'then',
  'page',
  'some',
  'any',
  'all',
  'only',
]);

/** Lower-case words of a phrase, without punctuation. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}$@.\-/]+/u)
    .map((w) => w.replace(/^[.\-/]+|[.\-/]+$/g, ''))
    .filter((w) => w !== '');
}

/** A crude stem so "lamps" meets "lamp" and "listed" meets "list" without a dictionary. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  // "cookie" meets its plural "cookies" (stemmed "cooky" above).
  if (word.length > 4 && word.endsWith('ie')) return `${word.slice(0, -2)}y`;
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * British spellings and regional words for the same thing, written the one way pages and descriptions
 * most often use: a user's "basket" is the page's "cart", "catalogue" its "catalog".
 */
const SAME_WORD = new Map<string, string>([
  ['basket', 'cart'],
  ['trolley', 'cart'],
  ['bag', 'cart'],
  ['catalogue', 'catalog'],
  ['catalogues', 'catalogs'],
  ['dialogue', 'dialog'],
  ['colour', 'color'],
  ['colours', 'colors'],
  ['favourite', 'favorite'],
  ['favourites', 'favorites'],
  ['centre', 'center'],
  ['licence', 'license'],
  ['cancelled', 'canceled'],
  ['organisation', 'organization'],
  ['customise', 'customize'],
  ['personalise', 'personalize'],
  ['behaviour', 'behavior'],
  ['e-mail', 'email'],
  ['mail', 'email'],
]);

/** A word as most pages spell it (see SAME_WORD). */
export function canonicalWord(word: string): string {
  return SAME_WORD.get(word) ?? word;
}

/** Content words (stop words dropped), in their common spelling, stemmed; "log in" = "login". */
export function contentStems(text: string): string[] {
  return words(text.replace(/\b(log|sign|check)[\s-]+(in|out|on|up)\b/gi, '$1$2'))
    .filter((w) => !STOP.has(w))
    .map((w) => stem(canonicalWord(w)));
}

/** Share of `query`'s content words found in `candidate` (0 .. 1). */
export function overlap(query: string, candidate: string): number {
  const q = new Set(contentStems(query));
  if (q.size === 0) return 0;
  const c = new Set(contentStems(candidate));
  let hit = 0;
  for (const w of q) if (c.has(w)) hit++;
  return hit / q.size;
}

/** Collapses whitespace and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A single-quoted TypeScript string literal. */
export function tsString(value: string): string {
  let out = "'";
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === "'") out += "\\'";
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}'`;
}

/** A regular-expression literal body matching `text` literally. */
export function regexEscape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** kebab-case slug of at most `max` characters (whole words). */
export function slug(text: string, max = 60): string {
  const parts = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((p) => p !== '');
  let out = '';
  for (const p of parts) {
    const next = out === '' ? p : `${out}-${p}`;
    if (next.length > max) break;
    out = next;
  }
  return out === '' ? 'generated-test' : out;
}

const NUMBER_WORDS: Record<string, number> = {
  zero: 0,
  no: 0,
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};

/** 2 for "2" or "two"; undefined otherwise. */
export function parseCount(word: string): number | undefined {
  if (/^\d{1,4}$/.test(word)) return Number(word);
  return NUMBER_WORDS[word.toLowerCase()];
}

/** Whether `a` and `b` differ by at most one edit (insert, delete, replace, or swap of neighbours). */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Where a list written in prose splits: "A, B and C", "A, B, and C", "A and B". */
export const LIST_SEPARATOR = /\s*,\s*(?:and\s+)?|\s+and\s+/;
