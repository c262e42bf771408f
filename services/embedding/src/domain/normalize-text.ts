/** Printable ASCII words (no whitespace in them) separated by single spaces. */
const ALREADY_NORMAL = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/**
 * The form of a text that is both embedded and used as the cache key: Unicode NFKC, surrounding
 * whitespace trimmed, inner runs of whitespace collapsed. Case is kept (a cased model may care).
 * Because the model sees exactly this string, a cache hit is always the vector the model would give.
 */
export function normalizeText(text: string): string {
  // Printable ASCII words joined by single spaces are already in this form (ASCII is NFKC-stable):
  // the common case skips NFKC and the whitespace rewrite.
  if (ALREADY_NORMAL.test(text)) return text;
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}
