/**
 * Search fusion: how keyword and dense evidence combine into one query-relevance score per
 * candidate. A linear model over per-candidate features, fitted on judged queries (listwise
 * softmax cross-entropy, see `fitSearchFusion`) instead of a hand-set qᵀp/τ + λ·keyword.
 * Its score is a logit: it joins the trained ranker's log P(p | u) where the shopper has a history.
 */
import type { LexicalHit } from './lexical';

/** Feature names, in the order of a candidate's feature row. */
export const FUSION_FEATURES = [
  /** qᵀp: the encoder's cosine. */
  'cos',
  /** qᵀp minus the best candidate's: how far below the dense leader. */
  'cosGap',
  /** BM25F divided by the best keyword hit's (0 outside the keyword hits). */
  'keyword',
  /** log(1 + BM25F): the keyword score's own scale. */
  'keywordLog',
  /** Fraction of the query's words the item contains exactly. */
  'exact',
  /** Fraction matched only as a prefix of the last word or with a typo. */
  'partial',
  /** Fraction of the query's words in the item's title. */
  'title',
  /** 1 when the item contains every query word exactly. */
  'allWords',
  /** qᵀp where some item has every query word (keywords are strong: trust dense less or more). */
  'cosCovered',
  /** 1 for a keyword hit (dense candidates outside the keyword hits have 0 in every keyword feature). */
  'inKeyword',
  /** log(1 + popularity), over the catalog's largest. */
  'popularity',
] as const;
export const N_FUSION = FUSION_FEATURES.length;

export interface SearchFusion {
  id: string;
  /** The encoder whose cosines it was fitted on (config.json alcove.model_id). */
  modelId: string;
  /** One weight per FUSION_FEATURES entry. */
  weights: Float32Array;
  /**
   * A query with no keyword match whose best dense cosine is below this matched nothing well
   * (ResultList.noMatch).
   */
  noMatchBelow: number;
}

/** What the search pipeline knows about one query's candidates. */
export interface FusionInput {
  /** Distinct keyword words of the query (lexicalTokens, deduplicated). */
  words: readonly string[];
  /** qᵀp per candidate. */
  cos: Float32Array;
  /** The keyword hit per candidate, undefined for a dense-only candidate. */
  hits: readonly (LexicalHit | undefined)[];
  /** Each candidate's title words (lexicalTokens). */
  titleWords: readonly (readonly string[])[];
  /** log1p(popularity) / log1p(the catalog's largest) per candidate, 0 without popularity. */
  popularity: Float32Array;
}

/** Row-major candidates × N_FUSION feature matrix. */
export function fusionFeatures({ words, cos, hits, titleWords, popularity }: FusionInput): Float32Array {
  const n = cos.length;
  const f = new Float32Array(n * N_FUSION);
  const nWords = Math.max(1, words.length);
  let bestCos = -Infinity;
  for (let i = 0; i < n; i++) bestCos = Math.max(bestCos, cos[i]!);
  const covered = words.length > 0 && hits.some((h) => h !== undefined && h.exact >= words.length);
  const query = new Set(words);
  for (let i = 0; i < n; i++) {
    const o = i * N_FUSION;
    const h = hits[i];
    let inTitle = 0;
    for (const w of new Set(titleWords[i])) if (query.has(w)) inTitle++;
    f[o] = cos[i]!;
    f[o + 1] = cos[i]! - bestCos;
    f[o + 2] = h ? h.score : 0;
    f[o + 3] = h ? Math.log1p(h.raw) : 0;
    f[o + 4] = h ? h.exact / nWords : 0;
    f[o + 5] = h ? (h.matched - h.exact) / nWords : 0;
    f[o + 6] = inTitle / nWords;
    f[o + 7] = h && words.length > 0 && h.exact >= words.length ? 1 : 0;
    f[o + 8] = covered ? cos[i]! : 0;
    f[o + 9] = h ? 1 : 0;
    f[o + 10] = popularity[i]!;
  }
  return f;
}

/** The fused score per candidate: weights · features. */
export function fuseScores(fusion: SearchFusion, features: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  const w = fusion.weights;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < N_FUSION; k++) s += w[k]! * features[i * N_FUSION + k]!;
    out[i] = s;
  }
  return out;
}

/** The search-fusion file, as `alcove fit-search` writes it (beside the model or in a catalog manifest). */
export interface SearchFusionFile {
  format: 'alcove-search-fusion';
  version: 1;
  id: string;
  modelId: string;
  features: string[];
  weights: number[];
  noMatchBelow: number;
  /** Where and how it was fitted, with the figures it was selected on (informative only). */
  fitted?: Record<string, unknown>;
}

/** Checks a fusion file; throws RangeError/TypeError saying what is wrong. */
export function parseSearchFusion(raw: unknown): SearchFusion {
  const m = raw as Partial<SearchFusionFile> | null;
  if (typeof m !== 'object' || m === null || m.format !== 'alcove-search-fusion') throw new TypeError('not an alcove-search-fusion file');
  if (m.version !== 1) throw new RangeError(`search fusion version ${String(m.version)} is not supported (expected 1)`);
  if (!Array.isArray(m.features) || m.features.join() !== FUSION_FEATURES.join()) {
    throw new RangeError(`search fusion features must be ${FUSION_FEATURES.join(', ')}`);
  }
  if (!Array.isArray(m.weights) || m.weights.length !== N_FUSION || m.weights.some((w) => typeof w !== 'number' || !Number.isFinite(w))) {
    throw new RangeError(`search fusion needs ${N_FUSION} finite weights`);
  }
  if (typeof m.noMatchBelow !== 'number' || !Number.isFinite(m.noMatchBelow)) throw new RangeError('search fusion needs a finite noMatchBelow');
  if (typeof m.modelId !== 'string' || m.modelId === '') throw new RangeError('search fusion needs the modelId it was fitted with');
  return { id: String(m.id ?? 'search-fusion'), modelId: m.modelId, weights: Float32Array.from(m.weights), noMatchBelow: m.noMatchBelow };
}

export function searchFusionFile(fusion: SearchFusion, fitted?: Record<string, unknown>): SearchFusionFile {
  return {
    format: 'alcove-search-fusion',
    version: 1,
    id: fusion.id,
    modelId: fusion.modelId,
    features: [...FUSION_FEATURES],
    weights: Array.from(fusion.weights, (w) => +w.toPrecision(6)),
    noMatchBelow: +fusion.noMatchBelow.toPrecision(6),
    ...(fitted ? { fitted } : {}),
  };
}
