/**
 * Fitting the search fusion (core/search-fusion) on judged queries, in plain TypeScript so a
 * merchant refits on their own search log with `alcove fit-search` and needs no Python.
 *
 * Loss: listwise softmax cross-entropy (ListNet) per query: the softmax of the fused scores over
 * the query's candidates should match its judged gains, normalised. Full-batch Adam with an L2
 * penalty; a few settings are fitted on the fit queries and the one with the best NDCG@10 on the
 * selection queries wins. A keyword-first model (BM25 order, dense cosine only breaking ties and
 * ranking when no keyword matched) is always among the choices, so the selected fusion is never
 * below keyword search on the selection queries.
 */
import { FUSION_FEATURES, N_FUSION } from './search-fusion';

/** One judged query as the search pipeline saw it. */
export interface FusionQuery {
  /** Candidates × N_FUSION features (fusionFeatures). */
  features: Float32Array;
  n: number;
  /** Judged gain per candidate (unjudged = 0). */
  gains: Float32Array;
  /** Every judged gain of the query, candidates or not: the ideal ranking of NDCG. */
  judged: readonly number[];
  /** Keyword (BM25F) score per candidate, 0 for dense-only: the baseline order. */
  keyword: Float32Array;
}

const feature = (name: (typeof FUSION_FEATURES)[number]) => FUSION_FEATURES.indexOf(name);

/** Keyword order, with the dense cosine breaking ties and ranking where no keyword matched. */
export function keywordFirstWeights(): Float32Array {
  const w = new Float32Array(N_FUSION);
  w[feature('keyword')] = 1000;
  w[feature('cos')] = 1;
  return w;
}

/** NDCG@k of `scores` (higher first; ties by lower index) against `gains`, ideal from `judged`. */
export function ndcgAt(scores: Float32Array, gains: Float32Array, judged: readonly number[], k = 10): number {
  const ideal = [...judged].sort((a, b) => b - a);
  let idcg = 0;
  for (let r = 0; r < Math.min(k, ideal.length); r++) idcg += ideal[r]! / Math.log2(r + 2);
  if (idcg <= 0) return 0;
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let dcg = 0;
  for (let r = 0; r < Math.min(k, order.length); r++) dcg += gains[order[r]!]! / Math.log2(r + 2);
  return dcg / idcg;
}

export function scoreWith(w: Float32Array, q: FusionQuery): Float32Array {
  const s = new Float32Array(q.n);
  for (let i = 0; i < q.n; i++) {
    let v = 0;
    for (let k = 0; k < N_FUSION; k++) v += w[k]! * q.features[i * N_FUSION + k]!;
    s[i] = v;
  }
  return s;
}

export const meanNdcg = (w: Float32Array, qs: readonly FusionQuery[]): number => qs.reduce((a, q) => a + ndcgAt(scoreWith(w, q), q.gains, q.judged), 0) / Math.max(1, qs.length);
export const keywordNdcg = (qs: readonly FusionQuery[]): number => qs.reduce((a, q) => a + ndcgAt(q.keyword, q.gains, q.judged), 0) / Math.max(1, qs.length);

export interface FitSettings {
  l2: number;
  /** Softmax targets: gains as they are, or 2^gain − 1 (puts more mass on the best items). */
  target: 'linear' | 'exp';
  iterations: number;
}

