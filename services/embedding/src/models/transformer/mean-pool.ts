import { l2NormaliseInPlace } from '../../domain/vector-math';

/**
 * Mean of the token vectors that the attention mask keeps (padding excluded), then L2-normalised.
 * `hidden` is [batch, seq, dim] row-major, `mask` is [batch, seq] of 0/1 (int64 from the tokenizer).
 */
export function meanPoolNormalised(
  hidden: { readonly dims: readonly number[]; readonly data: ArrayLike<number | bigint> },
  mask: { readonly dims: readonly number[]; readonly data: ArrayLike<number | bigint> },
  dimension: number,
): Float32Array[] {
  const [batch = 0, seq = 0, dim = 0] = hidden.dims;
  if (dim !== dimension) throw new Error(`model produced ${dim}-d states, config says ${dimension}`);
  if (mask.dims[0] !== batch || mask.dims[1] !== seq)
    throw new Error('attention mask does not match hidden states');
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const v = new Float32Array(dim);
    let kept = 0;
    for (let s = 0; s < seq; s++) {
      if (Number(mask.data[b * seq + s] ?? 0) === 0) continue;
      kept++;
      const base = (b * seq + s) * dim;
      for (let d = 0; d < dim; d++) v[d] = (v[d] ?? 0) + Number(hidden.data[base + d] ?? 0);
    }
    if (kept > 0) for (let d = 0; d < dim; d++) v[d] = (v[d] ?? 0) / kept;
    out.push(l2NormaliseInPlace(v));
  }
  return out;
}
