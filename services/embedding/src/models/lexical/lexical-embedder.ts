import { LRUCache } from 'lru-cache';
import { l2NormaliseInPlace } from '../../domain/vector-math';
import { addFeature, type FeatureBag, fnv1a, mergeNormalised } from './feature-hash';
import { LEXICAL_PARAMS as P, STOPWORDS } from './lexical-params';
import { baseForms, MORPHY_MAX_STRIP } from './morphy';
import { tokenize } from './tokenize';
import { UI_SUPPLEMENT } from './ui-supplement';
import { LONGEST_LEMMA_BYTES, LONGEST_WORD_BYTES, type Pointer, type Pos, type WordNet } from './wordnet';

/** A word or a multi-word expression ("log in", "shopping cart") embedded as one unit. */
interface Unit {
  readonly key: string;
  readonly tokens: readonly string[];
  /** WordNet lemmas (underscore form) this unit stands for. */
  readonly lemmas: readonly string[];
  readonly concept: string | undefined;
}

/** A unit's hashed vector, kept sparse: most units touch a few dozen of the dimensions. */
interface SparseVector {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

/**
 * The longest unknown token (hyphens removed) read as two words, 74 characters: a split "a|b"
 * counts only as a two-word lemma ("a_b", at most LONGEST_LEMMA_BYTES), a UI-supplement phrase
 * ("a b") or two parts that each have a base form (so each at most LONGEST_WORD_BYTES plus what one
 * morphy step strips). No split of a longer token can succeed, so not trying one changes no vector;
 * it bounds the work per token, which grew with the square of its length (a split at every
 * position, each with WordNet lookups of strings as long as the token).
 */
export const MAX_SPLIT_CHARS = Math.max(
  LONGEST_LEMMA_BYTES - 1,
  ...UI_SUPPLEMENT.flatMap((group) => group.phrases).map((phrase) => phrase.length - 1),
  2 * (LONGEST_WORD_BYTES + MORPHY_MAX_STRIP),
);

const HYPERNYM: ReadonlySet<string> = new Set(P.hypernymPointers);
const RELATED: ReadonlySet<string> = new Set(P.relatedPointers);

/**
 * Sentence vectors from WordNet: each word (or WordNet/UI phrase) contributes its senses (weighted
 * by frequency rank), their hypernyms, an identity feature and character n-grams, all projected
 * into a fixed dimension by signed feature hashing; the sum is L2-normalised. Synonyms share
 * synsets, related words share hypernyms, spelling variants share n-grams.
 */
export class LexicalEmbedder {
  private readonly conceptByPhrase = new Map<string, string>();
  private readonly unitVectors = new LRUCache<string, SparseVector>({ max: 100_000 });
  private readonly synsetWordCache = new LRUCache<string, readonly string[]>({ max: 100_000 });

  constructor(private readonly wordnet: WordNet) {
    for (const group of UI_SUPPLEMENT) {
      for (const phrase of group.phrases) this.conceptByPhrase.set(phrase, group.concept);
    }
  }

  get dimension(): number {
    return P.dimension;
  }

  embed(text: string): Float32Array {
    const out = new Float32Array(P.dimension);
    const tokens = tokenize(text);
    for (const unit of this.segment(tokens)) {
      addSparse(out, this.unitVector(unit), this.unitWeight(unit));
    }
    // Hashed features can cancel out exactly (identity and n-gram of "様" land on one dimension
    // with opposite signs): such a text, like one without words, falls back to its raw n-grams,
    // and to one hashed dimension if those cancel too, so every text gets a unit vector.
    if (tokens.length === 0 || out.every((x) => x === 0)) addSparse(out, rawNgrams(text), 1);
    if (out.every((x) => x === 0)) out[fnv1a(`t:${text}`) % P.dimension] = 1;
    return l2NormaliseInPlace(out);
  }

  /**
   * Function words barely count; among content words, a word with many senses ("go", "take",
   * "open") says less about the sentence than a specific one ("checkout", "voucher"), in the spirit
   * of IDF, with WordNet's sense count standing in for a corpus.
   */
  private unitWeight(unit: Unit): number {
    if (unit.tokens.every((t) => STOPWORDS.has(t))) return P.stopwordWeight;
    let senses = 0;
    for (const lemma of unit.lemmas)
      for (const e of this.wordnet.lookup(lemma)) senses += e.synsetOffsets.length;
    return 1 / (1 + P.polysemyPenalty * Math.log1p(senses));
  }

