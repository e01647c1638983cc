/** The search fusion's pure parts: features, the file format, the fitter and the no-match floor. */
import { describe, expect, it } from 'vitest';
import { fitListwise, fitSearchFusion, keywordFirstWeights, meanNdcg, ndcgAt, pickNoMatchThreshold, scoreWith, type FusionQuery } from '../../src/core/fit-search-fusion';
import type { LexicalHit } from '../../src/core/lexical';
import { FUSION_FEATURES, fuseScores, fusionFeatures, N_FUSION, parseSearchFusion, searchFusionFile, stem } from '../../src/core/search-fusion';
import { rng } from './fixtures/core-rng';

const col = (name: (typeof FUSION_FEATURES)[number]) => FUSION_FEATURES.indexOf(name);
const hit = (index: number, score: number, exact: number, matched: number, exactWords = (1 << exact) - 1): LexicalHit => ({ index, score, raw: score * 4, exact, exactWords, exactIdf: exact / 2, matched });

describe('fusionFeatures', () => {
  const f = fusionFeatures({
    words: ['steel', 'brackets'],
    wordIdf: Float32Array.of(1, 3),
    cos: Float32Array.of(0.9, 0.5, 0.2),
    hits: [undefined, hit(7, 1, 2, 2), hit(9, 0.4, 1, 2, 0b10)],
    itemWords: [['angle', 'bracket'], ['steel', 'brackets'], ['steel', 'shelf']],
    denseRank: Int32Array.of(0, 1, -1),
    keywordRank: Int32Array.of(-1, 0, 1),
    popularity: Float32Array.of(0, 1, 0.5),
  });
  const at = (i: number, name: (typeof FUSION_FEATURES)[number]) => f[i * N_FUSION + col(name)]!;

  it('a dense-only candidate has no keyword evidence but can match by stem', () => {
    expect([at(0, 'keyword'), at(0, 'exact'), at(0, 'inKeyword'), at(0, 'keywordRank')]).toEqual([0, 0, 0, 0]);
    expect(at(0, 'stem')).toBeCloseTo(0.75); // "brackets" ~ "bracket", 3 of the query's 4 IDF
    expect(at(0, 'denseRank')).toBe(1);
  });

  it('coverage: exact words, words matched only by prefix or typo, every word', () => {
    expect(at(1, 'exact')).toBe(1);
    expect(at(1, 'allWords')).toBe(1);
    expect(at(2, 'exact')).toBeCloseTo(0.5);
    expect(at(2, 'partial')).toBeCloseTo(0.5);
    expect(at(2, 'allWords')).toBe(0);
    expect(at(2, 'keywordRank')).toBeCloseTo(1 / Math.log2(3));
    // "steel" by stem in its title, "brackets" exactly in some other field: both count.
    expect(at(2, 'stem')).toBe(1);
  });

  it('gates the cosine on a short query; passes the IDF share and popularity through', () => {
    for (let i = 0; i < 3; i++) expect(at(i, 'cosShort')).toBeCloseTo(at(i, 'cos'));
    expect([at(0, 'exactIdf'), at(1, 'exactIdf'), at(2, 'exactIdf')]).toEqual([0, 1, 0.5]);
    expect(at(1, 'popularity')).toBe(1);
  });
});

describe('stem', () => {
  it('folds plurals and -ing/-ed, keeps short words and model numbers', () => {
    expect(['brackets', 'batteries', 'boxes', 'glass', 'painting', 'painted', 'gas', 'r19', '2x4s'].map(stem)).toEqual(['bracket', 'battery', 'box', 'glass', 'paint', 'paint', 'gas', 'r19', '2x4s']);
  });
});

describe('parseSearchFusion', () => {
  const weights = Float32Array.from({ length: N_FUSION }, (_, k) => k / 10);
  const covered = keywordFirstWeights();
  const file = searchFusionFile({ id: 't', modelId: 'm', weights, covered, keywordLedFrom: 0.5, noMatchBelow: 0.4 }, { on: 'test' });

  it('round-trips what searchFusionFile writes', () => {
    const f = parseSearchFusion(JSON.parse(JSON.stringify(file)));
    expect(f.id).toBe('t');
    expect(f.modelId).toBe('m');
    expect(f.noMatchBelow).toBeCloseTo(0.4);
    expect(Array.from(f.weights)).toEqual(Array.from(weights));
    expect(Array.from(f.covered)).toEqual(Array.from(covered));
  });

  it('rejects other formats, other feature lists, bad weights and a missing model id', () => {
    expect(() => parseSearchFusion({ ...file, format: 'x' })).toThrow(/not an alcove-search-fusion/);
    expect(() => parseSearchFusion({ ...file, features: [...file.features].reverse() })).toThrow(/features/);
    expect(() => parseSearchFusion({ ...file, weights: file.weights.slice(1) })).toThrow(/weights/);
    expect(() => parseSearchFusion({ ...file, weights: file.weights.map(() => null) })).toThrow(/weights/);
    expect(() => parseSearchFusion({ ...file, covered: undefined })).toThrow(/covered/);
    expect(() => parseSearchFusion({ ...file, keywordLedFrom: 0 })).toThrow(/keywordLedFrom/);
    expect(() => parseSearchFusion({ ...file, modelId: '' })).toThrow(/modelId/);
    expect(() => parseSearchFusion(null)).toThrow();
  });

  it("fuseScores is the dot product of the chosen model's weights and the features", () => {
    const features = Float32Array.from({ length: 2 * N_FUSION }, (_, k) => ((k % 3) - 1) / 2);
    features[col('exactIdf')] = features[N_FUSION + col('exactIdf')] = 0.3;
    const fusion = { id: 't', modelId: 'm', weights, covered, keywordLedFrom: 0.5, noMatchBelow: 0 };
    const dotWith = (w: Float32Array, i: number) => w.reduce((a, x, k) => a + x * features[i * N_FUSION + k]!, 0);
    let s = fuseScores(fusion, features, 2);
    for (let i = 0; i < 2; i++) expect(s[i]).toBeCloseTo(dotWith(weights, i), 4);
    // One candidate's exact words carry half the query's IDF: the keyword-first model scores all of them.
    features[N_FUSION + col('exactIdf')] = 0.5;
    s = fuseScores(fusion, features, 2);
    for (let i = 0; i < 2; i++) expect(s[i]).toBeCloseTo(dotWith(covered, i), 3);
  });
});

