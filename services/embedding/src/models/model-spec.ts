import type { EmbeddingModel } from '../domain/model';
import { createLexicalModel } from './lexical/lexical-model';
import { loadTransformerModel, type TransformerOptions } from './transformer/transformer-model';

/** Which model to load: plain data, so it can cross into a worker thread. */
export type ModelSpec =
  { readonly kind: 'lexical' } | ({ readonly kind: 'transformer' } & TransformerOptions);

export async function loadModel(spec: ModelSpec): Promise<EmbeddingModel> {
  switch (spec.kind) {
    case 'lexical':
      return createLexicalModel();
    case 'transformer':
      return loadTransformerModel(spec);
  }
}

/** Checks a value received across a thread boundary (worker data is untyped). */
export function isModelSpec(value: unknown): value is ModelSpec {
  if (typeof value !== 'object' || value === null) return false;
  const kind: unknown = Reflect.get(value, 'kind');
  if (kind === 'lexical') return true;
  return (
    kind === 'transformer' &&
    typeof Reflect.get(value, 'dir') === 'string' &&
    typeof Reflect.get(value, 'quantized') === 'boolean' &&
    typeof Reflect.get(value, 'maxTokens') === 'number' &&
    typeof Reflect.get(value, 'threads') === 'number'
  );
}
