import { basename, dirname, resolve, sep } from 'node:path';
import type { EmbeddingModel } from '../../domain/model';
import { inspectModelDir } from './model-dir';
import { meanPoolNormalised } from './mean-pool';

export interface TransformerOptions {
  /** Local model directory (config.json, tokenizer.json, tokenizer_config.json, onnx/). */
  readonly dir: string;
  /** Load onnx/model_quantized.onnx instead of onnx/model.onnx. */
  readonly quantized: boolean;
  /** Token limit per text; longer texts are truncated (all-MiniLM-L6-v2 was trained on 256). */
  readonly maxTokens: number;
}

interface TensorLike {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
}

function isTensorLike(value: unknown): value is TensorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    'dims' in value &&
    'data' in value &&
    Array.isArray(value.dims)
  );
}

function field(value: unknown, name: string): TensorLike {
  const tensor: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
  if (!isTensorLike(tensor)) throw new Error(`transformers.js output lacks tensor ${name}`);
  return tensor;
}

/**
 * A sentence-transformers model run through transformers.js (onnxruntime-node), strictly from a
 * local directory: remote model loading is switched off before anything is loaded. Vectors are
 * the attention-masked mean of the last hidden state, L2-normalised (all-MiniLM-L6-v2's recipe).
 */
export async function loadTransformerModel(options: TransformerOptions): Promise<EmbeddingModel> {
  const dir = resolve(options.dir);
  const info = await inspectModelDir(dir, options.quantized);
  const tx = await import('@xenova/transformers');
  tx.env.allowRemoteModels = false;
  tx.env.allowLocalModels = true;
  tx.env.useFSCache = false;
  tx.env.useBrowserCache = false;
  tx.env.localModelPath = `${dirname(dir)}${sep}`;
  const id = basename(dir);
  const tokenizer = await tx.AutoTokenizer.from_pretrained(id);
  const model = await tx.AutoModel.from_pretrained(id, { quantized: options.quantized });

  return {
    info: {
      name: info.name,
      revision: info.revision,
      dimension: info.dimension,
      kind: 'transformer',
      randomWeights: info.randomWeights,
    },
    async embedBatch(texts) {
      if (texts.length === 0) return [];
      const encoded: unknown = tokenizer([...texts], {
        padding: true,
        truncation: true,
        max_length: options.maxTokens,
      });
      const output: unknown = await model(encoded);
      const hidden = field(output, 'last_hidden_state');
      const mask = field(encoded, 'attention_mask');
      return meanPoolNormalised(hidden, mask, info.dimension);
    },
    async close() {
      await model.dispose();
    },
  };
}
