import { describe, expect, it } from 'vitest';
import { explainByHistory, similarityThreshold, strongestEvents } from '../../src/core/explain.js';
import type { CatalogItem } from '../../src/core/types.js';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

// Candidate along x. Similarities: a 1, b 0.6, c ≈ 0.196, d −1 (opposite), e 0 (orthogonal).
const candidate = unit(1, 0, 0);
const history = new Map<string, { vector: Float32Array; item: CatalogItem }>([
  ['a', { vector: unit(1, 0, 0), item: { id: 'a', title: 'Alpha' } }],
  ['b', { vector: unit(0.6, 0.8, 0), item: { id: 'b', title: 'Bravo' } }],
  ['c', { vector: unit(0.2, 0, 1), item: { id: 'c', title: 'Charlie' } }],
  ['d', { vector: unit(-1, 0, 0), item: { id: 'd', title: 'Delta' } }],
  ['e', { vector: unit(0, 1, 0), item: { id: 'e', title: 'Echo' } }],
]);
const lookup = (id: string) => history.get(id);
const sum = (xs: { weight: number }[]) => xs.reduce((s, x) => s + x.weight, 0);

describe('explainByHistory', () => {
  it('names the history items with the largest weighted positive similarity, best first', () => {
    // weighted: a 1·1 = 1, b 3·0.6 = 1.8, c 2·0.196 ≈ 0.39
    const weights = new Map([['a', 1], ['b', 3], ['c', 2]]);
    const out = explainByHistory(candidate, weights, lookup);
    expect(out.map((x) => [x.itemId, x.title])).toEqual([['b', 'Bravo'], ['a', 'Alpha']]);
    expect(out[0]!.weight).toBeGreaterThan(out[1]!.weight);
  });

  it('returns weights that sum to 1 and are proportional to weighted similarity', () => {
    const out = explainByHistory(candidate, new Map([['a', 1], ['b', 3]]), lookup);
    expect(sum(out)).toBeCloseTo(1, 6);
    expect(out[0]!.weight).toBeCloseTo(1.8 / 2.8, 6);
    expect(out[1]!.weight).toBeCloseTo(1 / 2.8, 6);
    const all = explainByHistory(candidate, new Map([['a', 1], ['b', 3], ['c', 2]]), lookup, { max: 10 });
    expect(all.map((x) => x.itemId)).toEqual(['b', 'a', 'c']);
    expect(sum(all)).toBeCloseTo(1, 6);
  });

  it('when truncated by max, weights stay shares in (0, 1] and never sum above 1', () => {
    const out = explainByHistory(candidate, new Map([['a', 1], ['b', 3], ['c', 2]]), lookup, { max: 2 });
    expect(out).toHaveLength(2);
    for (const x of out) expect(x.weight > 0 && x.weight <= 1).toBe(true);
    expect(sum(out)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('ignores unknown ids and items with zero or negative similarity', () => {
    const out = explainByHistory(candidate, new Map([['ghost', 100], ['d', 50], ['e', 50], ['a', 1]]), lookup, { max: 5 });
    expect(out).toEqual([{ itemId: 'a', title: 'Alpha', event: 'view', weight: 1 }]);
    expect(explainByHistory(candidate, new Map([['ghost', 1], ['d', 1]]), lookup)).toEqual([]);
    expect(explainByHistory(candidate, new Map(), lookup)).toEqual([]);
  });

  it('respects max (including 0 and 1)', () => {
    const weights = new Map([['a', 1], ['b', 3], ['c', 2]]);
    expect(explainByHistory(candidate, weights, lookup, { max: 0 })).toEqual([]);
    expect(explainByHistory(candidate, weights, lookup, { max: 1 }).map((x) => x.itemId)).toEqual(['b']);
    expect(explainByHistory(candidate, weights, lookup, { max: 3 })).toHaveLength(3);
    expect(explainByHistory(candidate, weights, lookup, { max: 99 })).toHaveLength(3);
  });
});

describe('explanations name what the shopper did, only for real links', () => {
  const weights = new Map([['a', 1], ['b', 3], ['c', 2]]);

  it('names the strongest event per item: bought beats added to cart beats viewed', () => {
    const events = strongestEvents([
      { type: 'view', itemId: 'b' },
      { type: 'purchase', itemId: 'b' },
      { type: 'view', itemId: 'b' },
      { type: 'add_to_cart', itemId: 'a' },
      { type: 'click', itemId: 'a' },
      { type: 'search' },
    ]);
    expect(Object.fromEntries(events)).toEqual({ b: 'purchase', a: 'add_to_cart' });
    const out = explainByHistory(candidate, weights, lookup, { events });
    expect(out.map((x) => [x.itemId, x.event])).toEqual([['b', 'purchase'], ['a', 'add_to_cart']]);
  });

  it('a text similarity below the threshold is no link, so no explanation', () => {
    // sims: a 1, b 0.6, c 0.196
    expect(explainByHistory(candidate, weights, lookup, { minSimilarity: 0.7 }).map((x) => x.itemId)).toEqual(['a']);
    expect(explainByHistory(candidate, new Map([['c', 5]]), lookup, { minSimilarity: 0.5 })).toEqual([]);
  });

  it('a co-occurrence link counts even when the texts are unalike', () => {
    const out = explainByHistory(candidate, new Map([['e', 1], ['c', 1]]), lookup, { minSimilarity: 0.5, cooc: (id) => (id === 'e' ? 0.2 : 0) });
    expect(out.map((x) => x.itemId)).toEqual(['e']);
  });

  it('never names the excluded item (the page being shown)', () => {
    expect(explainByHistory(candidate, weights, lookup, { exclude: 'b' }).map((x) => x.itemId)).toEqual(['a', 'c']);
  });
});

describe('similarityThreshold', () => {
  it('is the given quantile of random-pair cosines, so most unrelated pairs fall below it', () => {
    const dim = 16;
    const n = 300;
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
    const m = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (m[i * dim + k] = rnd()) ** 2;
      for (let k = 0; k < dim; k++) m[i * dim + k]! /= Math.sqrt(s);
    }
    const t = similarityThreshold(m, n, dim);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThan(1);
    let above = 0;
    for (let i = 0; i < n - 1; i++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += m[i * dim + k]! * m[(i + 1) * dim + k]!;
      if (d >= t) above++;
    }
    expect(above / (n - 1)).toBeLessThan(0.05);
    expect(similarityThreshold(m, 1, dim)).toBe(0);
  });
});
