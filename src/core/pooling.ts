import { l2Normalize } from './vector';

/**
 * Masked mean pooling of a [batch, seq, dim] hidden-state tensor into [batch, dim],
 * each row L2-normalised: the sentence-transformers recipe for BERT encoders.
 * Padding positions (mask 0) must not dilute the mean.
 */
export function meanPool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  batch: number,
  seq: number,
  dim: number,
  normalize = true,
): Float32Array {
  const out = new Float32Array(batch * dim);
  for (let b = 0; b < batch; b++) {
    let count = 0;
    const o = b * dim;
    for (let t = 0; t < seq; t++) {
      if (Number(mask[b * seq + t]) === 0) continue;
      count++;
      const h = (b * seq + t) * dim;
      for (let j = 0; j < dim; j++) out[o + j]! += hidden[h + j]!;
    }
    if (count > 0) for (let j = 0; j < dim; j++) out[o + j]! /= count;
    if (normalize) l2Normalize(out, o, dim);
  }
  return out;
}
