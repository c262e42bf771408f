// Literal values in a description (quoted strings, emails, URLs, paths, prices, card numbers) are
// swapped for placeholders before the sentence is split, so their punctuation cannot split clauses.

export type LiteralKind = 'quote' | 'email' | 'url' | 'path' | 'money' | 'digits';

export interface Literal {
  kind: LiteralKind;
  text: string;
}

const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

/** An absolute http(s) URL in running text (not the punctuation that ends its sentence). */
const URL_IN_TEXT = /https?:\/\/[^\s"“”<>]+[^\s"“”<>.,;:!?)]/gi;

const PATTERNS: { kind: LiteralKind; re: RegExp }[] = [
  {
    kind: 'quote',
    re: /"([^"\n]{1,300})"|“([^”\n]{1,300})”|„([^“”\n]{1,300})[“”]|«([^»\n]{1,300})»|`([^`\n]{1,300})`/g,
  },
  // 'Save' and ‘Save’: an opening quote not inside a word, a closing one not followed by a letter, so
  // apostrophes ("it's", "users' list", 'We'll be in touch') neither open nor close a quote.
  {
    kind: 'quote',
    re: /(?<![\p{L}\p{N}'’])'(\S(?:[^'\n]|'(?=[\p{L}\p{N}])){0,299}?)'(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])‘(\S(?:[^’\n]|’(?=[\p{L}\p{N}])){0,299}?)’(?![\p{L}\p{N}])/gu,
  },
  { kind: 'url', re: URL_IN_TEXT },
  { kind: 'email', re: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g },
  {
    kind: 'path',
    re: /(?<=^|[\s(])\/[A-Za-z0-9._~\-/?=&%]*[A-Za-z0-9_~\-/=%]|(?<=^|[\s(])\/(?=[\s,.;)]|$)/g,
  },
  { kind: 'money', re: /[$€£]\s?\d+(?:,\d{3})*(?:\.\d{1,2})?/g },
  // An invoice's, order's or ticket's number ("INV-1001", "ORD-20931").
  { kind: 'digits', re: /\b[A-Z]{1,6}-\d{3,}\b/g },
  // A phone number written in groups ("07700 900 982", "+44 7700 900982"): one value.
  { kind: 'digits', re: /(?<![\w.+])(?:\+\d{1,3}(?:[ -]\d{1,5}){2,4}|0\d{3,4}[ -]\d{3}[ -]?\d{3,4})\b/g },
  // A quantity with its unit ("300 g", "750 ml", "2.5 kg"): one text, not a count of grams.
  { kind: 'digits', re: /\b\d+(?:[.,]\d+)?[ \t]?(?:g|kg|mg|ml|cl|l|oz|lbs?|cm|mm|km|kcal)\b/g },
  // A score ("3.4 out of 5"): the figure and its scale are one text.
  { kind: 'digits', re: /\b\d+(?:\.\d)?\s+out\s+of\s+\d+\b/g },
  // A card number, an expiry (12/34), a date (2030-03-01, 10 July 2030: a date field takes it as an
  // ISO date), a number (with thousands separated, "39,350", or cents, "85.87", it is one; not a section
  // number, "4.2").
  {
    kind: 'digits',
    re: /\b\d{4}(?: \d{4}){3}\b|\b\d{1,2}\/\d{1,2}\/\d{4}\b|\b\d{1,2}\/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\b|\b\d{1,3}(?:,\d{3})+(?:\.\d{2})?\b|(?<![.\d])\d+\.\d{2}\b(?!\.\d)|\b\d{3,}\b/g,
  },
];

/**
 * `text` with every URL on `site`'s origin written as its path: a spec reaches the site through
 * `baseURL`, so "go to http://shop.test/about" means `page.goto('/about')`, and neither the spec nor its
 * titles may name the host. URLs of other origins stay as they are.
 */
export function sitePaths(text: string, site: URL): string {
  return text.replace(URL_IN_TEXT, (raw) => {
    try {
      const url = new URL(raw);
      return url.origin === site.origin ? `${url.pathname}${url.search}${url.hash}` : raw;
    } catch {
      return raw;
    }
  });
}

/**
 * A Markdown code span (`` `/login` ``, `` `demo@example.com` ``) marks a path, URL or email as code,
 * not as a name on the page: it keeps that kind. Other quotes are quotes.
 */
function codeSpanKind(whole: string, inner: string): LiteralKind {
  if (!whole.startsWith('`')) return 'quote';
  if (/^\/[A-Za-z0-9._~\-/?=&%]*$/.test(inner)) return 'path';
  if (/^https?:\/\/\S+$/i.test(inner)) return 'url';
  if (/^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/.test(inner)) return 'email';
  return 'quote';
}

export interface Protected {
  text: string;
  literals: Literal[];
}

export function protectLiterals(input: string): Protected {
  const literals: Literal[] = [];
  // What each literal was written as, for one written inside another's quotes.
  const written: string[] = [];
  // 'You have already added "hiking".': a quote inside another is part of its text, as written.
  const unnest = (fragment: string): string =>
    fragment.replace(PLACEHOLDER, (_m, id: string) => written[Number(id)] ?? '');
  let text = input;
  for (const { kind, re } of PATTERNS) {
    text = text.replace(re, (whole0: string, ...groups: unknown[]) => {
      const whole = unnest(whole0);
      const inner =
        kind === 'quote'
          ? unnest(
              groups
                .slice(
                  0,
                  groups.findIndex((g) => typeof g === 'number'),
                )
                .find((g): g is string => typeof g === 'string') ?? whole0,
            )
          : whole;
      literals.push({
        kind: kind === 'quote' ? codeSpanKind(whole, inner.trim()) : kind,
        text: inner.trim(),
      });
      written.push(whole);
      return `${OPEN}${literals.length - 1}${CLOSE}`;
    });
  }
  return { text, literals };
}

/** Literal indexes referenced in a fragment, in order. */
export function literalIds(fragment: string): number[] {
  return [...fragment.matchAll(PLACEHOLDER)].map((m) => Number(m[1]));
}

/** The fragment with placeholders put back as the original text (quotes dropped). */
export function restore(fragment: string, literals: readonly Literal[]): string {
  return fragment.replace(PLACEHOLDER, (_m, id: string) => literals[Number(id)]?.text ?? '');
}

/** The fragment with placeholders removed (only the words around them). */
export function withoutLiterals(fragment: string): string {
  return fragment
    .replace(PLACEHOLDER, ' ')
    .replace(/\(\s*\)|\[\s*\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function hasLiteral(fragment: string): boolean {
  return literalIds(fragment).length > 0;
}
