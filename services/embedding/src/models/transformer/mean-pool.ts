import { l2NormaliseInPlace } from '../../domain/vector-math';

interface TensorView {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
}

/** A plain Float32Array of the values: transformers.js tensors answer element reads through a Proxy. */
function floats(data: ArrayLike<number | bigint>): Float32Array {
  if (data instanceof Float32Array) return data;
  return Float32Array.from({ length: data.length }, (_, i) => Number(data[i] ?? 0));
}

/**
 * Mean of the token vectors that the attention mask keeps (padding excluded), then L2-normalised.
 * `hidden` is [batch, seq, dim] row-major, `mask` is [batch, seq] of 0/1 (int64 from the tokenizer).
 */
export function meanPoolNormalised(hidden: TensorView, mask: TensorView, dimension: number): Float32Array[] {
  const [batch = 0, seq = 0, dim = 0] = hidden.dims;
  if (dim !== dimension) throw new Error(`model produced ${dim}-d states, config says ${dimension}`);
  if (mask.dims[0] !== batch || mask.dims[1] !== seq)
    throw new Error('attention mask does not match hidden states');
  // Read each tensor's backing array once, outside the loops.
  const states = floats(hidden.data);
  const maskData = mask.data;
  const keep = Uint8Array.from({ length: batch * seq }, (_, i) => (Number(maskData[i] ?? 0) === 0 ? 0 : 1));
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    let kept = 0;
    for (let s = 0; s < seq; s++) {
      if (keep[b * seq + s] === 0) continue;
      kept++;
      const row = states.subarray((b * seq + s) * dim, (b * seq + s + 1) * dim);
      for (let d = 0; d < dim; d++) v[d] = (v[d] ?? 0) + (row[d] ?? 0);
    }
    if (kept > 0) for (let d = 0; d < dim; d++) v[d] = (v[d] ?? 0) / kept;
    out.push(l2NormaliseInPlace(v));
  }
  return out;
}