/** Synthetic judged queries: relevance follows exact coverage; the keyword score is noisier. */
function synthetic(seed: number, count: number): FusionQuery[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const n = 30;
    const features = new Float32Array(n * N_FUSION);
    const gains = new Float32Array(n);
    const keyword = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const exact = Math.floor(r() * 4) / 3;
      const cos = r();
      features[i * N_FUSION + col('exact')] = exact;
      features[i * N_FUSION + col('cos')] = cos;
      keyword[i] = exact + 0.8 * r();
      features[i * N_FUSION + col('keyword')] = keyword[i]! / 2;
      gains[i] = exact === 1 ? 2 : exact > 0.5 && cos > 0.5 ? 1 : 0;
    }
    return { features, n, gains, judged: Array.from(gains).filter((g) => g > 0), keyword };
  });
}

describe('fitting', () => {
  it('ndcgAt: perfect order is 1, reversed is lower, ties go to the lower index', () => {
    const gains = Float32Array.of(0, 1, 2);
    expect(ndcgAt(Float32Array.of(0, 1, 2), gains, [2, 1])).toBeCloseTo(1);
    expect(ndcgAt(Float32Array.of(2, 1, 0), gains, [2, 1])).toBeLessThan(1);
    expect(ndcgAt(Float32Array.of(1, 1, 1), Float32Array.of(1, 0, 0), [1])).toBeCloseTo(1);
    expect(ndcgAt(Float32Array.of(1, 1, 1), gains, [])).toBe(0);
  });

  it('the listwise fit learns what drives relevance and beats the noisy keyword order', () => {
    const train = synthetic(1, 200);
    const valid = synthetic(2, 100);
    const w = fitListwise(train, { l2: 1e-4, target: 'exp', iterations: 200 });
    expect(w[col('exact')]!).toBeGreaterThan(0);
    expect(w[col('exact')]!).toBeGreaterThan(Math.abs(w[col('keyword')]!));
    expect(meanNdcg(w, valid)).toBeGreaterThan(meanNdcg(keywordFirstWeights(), valid) + 0.05);
  });

  it('keyword-first ranks in keyword order, the cosine only breaking ties and ranking non-matches', () => {
    const q: FusionQuery = { features: new Float32Array(3 * N_FUSION), n: 3, gains: new Float32Array(3), judged: [], keyword: new Float32Array(3) };
    [[0.5, 0.1], [0.5, 0.9], [0, 0.99]].forEach(([kw, cos], i) => {
      q.features[i * N_FUSION + col('keyword')] = kw!;
      q.features[i * N_FUSION + col('cos')] = cos!;
    });
    const s = scoreWith(keywordFirstWeights(), q);
    expect(s[1]!).toBeGreaterThan(s[0]!);
    expect(s[0]!).toBeGreaterThan(s[2]!);
  });

  it('the chosen fusion is never below keyword-first on the selection queries', () => {
    // Relevance that only the keyword score predicts: a barely fitted setting loses to keyword-first.
    const qs = synthetic(3, 60).map((q) => ({ ...q, gains: Float32Array.from(q.keyword, (k) => (k > 1.2 ? 1 : 0)) }));
    for (const q of qs) q.judged = Array.from(q.gains).filter((g) => g > 0);
    const res = fitSearchFusion(qs.slice(0, 30), qs.slice(30), [{ l2: 10, target: 'linear', iterations: 5 }]);
    expect(res.chosen.uncovered).toMatch(/^keyword-first/);
    expect(res.selectNdcg).toBeGreaterThanOrEqual(meanNdcg(keywordFirstWeights(), qs.slice(30)));
  });

  it('keyword-led queries get keyword-first, the others the fitted model', () => {
    const qs = synthetic(4, 80);
    qs.forEach((q, j) => {
      if (j % 2) for (let i = 0; i < q.n; i++) q.features[i * N_FUSION + col('exactIdf')] = q.gains[i]! === 2 ? 1 : 0;
    });
    const res = fitSearchFusion(qs.slice(0, 40), qs.slice(40), [{ l2: 1e-4, target: 'exp', iterations: 100 }]);
    expect(res.chosen.covered).toMatch(/^keyword-first/);
    expect(res.chosen.uncovered).toMatch(/^listwise/);
    expect(res.counts.selectCovered + res.counts.selectUncovered).toBe(40);
  });
});

describe('pickNoMatchThreshold', () => {
  it('places the floor between what should be flagged and what should not', () => {
    const t = pickNoMatchThreshold([0.2, 0.25, 0.3, 0.5], [0.45, 0.6, 0.7]);
    expect(t).toBeGreaterThan(0.3);
    expect(t).toBeLessThanOrEqual(0.45 + 1e-6);
  });
  it('flags nothing without examples to flag, everything seen when nothing should be kept', () => {
    expect(pickNoMatchThreshold([], [0.5])).toBe(-1);
    expect(pickNoMatchThreshold([0.3, 0.4], [])).toBeGreaterThan(0.4);
  });
});
