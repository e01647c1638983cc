import { describe, expect, it } from 'vitest';
import { dot, l2Normalize, matVec, row, topK, topKAmong, vecMat } from '../../src/core/vector.js';
import { dot64, norm, randVec, rng } from './fixtures/core-rng.js';

describe('dot', () => {
  it('computes a plain dot product', () => {
    expect(dot(new Float32Array([1, 2, 3]), new Float32Array([4, -5, 6]))).toBe(1 * 4 - 2 * 5 + 3 * 6);
  });

  it('reads b from an offset, over a dimension', () => {
    const a = new Float32Array([1, 2]);
    const b = new Float32Array([9, 9, 3, 4, 9]);
    expect(dot(a, b, 2)).toBe(1 * 3 + 2 * 4);
    expect(dot(new Float32Array([1, 2, 100]), b, 2, 2)).toBe(11);
  });

  it('matches a float64 reference on random data', () => {
    const r = rng(1);
    for (let t = 0; t < 20; t++) {
      const a = randVec(r, 33), b = randVec(r, 33);
      expect(dot(a, b)).toBeCloseTo(dot64(a, b), 5);
    }
  });
});

describe('l2Normalize', () => {
  it('scales to unit length in place and returns the same array', () => {
    const r = rng(2);
    for (let t = 0; t < 20; t++) {
      const v = randVec(r, 17, 10);
      const before = Array.from(v);
      const out = l2Normalize(v);
      expect(out).toBe(v);
      expect(norm(v)).toBeCloseTo(1, 6);
      // Same direction: every component scaled by the same positive factor.
      const n0 = norm(before);
      v.forEach((x, i) => expect(x).toBeCloseTo(before[i]! / n0, 6));
    }
  });

  it('leaves a zero vector zero (no NaN)', () => {
    const v = new Float32Array(8);
    l2Normalize(v);
    expect(Array.from(v)).toEqual(new Array(8).fill(0));
  });

  it('normalises only the [offset, offset+dim) slice', () => {
    const v = new Float32Array([7, 3, 4, 7]);
    l2Normalize(v, 1, 2);
    expect(Array.from(v)).toEqual([7, Math.fround(0.6), Math.fround(0.8), 7]);
    const w = new Float32Array([5, 0, 0]);
    l2Normalize(w, 1);
    expect(Array.from(w)).toEqual([5, 0, 0]);
  });
});

describe('matVec / vecMat / row', () => {
  const naiveMatVec = (m: Float32Array, n: number, d: number, q: Float32Array): number[] =>
    Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += m[i * d + j]! * q[j]!;
      return s;
    });
  const naiveVecMat = (v: Float32Array, m: Float32Array, rows: number, cols: number): number[] =>
    Array.from({ length: cols }, (_, c) => {
      let s = 0;
      for (let r = 0; r < rows; r++) s += v[r]! * m[r * cols + c]!;
      return s;
    });

  it('matVec equals the naive product, also into a reused output', () => {
    const r = rng(3);
    const n = 9, d = 6;
    const m = randVec(r, n * d), q = randVec(r, d);
    const expected = naiveMatVec(m, n, d, q);
    matVec(m, n, d, q).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    const out = new Float32Array(n).fill(123);
    expect(matVec(m, n, d, q, out)).toBe(out);
    out.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
  });

  it('vecMat equals the naive vᵀM, with zero entries in v and a dirty output buffer', () => {
    const r = rng(4);
    const rows = 7, cols = 11;
    const m = randVec(r, rows * cols), v = randVec(r, rows);
    v[0] = 0;
    v[4] = 0;
    const expected = naiveVecMat(v, m, rows, cols);
    vecMat(v, m, rows, cols).forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    const out = new Float32Array(cols).fill(-99);
    expect(vecMat(v, m, rows, cols, out)).toBe(out);
    out.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    expect(Array.from(vecMat(new Float32Array(rows), m, rows, cols))).toEqual(new Array(cols).fill(0));
  });

  it('row is a view of row i', () => {
    const m = new Float32Array([0, 1, 2, 3, 4, 5]);
    const r1 = row(m, 1, 3);
    expect(Array.from(r1)).toEqual([3, 4, 5]);
    r1[0] = 42;
    expect(m[3]).toBe(42);
  });
});

