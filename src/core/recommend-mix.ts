/**
 * How "for you" joins its signals, and the fit of that join on a merchant's own held-out users.
 *
 *   score = ranker·logit + knn·Σ_j decay^(events after j)·sim(h_j, p) + popularity·pop(p) + text·cᵀp
 *
 * logit: the trained ranker's output; sim: the catalog's aggregate co-occurrence table (item-kNN);
 * pop: log1p(popularity)/log1p(max); c = C(u). The weights ship in the catalog manifest
 * (`recommend`, written by `alcove build-catalog --events`): statistics and weights, no shopper data.
 */
import type { CoocTable } from './cooc';

export interface RecommendMix {
  ranker: number;
  knn: number;
  /** Weight of a history item per later item event, for the item-kNN term. */
  decay: number;
  popularity: number;
  text: number;
}

/** What the catalog builder fitted, as the manifest carries it. */
export interface RecommendFit {
  mix: RecommendMix;
  /** `item-knn`: the trained ranker did not help on the merchant's held-out users, so it is not used (item-kNN, maybe with popularity and C(u)'s cosine). */
  kind: 'fitted' | 'item-knn';
  /** NDCG@10 on the held-out users: the fitted mix, item-kNN alone, the ranker alone. */
  heldOut: { users: number; ndcg10: number; knnNdcg10: number; rankerNdcg10: number };
}

/** The trained ranker alone: a catalog without a fit (or without a co-occurrence table). */
export const RANKER_MIX: RecommendMix = { ranker: 1, knn: 0, decay: 0.5, popularity: 0, text: 0 };
/** Item-kNN, with C(u)'s cosine only to order what the table does not link (the fallback). */
export const KNN_MIX: RecommendMix = { ranker: 0, knn: 1, decay: 0.5, popularity: 0, text: 1e-4 };
/** Neither a ranker nor a table: the shopper's interest vector. */
export const TEXT_MIX: RecommendMix = { ranker: 0, knn: 0, decay: 0.5, popularity: 0, text: 1 };

/**
 * Item-kNN scores of the table rows linked to the history (oldest first, table rows or undefined):
 * Σ_j decay^(len-1-j) · sim(h_j, b). Sparse: only rows some history item links to.
 */
export function knnScores(t: CoocTable, historyRows: readonly (number | undefined)[], decay: number): Map<number, number> {
  const out = new Map<number, number>();
  const L = historyRows.length;
  historyRows.forEach((r, j) => {
    if (r === undefined) return;
    const w = Math.pow(decay, L - 1 - j);
    for (let k = t.offsets[r]!; k < t.offsets[r + 1]!; k++) {
      const b = t.neighbours[k]!;
      out.set(b, (out.get(b) ?? 0) + w * t.sims[k]!);
    }
  });
  return out;
}

/** The per-candidate signals of one request, aligned with its candidate list. */
export interface MixParts {
  n: number;
  logits: Float32Array | null;
  /** Item-kNN per decay value (the fit tries several; the engine computes the one it uses). */
  knn: ReadonlyMap<number, Float32Array>;
  popularity: Float32Array;
  text: Float32Array;
}

export function mixScores(p: MixParts, mix: RecommendMix): Float32Array {
  const out = new Float32Array(p.n);
  const knn = mix.knn !== 0 ? p.knn.get(mix.decay) : undefined;
  if (mix.knn !== 0 && !knn) throw new RangeError(`no item-kNN scores for decay ${mix.decay}`);
  for (let i = 0; i < p.n; i++) {
    out[i] =
      (mix.ranker !== 0 && p.logits ? mix.ranker * p.logits[i]! : 0) +
      (knn ? mix.knn * knn[i]! : 0) +
      mix.popularity * p.popularity[i]! +
      mix.text * p.text[i]!;
  }
  return out;
}

