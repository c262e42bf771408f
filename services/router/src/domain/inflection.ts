// Generic English inflection for policy terms, so the policy lists a stem once ("payment",
// "upload", "authenticate") and every regular form counts ("payments", "uploaded",
// "authentication"): the original missed plurals and derived forms because it matched exact words.
// Irregular forms ("paid") are listed in the policy as terms of their own.

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
/** A final consonant that is doubled before a vowel suffix after a short vowel: stub → stubbed. */
const DOUBLING = /[^aeiou][aeiou][bcdfgklmnprstvz]$/;

function startsWithVowel(suffix: string): boolean {
  return suffix.length > 0 && VOWELS.has(suffix[0] ?? '');
}

/** Surface forms of one word with one suffix, by the regular spelling rules. */
function wordForms(word: string, suffix: string): string[] {
  if (suffix === '') return [word];
  const forms = [word + suffix];
  if (word.endsWith('e') && startsWithVowel(suffix)) forms.push(word.slice(0, -1) + suffix); // purchase → purchasing
  if (/[^aeiou]y$/.test(word) && suffix.startsWith('e')) forms.push(`${word.slice(0, -1)}i${suffix}`); // spy → spies
  if (DOUBLING.test(word) && startsWithVowel(suffix)) forms.push(word + word.slice(-1) + suffix); // log → logged
  return forms;
}

/**
 * Every form of a term (words separated by single spaces) with each suffix applied to its first
 * word ("log in" → "logged in") or to its last word ("push notification" → "push notifications").
 * Includes the term itself; de-duplicated.
 */
export function inflect(term: string, suffixes: readonly string[]): string[] {
  const words = term.split(' ');
  const out = new Set<string>([term]);
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  for (const suffix of suffixes) {
    for (const form of wordForms(last, suffix)) out.add([...words.slice(0, -1), form].join(' '));
    if (words.length > 1)
      for (const form of wordForms(first, suffix)) out.add([form, ...words.slice(1)].join(' '));
  }
  return [...out];
}