describe('topK', () => {
  /** Reference: stable sort by score (desc), ties by index (asc), NaN and skipped excluded. */
  const naive = (scores: ArrayLike<number>, k: number, skip?: (i: number) => boolean): number[] =>
    Array.from({ length: scores.length }, (_, i) => i)
      .filter((i) => !Number.isNaN(scores[i]!) && !skip?.(i))
      .sort((a, b) => scores[b]! - scores[a]! || a - b)
      .slice(0, Math.max(0, k));

  it('equals a naive sort on random distinct scores', () => {
    const r = rng(5);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(r() * 60);
      const k = Math.floor(r() * 70);
      const scores = Array.from({ length: n }, () => r() * 2 - 1);
      expect(topK(scores, k)).toEqual(naive(scores, k));
    }
  });

  it('picks the same scores as a naive sort when scores tie, ordered best first and ties by index', () => {
    const r = rng(6);
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(r() * 50);
      const k = Math.floor(r() * 55);
      const scores = Float32Array.from({ length: n }, () => Math.floor(r() * 5)); // heavy ties
      const got = topK(scores, k);
      const want = naive(scores, k);
      expect(got.map((i) => scores[i])).toEqual(want.map((i) => scores[i]));
      expect(new Set(got).size).toBe(got.length);
      for (let j = 1; j < got.length; j++) {
        const a = got[j - 1]!, b = got[j]!;
        expect(scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b)).toBe(true);
      }
    }
  });

  // Regression: ties at the cut-off must keep the lowest indices, like a stable sort.
  it('breaks ties at the cut-off by lowest index, like a stable sort', () => {
    const scores = [1, 3, 1, 1, 5];
    expect(topK(scores, 3)).toEqual(naive(scores, 3));
  });

  it('returns everything (sorted) when k > n', () => {
    const scores = [0.2, -1, 0.9, 0.2, 3];
    expect(topK(scores, 10)).toEqual([4, 2, 0, 3, 1]);
    expect(topK(scores, 5)).toEqual([4, 2, 0, 3, 1]);
  });

  it('returns [] for k = 0, negative k and empty input', () => {
    expect(topK([1, 2, 3], 0)).toEqual([]);
    expect(topK([1, 2, 3], -2)).toEqual([]);
    expect(topK([], 5)).toEqual([]);
  });

  it('skips NaN scores', () => {
    const scores = [NaN, 1, NaN, 0.5, -Infinity, Infinity, NaN];
    expect(topK(scores, 10)).toEqual([5, 1, 3, 4]);
    expect(topK(scores, 2)).toEqual([5, 1]);
    expect(topK([NaN, NaN], 3)).toEqual([]);
    // A NaN placed first must not poison the heap.
    expect(topK(new Float32Array([NaN, 0.1, 0.3, 0.2]), 2)).toEqual([2, 3]);
  });

  it('honours the skip predicate (never returns skipped indices)', () => {
    const r = rng(7);
    for (let t = 0; t < 100; t++) {
      const n = 1 + Math.floor(r() * 40);
      const k = Math.floor(r() * 45);
      const scores = Array.from({ length: n }, () => (r() < 0.1 ? NaN : r()));
      const banned = new Set(Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.3));
      const skip = (i: number) => banned.has(i);
      const got = topK(scores, k, skip);
      expect(got.some(skip)).toBe(false);
      expect(got).toEqual(naive(scores, k, skip));
    }
    expect(topK([9, 8, 7], 2, (i) => i === 0)).toEqual([1, 2]);
  });
});

describe('topKAmong', () => {
  it('equals topK restricted to the given indices, whatever their order, ties by lowest index', () => {
    const r = rng(7);
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(r() * 60);
      const k = Math.floor(r() * 30);
      const scores = Float32Array.from({ length: n }, () => Math.floor(r() * 6)); // heavy ties
      const among = Array.from({ length: n }, (_, i) => i).filter(() => r() < 0.6);
      for (let i = among.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [among[i], among[j]] = [among[j]!, among[i]!]; // any order, as touched documents come
      }
      const inSet = new Set(among);
      expect(topKAmong(scores, Uint32Array.from(among), among.length, k)).toEqual(topK(scores, k, (i) => !inSet.has(i)));
    }
  });

  it('reads only the first count entries of the index list', () => {
    expect(topKAmong([5, 4, 3, 2], [3, 2, 0, 1], 2, 4)).toEqual([2, 3]);
  });
});