/** Listwise softmax cross-entropy, full batch, Adam. Queries whose candidates carry no gain are skipped. */
export function fitListwise(queries: readonly FusionQuery[], s: FitSettings): Float32Array {
  const usable = queries
    .map((q) => {
      const t = Float32Array.from(q.gains, (g) => (s.target === 'exp' ? 2 ** g - 1 : g));
      const sum = t.reduce((a, b) => a + b, 0);
      return { q, t: t.map((x) => x / sum), sum };
    })
    .filter((u) => u.sum > 0);
  const w = new Float64Array(N_FUSION);
  const m = new Float64Array(N_FUSION);
  const v = new Float64Array(N_FUSION);
  const grad = new Float64Array(N_FUSION);
  const lr = 0.05;
  for (let it = 1; it <= s.iterations; it++) {
    grad.fill(0);
    for (const { q, t } of usable) {
      const z = scoreWith(Float32Array.from(w), q);
      let max = -Infinity;
      for (let i = 0; i < q.n; i++) max = Math.max(max, z[i]!);
      let sum = 0;
      for (let i = 0; i < q.n; i++) sum += Math.exp(z[i]! - max);
      for (let i = 0; i < q.n; i++) {
        const d = Math.exp(z[i]! - max) / sum - t[i]!;
        if (d === 0) continue;
        for (let k = 0; k < N_FUSION; k++) grad[k]! += d * q.features[i * N_FUSION + k]!;
      }
    }
    for (let k = 0; k < N_FUSION; k++) {
      const g = grad[k]! / Math.max(1, usable.length) + s.l2 * w[k]!;
      m[k] = 0.9 * m[k]! + 0.1 * g;
      v[k] = 0.999 * v[k]! + 0.001 * g * g;
      w[k]! -= (lr * (m[k]! / (1 - 0.9 ** it))) / (Math.sqrt(v[k]! / (1 - 0.999 ** it)) + 1e-8);
    }
  }
  return Float32Array.from(w);
}

export interface FitResult {
  weights: Float32Array;
  /** The setting that won on the selection queries, or 'keyword-first'. */
  chosen: string;
  /** NDCG@10 on the selection queries: every setting tried, the keyword baseline. */
  select: Record<string, number>;
  keywordSelect: number;
}

export const DEFAULT_SETTINGS: readonly FitSettings[] = [
  { l2: 1e-4, target: 'linear', iterations: 300 },
  { l2: 1e-4, target: 'exp', iterations: 300 },
  { l2: 1e-2, target: 'exp', iterations: 300 },
];

/** Fits each setting on `fit`, keeps the best on `select` (keyword-first is always a candidate). */
export function fitSearchFusion(fit: readonly FusionQuery[], select: readonly FusionQuery[], settings: readonly FitSettings[] = DEFAULT_SETTINGS, log?: (s: string) => void): FitResult {
  const keywordFirst = keywordFirstWeights();
  let best = { name: 'keyword-first', w: keywordFirst, ndcg: meanNdcg(keywordFirst, select) };
  const scores: Record<string, number> = { 'keyword-first': best.ndcg };
  for (const s of settings) {
    const w = fitListwise(fit, s);
    const name = `listwise l2=${s.l2} target=${s.target}`;
    const ndcg = meanNdcg(w, select);
    scores[name] = ndcg;
    log?.(`  ${name}: select NDCG@10 ${ndcg.toFixed(4)}`);
    if (ndcg > best.ndcg) best = { name, w, ndcg };
  }
  return { weights: best.w, chosen: best.name, select: scores, keywordSelect: keywordNdcg(select) };
}

/**
 * The dense-cosine floor below which a query without keyword matches is "no good match": the
 * threshold with the best balanced accuracy between queries that should be flagged (nonsense, or
 * judged queries whose results carry no gain) and those that should not.
 */
export function pickNoMatchThreshold(flag: readonly number[], keep: readonly number[]): number {
  if (flag.length === 0) return -1;
  if (keep.length === 0) return Math.max(...flag) + 1e-6;
  const cuts = [...new Set([...flag, ...keep])].sort((a, b) => a - b).map((x) => x + 1e-6);
  let best = { cut: cuts[0]!, acc: -1 };
  for (const cut of cuts) {
    const acc = flag.filter((x) => x < cut).length / flag.length + keep.filter((x) => x >= cut).length / keep.length;
    if (acc > best.acc) best = { cut, acc };
  }
  return best.cut;
}
