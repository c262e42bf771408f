import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Reads and checks a local Hugging Face model directory (all-MiniLM-L6-v2 layout) before
 * transformers.js touches it, so a wrong directory fails start-up with the missing file named.
 */
export interface ModelDirInfo {
  readonly name: string;
  /** Hash of everything that decides the vectors (see `inspectModelDir`). */
  readonly revision: string;
  readonly dimension: number;
  readonly randomWeights: boolean;
  readonly modelFile: string;
  /** Tokens per text after truncation: the smaller of `model_max_length` and the configured limit. */
  readonly maxLength: number;
}

/**
 * How this service turns the graph's output into a vector and calls the tokenizer: the attention-masked
 * mean of the last hidden state, L2-normalised, over texts padded per batch and truncated at
 * `maxLength`. Part of the revision: change it whenever `mean-pool.ts` or the tokenizer call changes.
 */
export const TRANSFORMER_PIPELINE = 'tokenize(padding,truncation@maxLength)+masked-mean+l2/1';

/** The token limit the tokenizer applies: `model_max_length` from tokenizer_config.json, capped. */
export function effectiveMaxLength(tokenizerConfig: Record<string, unknown>, maxTokens: number): number {
  const configured = tokenizerConfig['model_max_length'];
  return typeof configured === 'number' && configured > 0 ? Math.min(configured, maxTokens) : maxTokens;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson(dir: string, file: string): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readFile(join(dir, file), 'utf8'));
  if (!isRecord(parsed)) throw new Error(`${join(dir, file)}: not a JSON object`);
  return parsed;
}

/**
 * The revision is the first 12 hex digits of SHA-256 over every input that changes a vector: the
 * service's pipeline (`TRANSFORMER_PIPELINE`), the effective token limit, and the bytes of
 * config.json, tokenizer.json, tokenizer_config.json (lower-casing, accents, model_max_length…),
 * 1_Pooling/config.json when present, and the ONNX file. Two services that could answer the same
 * text differently never report the same name@revision.
 */
export async function inspectModelDir(
  dir: string,
  quantized: boolean,
  maxTokens: number,
): Promise<ModelDirInfo> {
  const modelFile = join('onnx', quantized ? 'model_quantized.onnx' : 'model.onnx');
  const required = ['config.json', 'tokenizer.json', 'tokenizer_config.json', modelFile];
  const missing: string[] = [];
  for (const file of required) if (!(await exists(join(dir, file)))) missing.push(file);
  if (missing.length > 0) throw new Error(`model directory ${dir} lacks ${missing.join(', ')}`);

  const config = await readJson(dir, 'config.json');
  const dimension = config['hidden_size'];
  if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension <= 0) {
    throw new Error(`${join(dir, 'config.json')}: hidden_size must be a positive integer`);
  }
  if (!Number.isInteger(maxTokens) || maxTokens <= 0) {
    throw new Error(`token limit must be a positive integer, got ${maxTokens}`);
  }
  // sentence-transformers records the pooling; this service implements mean pooling only.
  const poolingFile = join('1_Pooling', 'config.json');
  const hasPooling = await exists(join(dir, poolingFile));
  if (hasPooling) {
    const pooling = await readJson(dir, poolingFile);
    if (pooling['pooling_mode_mean_tokens'] !== true) {
      throw new Error(`${join(dir, poolingFile)}: only mean pooling is supported`);
    }
  }
  const maxLength = effectiveMaxLength(await readJson(dir, 'tokenizer_config.json'), maxTokens);
  const nameOrPath = config['_name_or_path'];
  const fixture = config['superagent_fixture'];
  const hash = createHash('sha256');
  const part = (label: string, bytes: Buffer | string): void => {
    // Labelled and length-prefixed, so no two different inputs hash the same byte stream.
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    hash.update(`${label}\0${data.length}\0`);
    hash.update(data);
  };
  part('pipeline', TRANSFORMER_PIPELINE);
  part('max_length', String(maxLength));
  const files = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
  if (hasPooling) files.push(poolingFile);
  for (const file of files) part(file, await readFile(join(dir, file)));
  // The ONNX file goes in last under one label whichever variant it is (its bytes tell them apart).
  part('onnx', await readFile(join(dir, modelFile)));
  return {
    name: typeof nameOrPath === 'string' && nameOrPath.length > 0 ? nameOrPath : basename(dir),
    revision: hash.digest('hex').slice(0, 12),
    dimension,
    randomWeights: isRecord(fixture) && fixture['random_weights'] === true,
    modelFile,
    maxLength,
  };
}