/** 0-based rank of candidate `target` by `s` (ties: earlier candidate first), or -1 when absent. */
export function rankIn(s: Float32Array, target: number): number {
  if (target < 0) return -1;
  const st = s[target]!;
  let r = 0;
  for (let i = 0; i < s.length; i++) if (s[i]! > st || (s[i] === st && i < target)) r++;
  return r;
}

function ndcg10(cases: readonly { parts: MixParts; target: number }[], mix: RecommendMix): number {
  let sum = 0;
  for (const c of cases) {
    const r = rankIn(mixScores(c.parts, mix), c.target);
    if (r >= 0 && r < 10) sum += 1 / Math.log2(r + 2);
  }
  return cases.length ? sum / cases.length : 0;
}

export const FIT_DECAYS = [0.5, 0.8, 1] as const;
const KNN_WEIGHTS = [0.25, 0.5, 1, 2, 4, 8, 16, 32];
const POP_WEIGHTS = [0, 0.5, 1, 2];
const TEXT_WEIGHTS = [0, 1, 4];

/**
 * Grid search of the mix on held-out cases (`target`: the held-out item's index among the
 * request's candidates, -1 if retrieval missed it), by NDCG@10: with the ranker (weight 1) or
 * without it, item-kNN's weight and decay, popularity, C(u)'s cosine. Item-kNN alone is tried
 * first and wins ties, so a fit never ships that loses to it on these users.
 */
export function fitMix(cases: readonly { parts: MixParts; target: number }[], hasRanker: boolean): RecommendFit {
  let best = { mix: KNN_MIX, score: -1 };
  const consider = (mix: RecommendMix) => {
    const score = ndcg10(cases, mix);
    if (score > best.score) best = { mix, score };
  };
  for (const decay of FIT_DECAYS) consider({ ...KNN_MIX, decay });
  const knnNdcg10 = best.score;
  const rankerNdcg10 = hasRanker ? ndcg10(cases, RANKER_MIX) : 0;
  for (const ranker of hasRanker ? [0, 1] : [0]) {
    if (ranker) consider(RANKER_MIX);
    for (const decay of FIT_DECAYS)
      for (const knn of ranker ? [0, ...KNN_WEIGHTS] : KNN_WEIGHTS)
        for (const popularity of POP_WEIGHTS) for (const text of TEXT_WEIGHTS) if (ranker || popularity || text) consider({ ranker, knn, decay, popularity, text });
  }
  const round = (x: number) => +x.toFixed(4);
  return {
    mix: best.mix,
    kind: best.mix.ranker > 0 ? 'fitted' : 'item-knn',
    heldOut: { users: cases.length, ndcg10: round(best.score), knnNdcg10: round(knnNdcg10), rankerNdcg10: round(rankerNdcg10) },
  };
}

/** Checks a manifest's `recommend` entry; throws RangeError naming the bad field. */
export function parseRecommendFit(v: unknown): RecommendFit {
  const o = v as Partial<RecommendFit> | null;
  const m = o?.mix as Partial<RecommendMix> | undefined;
  if (typeof o !== 'object' || o === null || typeof m !== 'object' || m === null) throw new RangeError('recommend needs a mix');
  for (const k of ['ranker', 'knn', 'decay', 'popularity', 'text'] as const) {
    if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) throw new RangeError(`recommend.mix.${k} must be a finite number`);
  }
  if (!(m.decay! > 0 && m.decay! <= 1)) throw new RangeError('recommend.mix.decay must be in (0, 1]');
  if (o.kind !== 'fitted' && o.kind !== 'item-knn') throw new RangeError('recommend.kind must be fitted or item-knn');
  const h = o.heldOut as Partial<RecommendFit['heldOut']> | undefined;
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return {
    mix: { ranker: m.ranker!, knn: m.knn!, decay: m.decay!, popularity: m.popularity!, text: m.text! },
    kind: o.kind,
    heldOut: { users: num(h?.users), ndcg10: num(h?.ndcg10), knnNdcg10: num(h?.knnNdcg10), rankerNdcg10: num(h?.rankerNdcg10) },
  };
}