  /** Greedy longest match of UI phrases and WordNet collocations, words otherwise. */
  private segment(tokens: readonly string[]): Unit[] {
    const units: Unit[] = [];
    let i = 0;
    while (i < tokens.length) {
      let matched: Unit | undefined;
      for (let n = Math.min(P.maxPhraseWords, tokens.length - i); n >= 2 && !matched; n--) {
        matched = this.phraseUnit(tokens.slice(i, i + n));
      }
      const unit = matched ?? this.wordUnit(tokens[i] ?? '');
      units.push(unit);
      i += unit.tokens.length;
    }
    return units;
  }

  private forms(token: string): string[] {
    const out = [token, ...baseForms(this.wordnet, token)];
    return [...new Set(out)].slice(0, P.maxFormsPerToken);
  }

  private phraseUnit(tokens: readonly string[]): Unit | undefined {
    if (STOPWORDS.has(tokens[0] ?? '')) return undefined;
    let keys: string[][] = [[]];
    for (const token of tokens) keys = keys.flatMap((prefix) => this.forms(token).map((f) => [...prefix, f]));
    for (const words of keys) {
      const phrase = words.join(' ');
      const lemma = words.join('_');
      const concept = this.conceptByPhrase.get(phrase);
      const inWordNet = this.wordnet.has(lemma);
      if (concept !== undefined || inWordNet) {
        return { key: phrase, tokens, lemmas: inWordNet ? [lemma] : [], concept };
      }
    }
    return undefined;
  }

  private wordUnit(token: string): Unit {
    const variants = [...new Set([token, token.replace(/-/g, ''), token.replace(/-/g, '_')])];
    const lemmas = [...new Set(variants.flatMap((v) => baseForms(this.wordnet, v)))];
    let concept: string | undefined;
    for (const form of [...variants, ...lemmas]) concept ??= this.conceptByPhrase.get(form);
    if (lemmas.length === 0 && concept === undefined) return this.splitCompound(token);
    return { key: token, tokens: [token], lemmas, concept };
  }

  /** An unknown token written as one word ("username", "checkbox") read as its two parts. */
  private splitCompound(token: string): Unit {
    const plain = token.replace(/-/g, '');
    if (plain.length > MAX_SPLIT_CHARS)
      return { key: token, tokens: [token], lemmas: [], concept: undefined };
    let best: { lemmas: string[]; concept: string | undefined; score: number } | undefined;
    for (let k = 2; k <= plain.length - 2; k++) {
      const a = plain.slice(0, k);
      const b = plain.slice(k);
      const phrase = `${a} ${b}`;
      const concept = this.conceptByPhrase.get(phrase);
      if (concept !== undefined || this.wordnet.has(`${a}_${b}`)) {
        best = { lemmas: this.wordnet.has(`${a}_${b}`) ? [`${a}_${b}`] : [], concept, score: Infinity };
        break;
      }
      if (Math.min(a.length, b.length) < P.compoundMinPart) continue;
      const aForms = baseForms(this.wordnet, a);
      const bForms = baseForms(this.wordnet, b);
      const score = Math.min(a.length, b.length);
      if (aForms.length > 0 && bForms.length > 0 && (!best || score > best.score)) {
        best = { lemmas: [...aForms.slice(0, 1), ...bForms.slice(0, 1)], concept: undefined, score };
      }
    }
    return { key: token, tokens: [token], lemmas: best?.lemmas ?? [], concept: best?.concept };
  }

  private unitVector(unit: Unit): SparseVector {
    const cacheKey = `${unit.key}\u0000${unit.tokens.length}`;
    const cached = this.unitVectors.get(cacheKey);
    if (cached) return cached;

    const semantic: FeatureBag = new Map();
    const gloss: FeatureBag = new Map();
    for (const lemma of unit.lemmas) {
      const senses = this.senseFeatures(lemma);
      mergeNormalised(semantic, senses.synsets, 1 / unit.lemmas.length);
      mergeNormalised(gloss, senses.glossWords, 1 / unit.lemmas.length);
    }
    if (unit.concept !== undefined) addFeature(semantic, `ui:${unit.concept}`, P.conceptWeight);

    const identity: FeatureBag = new Map([[`w:${unit.tokens.map((t) => t.replace(/-/g, '')).join('_')}`, 1]]);
    const subword: FeatureBag = new Map();
    for (const token of unit.tokens) {
      const padded = `<${token.replace(/-/g, '')}>`;
      for (const n of P.ngramSizes) {
        for (let i = 0; i + n <= padded.length; i++) addFeature(subword, `c:${padded.slice(i, i + n)}`, 1);
      }
    }

    const mixed: FeatureBag = new Map();
    // Spelling carries the meaning of words WordNet lacks; for known words the senses already do.
    const known = semantic.size > 0;
    mergeNormalised(mixed, semantic, P.blocks.semantic);
    mergeNormalised(mixed, gloss, P.blocks.gloss);
    mergeNormalised(mixed, identity, known ? P.blocks.identityKnown : P.blocks.identity);
    mergeNormalised(mixed, subword, known ? P.blocks.subwordKnown : P.blocks.subword);
    const vector = toSparse(mixed);
    this.unitVectors.set(cacheKey, vector);
    return vector;
  }

