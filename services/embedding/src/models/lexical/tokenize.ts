/**
 * Splits UI/test text into lower-case word tokens: camelCase and snake_case identifiers (test ids,
 * component names) become words, internal hyphens and apostrophes stay ("e-mail", "don't"), and a
 * possessive "'s" is dropped.
 */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function tokenize(text: string): string[] {
  const spaced = text
    .normalize('NFKC')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase();
  const out: string[] = [];
  for (const match of spaced.matchAll(WORD)) {
    out.push(match[0].replace(/’/g, "'").replace(/'s$/, ''));
  }
  return out;
}
