/**
 * The form of a text that is both embedded and used as the cache key: Unicode NFKC, surrounding
 * whitespace trimmed, inner runs of whitespace collapsed. Case is kept (a cased model may care).
 * Because the model sees exactly this string, a cache hit is always the vector the model would give.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}