  /**
   * A lemma's senses weighted by frequency rank, plus their hypernyms and close relatives; and the
   * words of those senses (lemmas and definition words), so that two words connect when one is
   * defined in terms of the other ("checkout": "...where you pay for your purchases").
   */
  private senseFeatures(lemma: string): { synsets: FeatureBag; glossWords: FeatureBag } {
    const bag: FeatureBag = new Map();
    const glossWords: FeatureBag = new Map([[`g:${lemma}`, 1]]);
    const tagged = this.wordnet.senseTagCounts(lemma);
    const senses = this.wordnet.lookup(lemma).flatMap((entry) =>
      entry.synsetOffsets.map((offset, rank) => ({
        pos: entry.pos,
        offset,
        // Corpus frequency where WordNet has it; its sense order breaks ties and covers the rest.
        mass: (tagged.get(`${entry.pos}${offset}`) ?? 0) + 1 / (rank + 1) ** P.senseDecay,
      })),
    );
    const total = senses.reduce((sum, s) => sum + s.mass, 0);
    for (const { pos, offset, mass } of senses) {
      const w = mass / total;
      this.addSynset(bag, { symbol: '', pos, offset }, w, 0);
      for (const word of this.synsetWords(pos, offset)) addFeature(glossWords, `g:${word}`, w);
    }
    return { synsets: bag, glossWords };
  }

  /** Lemmas and content words of the definition (examples in quotes dropped), as base forms. */
  private synsetWords(pos: Pos, offset: number): readonly string[] {
    const id = `${pos}${offset}`;
    const cached = this.synsetWordCache.get(id);
    if (cached) return cached;
    const synset = this.wordnet.synset(pos, offset);
    const definition = synset.gloss.replace(/"[^"]*"/g, ' ');
    const words = new Set(synset.lemmas);
    for (const token of tokenize(definition)) {
      if (STOPWORDS.has(token)) continue;
      const base = baseForms(this.wordnet, token)[0];
      if (base !== undefined) words.add(base);
    }
    const out = [...words];
    this.synsetWordCache.set(id, out);
    return out;
  }

  private addSynset(bag: FeatureBag, ref: Pointer, weight: number, depth: number): void {
    addFeature(bag, `s:${ref.pos}${ref.offset}`, weight);
    if (depth >= P.hypernymWeights.length) return;
    const synset = this.wordnet.synset(ref.pos, ref.offset);
    for (const ptr of synset.pointers) {
      if (HYPERNYM.has(ptr.symbol)) {
        this.addSynset(bag, ptr, weight * (P.hypernymWeights[depth] ?? 0), depth + 1);
      } else if (depth === 0 && RELATED.has(ptr.symbol)) {
        addFeature(bag, `s:${ptr.pos}${ptr.offset}`, weight * P.relatedWeight);
      }
    }
  }
}

/** Text with no word characters at all ("!!!") still gets a stable, non-zero vector. */
function rawNgrams(text: string): SparseVector {
  const bag: FeatureBag = new Map();
  const padded = `<${text.trim()}>`;
  const n = P.rawNgramSize;
  for (let i = 0; i + n <= padded.length; i++) addFeature(bag, `r:${padded.slice(i, i + n)}`, 1);
  return toSparse(bag);
}

function addSparse(out: Float32Array, vector: SparseVector, weight: number): void {
  for (let i = 0; i < vector.index.length; i++) {
    const d = vector.index[i] ?? 0;
    out[d] = (out[d] ?? 0) + (vector.value[i] ?? 0) * weight;
  }
}

/** Hashes named features into (dimension, signed weight) pairs, merging collisions. */
function toSparse(bag: FeatureBag): SparseVector {
  const dense = new Map<number, number>();
  for (const [name, w] of bag) {
    const h = fnv1a(name);
    const d = h % P.dimension;
    dense.set(d, (dense.get(d) ?? 0) + ((h & 0x80000000) !== 0 ? -w : w));
  }
  return { index: Int32Array.from(dense.keys()), value: Float32Array.from(dense.values()) };
}
