import { createHash } from 'node:crypto';
import { MORPHY_RULES } from './morphy';
import { UI_SUPPLEMENT } from './ui-supplement';

/**
 * Every knob of the lexical model. The revision reported by GetInfo is a hash of this object, the
 * supplement table and the WordNet version, so any change to them yields a new vector space name.
 */
export const LEXICAL_PARAMS = {
  algorithm: 'wordnet-senses+hypernyms+ui-supplement+char-ngrams/1',
  dimension: 512,
  /** Sense i (0 = most frequent) of a lemma weighs 1 / (i + 1) within its part of speech. */
  senseDecay: 1,
  /** Weight of the first and second hypernym level relative to the sense itself. */
  hypernymWeights: [0.5, 0.25],
  /** Adjective "similar to" and verb-group neighbours. */
  relatedWeight: 0.5,
  /** The UI-supplement concept, relative to the whole WordNet sense distribution of a unit. */
  conceptWeight: 2,
  /** Relative weights of a unit's three feature blocks (each normalised before mixing). */
  blocks: { semantic: 1, gloss: 0.5, identity: 0.5, subword: 0.5, identityKnown: 0.3, subwordKnown: 0.25 },
  ngramSizes: [3, 4],
  /** Function words still count (a text of only function words must embed), but barely. */
  stopwordWeight: 0.15,
  /** Unit weight 1 / (1 + k·ln(1 + senses)): polysemous words count less (an IDF stand-in). */
  polysemyPenalty: 0.3,
  /** Smallest part when an unknown token is split into two WordNet words ("checkbox"). */
  compoundMinPart: 3,
  maxPhraseWords: 3,
  /** Surface forms tried per token when matching phrases (the token and its first base forms). */
  maxFormsPerToken: 3,
  /** WordNet pointers followed upwards (hypernym levels weighted by `hypernymWeights`). */
  hypernymPointers: ['@', '@i'],
  /** Pointers of a sense added once at `relatedWeight`: similar to, verb group, derivation. */
  relatedPointers: ['&', '$', '+'],
  /** Character n-gram size of a text with no word in it at all ("!!!"). */
  rawNgramSize: 2,
} as const;

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then than of to in on at by for from with into onto over under as is are was ' +
    'were be been being am do does did has have had it its this that these those there here i me my we us ' +
    'our you your he him his she her they them their so not no yes can could should would will shall may ' +
    'might must just also very too all any some each every which who whom whose what when where why how'
  ).split(' '),
);

/**
 * The revision: a hash of every parameter, the stop words, the morphy rules, the supplement, the
 * WordNet version and the version of the package that ships its files (a data fix changes vectors
 * too). Code changes are covered by `LEXICAL_PARAMS.algorithm`, which a unit test holds to account:
 * it pins a digest of reference vectors next to the revision, so vectors that change under an
 * unchanged revision fail the build.
 */
export function lexicalRevision(wordnetVersion: string, wordnetDataVersion: string): string {
  const payload = JSON.stringify({
    LEXICAL_PARAMS,
    stopwords: [...STOPWORDS],
    morphy: MORPHY_RULES,
    UI_SUPPLEMENT,
    wordnetVersion,
    wordnetDataVersion,
  });
  return createHash('sha256').update(payload).digest('hex').slice(0, 12);
}
