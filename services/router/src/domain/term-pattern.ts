// Builds one regular-expression source from many terms, factored as a trie (shared prefixes are
// written once). A factored alternation lets the regex engine reject most positions after one or two
// characters, which is what makes a single pass over the text fast with hundreds of term forms.

/** Separator between the words of a phrase in the text: spaces, hyphens, underscores (or none). */
export const PHRASE_SEPARATOR_SOURCE = '[\\s_-]*';

interface TrieNode {
  end: boolean;
  next: Map<string, TrieNode>;
}

function escapeChar(ch: string): string {
  return /[a-z0-9]/.test(ch) ? ch : `\\${ch}`;
}

function emit(node: TrieNode): string {
  const branches: string[] = [];
  for (const [ch, child] of [...node.next].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    branches.push((ch === ' ' ? PHRASE_SEPARATOR_SOURCE : escapeChar(ch)) + emit(child));
  }
  if (branches.length === 0) return '';
  const single = branches.length === 1 && branches[0] !== undefined;
  const body = single ? (branches[0] ?? '') : `(?:${branches.join('|')})`;
  if (!node.end) return body;
  // Optional continuation: a single literal character can take a bare `?`.
  return single && /^[a-z0-9]$/.test(body) ? `${body}?` : `(?:${branches.join('|')})?`;
}

/**
 * Regex source matching any of `terms` (lower-case a–z, 0–9, words separated by one space). The
 * source has no capturing groups, so callers can wrap it in their own.
 */
export function factoredAlternation(terms: Iterable<string>): string {
  const root: TrieNode = { end: false, next: new Map() };
  for (const term of terms) {
    let node = root;
    for (const ch of term) {
      let child = node.next.get(ch);
      if (!child) {
        child = { end: false, next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    node.end = true;
  }
  const source = emit(root);
  // An empty alternation must match nothing, not the empty string.
  return source === '' ? '(?!)' : source;
}
