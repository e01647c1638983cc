import { describe, expect, it } from 'vitest';
import { meanPool } from '../../src/core/pooling.js';
import { norm, randVec, rng } from './fixtures/core-rng.js';

/** Independent reference: average the hidden rows whose mask is 1, then (optionally) normalise. */
function naiveMeanPool(hidden: Float32Array, mask: number[], batch: number, seq: number, dim: number, normalize = true): number[][] {
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const kept: number[][] = [];
    for (let t = 0; t < seq; t++) {
      if (mask[b * seq + t] === 1) kept.push(Array.from(hidden.subarray((b * seq + t) * dim, (b * seq + t + 1) * dim)));
    }
    const mean = new Array<number>(dim).fill(0).map((_, j) => (kept.length ? kept.reduce((s, h) => s + h[j]!, 0) / kept.length : 0));
    const n = norm(mean);
    out.push(normalize && n > 0 ? mean.map((x) => x / n) : mean);
  }
  return out;
}

const batch = 3, seq = 6, dim = 5;
// Row 0: full; row 1: three real tokens then padding; row 2: one real token.
const lengths = [6, 3, 1];
const maskNums = lengths.flatMap((len) => Array.from({ length: seq }, (_, t) => (t < len ? 1 : 0)));
const maskBig = BigInt64Array.from(maskNums.map((x) => BigInt(x)));

function rows(out: Float32Array): number[][] {
  return Array.from({ length: out.length / dim }, (_, b) => Array.from(out.subarray(b * dim, (b + 1) * dim)));
}

describe('meanPool', () => {
  const hidden = randVec(rng(11), batch * seq * dim, 3);

  it('matches a naive masked mean + L2 normalisation', () => {
    const want = naiveMeanPool(hidden, maskNums, batch, seq, dim);
    rows(meanPool(hidden, maskNums, batch, seq, dim)).forEach((r, b) => r.forEach((x, j) => expect(x).toBeCloseTo(want[b]![j]!, 5)));
  });

  it('ignores padded positions: changing their hidden values gives the identical output', () => {
    const base = meanPool(hidden, maskBig, batch, seq, dim);
    const r = rng(12);
    for (let trial = 0; trial < 5; trial++) {
      const noisy = hidden.slice();
      for (let i = 0; i < batch * seq; i++) {
        if (maskNums[i] === 0) for (let j = 0; j < dim; j++) noisy[i * dim + j] = (r() * 2 - 1) * 1000;
      }
      expect(Array.from(meanPool(noisy, maskBig, batch, seq, dim))).toEqual(Array.from(base));
    }
  });

  it('does not let padding dilute the mean (unnormalised output is the mean over real tokens only)', () => {
    const h = new Float32Array(1 * 4 * 2);
    h.set([2, 4, 6, 8, 100, 100, 100, 100]); // two real tokens, two padding
    const out = meanPool(h, [1, 1, 0, 0], 1, 4, 2, false);
    expect(Array.from(out)).toEqual([4, 6]);
  });

  it('returns unit-length rows', () => {
    for (const r of rows(meanPool(hidden, maskNums, batch, seq, dim))) expect(norm(r)).toBeCloseTo(1, 6);
  });

  it('accepts the mask as BigInt64Array or number[] with the same result', () => {
    expect(Array.from(meanPool(hidden, maskBig, batch, seq, dim))).toEqual(Array.from(meanPool(hidden, maskNums, batch, seq, dim)));
  });

  it('with normalize=false returns the raw masked mean', () => {
    const want = naiveMeanPool(hidden, maskNums, batch, seq, dim, false);
    rows(meanPool(hidden, maskBig, batch, seq, dim, false)).forEach((r, b) => r.forEach((x, j) => expect(x).toBeCloseTo(want[b]![j]!, 5)));
  });

  it('gives a zero row (not NaN) for a fully masked sequence', () => {
    const out = meanPool(randVec(rng(13), 2 * 3 * 4), [1, 1, 0, 0, 0, 0], 2, 3, 4);
    expect(Array.from(out.subarray(4))).toEqual([0, 0, 0, 0]);
    expect(norm(out.subarray(0, 4))).toBeCloseTo(1, 6);
  });
});
