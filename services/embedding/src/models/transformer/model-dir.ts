import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/**
 * Reads and checks a local Hugging Face model directory (all-MiniLM-L6-v2 layout) before
 * transformers.js touches it, so a wrong directory fails start-up with the missing file named.
 */
export interface ModelDirInfo {
  readonly name: string;
  readonly revision: string;
  readonly dimension: number;
  readonly randomWeights: boolean;
  readonly modelFile: string;
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

export async function inspectModelDir(dir: string, quantized: boolean): Promise<ModelDirInfo> {
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
  // sentence-transformers records the pooling; this service implements mean pooling only.
  if (await exists(join(dir, '1_Pooling', 'config.json'))) {
    const pooling = await readJson(dir, join('1_Pooling', 'config.json'));
    if (pooling['pooling_mode_mean_tokens'] !== true) {
      throw new Error(`${join(dir, '1_Pooling', 'config.json')}: only mean pooling is supported`);
    }
  }
  const nameOrPath = config['_name_or_path'];
  const fixture = config['superagent_fixture'];
  const hash = createHash('sha256');
  for (const file of ['config.json', 'tokenizer.json', modelFile])
    hash.update(await readFile(join(dir, file)));
  return {
    name: typeof nameOrPath === 'string' && nameOrPath.length > 0 ? nameOrPath : basename(dir),
    revision: hash.digest('hex').slice(0, 12),
    dimension,
    randomWeights: isRecord(fixture) && fixture['random_weights'] === true,
    modelFile,
  };
}
