/** Builds the padded int64 tensors a BERT graph takes from tokenised texts. */

export interface TokenisedText {
  ids: readonly number[];
}

export interface ModelBatch {
  batch: number;
  seq: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

/**
 * Pads to the longest sequence in the batch (not to maxLength: short queries stay cheap)
 * and truncates longer ones to maxLength, keeping the final [SEP] the model was trained with.
 */
export function buildBatch(texts: readonly TokenisedText[], maxLength: number, padId = 0): ModelBatch {
  if (maxLength < 2) throw new RangeError('maxLength must be at least 2');
  const rows = texts.map(({ ids }) => (ids.length <= maxLength ? ids : [...ids.slice(0, maxLength - 1), ids[ids.length - 1]!]));
  const seq = Math.max(1, ...rows.map((r) => r.length));
  const batch = rows.length;
  const inputIds = new BigInt64Array(batch * seq).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * seq);
  rows.forEach((r, b) => {
    for (let t = 0; t < r.length; t++) {
      inputIds[b * seq + t] = BigInt(r[t]!);
      attentionMask[b * seq + t] = 1n;
    }
  });
  return { batch, seq, inputIds, attentionMask, tokenTypeIds: new BigInt64Array(batch * seq) };
}
