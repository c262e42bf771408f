import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Tensor } from 'onnxruntime-node';
import type { EmbeddingModel } from '../../domain/model';
import { meanPoolNormalised } from './mean-pool';
import { inspectModelDir } from './model-dir';

export interface TransformerOptions {
  /** Local model directory (config.json, tokenizer.json, tokenizer_config.json, onnx/). */
  readonly dir: string;
  /** Load onnx/model_quantized.onnx instead of onnx/model.onnx. */
  readonly quantized: boolean;
  /** Token limit per text; longer texts are truncated (all-MiniLM-L6-v2 was trained on 256). */
  readonly maxTokens: number;
  /** onnxruntime intra-op threads for this model (0: one per core, onnxruntime's default). */
  readonly threads: number;
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

function tensorField(value: unknown, name: string): TensorLike | undefined {
  const tensor: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
  return isTensorLike(tensor) ? tensor : undefined;
}

/** int64 values of a tokenizer output (read once: transformers.js tensors sit behind a Proxy). */
function int64Values(tensor: TensorLike): BigInt64Array {
  const data = tensor.data;
  return data instanceof BigInt64Array
    ? data
    : BigInt64Array.from({ length: data.length }, (_, k) => BigInt(data[k] ?? 0));
}

/**
 * A sentence-transformers model strictly from a local directory: transformers.js provides the
 * tokenizer (remote loading switched off before anything loads), onnxruntime-node (the runtime
 * transformers.js itself uses) runs the ONNX graph with a session created here, because
 * transformers.js 2.17 passes no session options and the thread count must be set per replica.
 * Vectors are the attention-masked mean of the last hidden state, L2-normalised.
 */
export async function loadTransformerModel(options: TransformerOptions): Promise<EmbeddingModel> {
  const dir = resolve(options.dir);
  const info = await inspectModelDir(dir, options.quantized, options.maxTokens);
  const tx = await import('@xenova/transformers');
  tx.env.allowRemoteModels = false;
  tx.env.allowLocalModels = true;
  tx.env.useFSCache = false;
  tx.env.useBrowserCache = false;
  tx.env.localModelPath = `${dirname(dir)}${sep}`;
  const tokenizer = await tx.AutoTokenizer.from_pretrained(basename(dir));
  // The token limit goes on the tokenizer, not in the call: given max_length, transformers.js pads
  // every text to it (256 tokens for a 10-word query); without it, a batch pads to its longest text.
  // It is the limit the revision was computed with (model_max_length capped by EMBEDDING_MAX_TOKENS).
  tokenizer.model_max_length = info.maxLength;
  // Imported here, not at module load: a native addon loaded by the main thread and also by worker
  // threads corrupts the heap when a worker exits (onnxruntime-node 1.14), so only the thread that
  // runs the model may load it.
  // A CommonJS module imported dynamically: its re-exported names live on `default`.
  const { InferenceSession, Tensor: OrtTensor } = (await import('onnxruntime-node')).default;
  const session = await InferenceSession.create(join(dir, info.modelFile), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    ...(options.threads > 0 ? { intraOpNumThreads: options.threads } : {}),
  });
  const output = session.outputNames.includes('last_hidden_state')
    ? 'last_hidden_state'
    : session.outputNames[0];
  if (output === undefined) throw new Error(`${join(dir, info.modelFile)} has no outputs`);

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
      const encoded: unknown = tokenizer([...texts], { padding: true, truncation: true });
      const ids = tensorField(encoded, 'input_ids');
      const mask = tensorField(encoded, 'attention_mask');
      if (!ids || !mask) throw new Error('tokenizer returned no input_ids/attention_mask');
      const feeds: Record<string, Tensor> = {};
      for (const name of session.inputNames) {
        const given = tensorField(encoded, name);
        if (given) feeds[name] = new OrtTensor('int64', int64Values(given), [...given.dims]);
        else if (name === 'token_type_ids')
          feeds[name] = new OrtTensor('int64', new BigInt64Array(ids.data.length), [...ids.dims]);
        else throw new Error(`model input ${name} has no tokenizer counterpart`);
      }
      const result = await session.run(feeds, [output]);
      const hidden = result[output];
      if (!hidden || !(hidden.data instanceof Float32Array))
        throw new Error(`model output ${output} is not float32`);
      return meanPoolNormalised({ dims: hidden.dims, data: hidden.data }, mask, info.dimension);
    },
    close() {
      // onnxruntime-node 1.14 frees a session when it is garbage-collected; nothing to release here.
      return Promise.resolve();
    },
  };
}
