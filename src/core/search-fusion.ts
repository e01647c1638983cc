/**
 * Search fusion: how keyword and dense evidence combine into one query-relevance score per
 * candidate, fitted on judged queries (core/fit-search-fusion) instead of a hand-set
 * qᵀp/τ + λ·keyword. Two linear models over per-candidate features, chosen per query:
 *  - keyword-led queries (some keyword hit has words carrying at least `keywordLedFrom` of the
 *    query's IDF, e.g. every word): `covered`, keyword-first (LexicalIndex order, the cosine only
 *    ordering non-hits), since there the encoder adds little the keyword index does not know
 *    (model numbers, brands, rare words) and keyword order is what transfers across catalogs;
 *  - the others (typos, plurals, paraphrases, nothing matched): `weights`, the fitted model, where
 *    dense evidence and stem matches rescue what keywords miss.
 * Scores are logits: they join the trained ranker's log P(p | u) where the shopper has a history.
 */
import type { LexicalHit } from './lexical';

/** Feature names, in the order of a candidate's feature row. */
export const FUSION_FEATURES = [
  /** qᵀp: the encoder's cosine. */
  'cos',
  /** 1 / log2(2 + rank) in the dense top-k, 0 outside it. */
  'denseRank',
  /** 1 / log2(2 + rank) in the keyword hits, 0 outside them. */
  'keywordRank',
  /** BM25F divided by the best keyword hit's (0 outside the keyword hits). */
  'keyword',
  /** log(1 + BM25F): the keyword score's own scale. */
  'keywordLog',
  /** Fraction of the query's words the item contains exactly. */
  'exact',
  /** Fraction matched only as a prefix of the last word or with a typo. */
  'partial',
  /** Share of the query's IDF in words the item has exactly (any field) or by stem (plural, -ing, -ed) in its title, brand or category. */
  'stem',
  /** 1 when the item contains every query word exactly. */
  'allWords',
  /** The share of the query's IDF in words the item has exactly (stopword-like words count little). */
  'exactIdf',
  /** qᵀp for queries of one or two words (head terms, where the encoder is least reliable). */
  'cosShort',
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
  /** One weight per FUSION_FEATURES entry: queries the keywords do not fully cover. */
  weights: Float32Array;
  /** Likewise, for keyword-led queries. */
  covered: Float32Array;
  /** A query is keyword-led when its best keyword hit has this share of its IDF (0..1]. */
  keywordLedFrom: number;
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
  /** Each word's IDF in the catalog (LexicalIndex.wordIdf). */
  wordIdf: Float32Array;
  /** qᵀp per candidate. */
  cos: Float32Array;
  /** The keyword hit per candidate, undefined for a dense-only candidate. */
  hits: readonly (LexicalHit | undefined)[];
  /** Each candidate's title, brand and category words (lexicalTokens). */
  itemWords: readonly (readonly string[])[];
  /** Rank in the dense top-k per candidate, -1 outside it. */
  denseRank: Int32Array;
  /** Rank in the keyword hits per candidate, -1 outside them. */
  keywordRank: Int32Array;
  /** log1p(popularity) / log1p(the catalog's largest) per candidate, 0 without popularity. */
  popularity: Float32Array;
}

/** Row-major candidates × N_FUSION feature matrix. */
/** A light stemmer for matching word forms the keyword index treats as different words. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const rankGain = (r: number) => (r < 0 ? 0 : 1 / Math.log2(2 + r));

export function fusionFeatures({ words, wordIdf, cos, hits, itemWords, denseRank, keywordRank, popularity }: FusionInput): Float32Array {
  const n = cos.length;
  const f = new Float32Array(n * N_FUSION);
  const nWords = Math.max(1, words.length);
  const short = words.length <= 2;
  const stems = words.map(stem);
  const idfSum = wordIdf.reduce((a, b) => a + b, 0) || 1;
  for (let i = 0; i < n; i++) {
    const o = i * N_FUSION;
    const h = hits[i];
    const own = new Set(itemWords[i]!.map(stem));
    let stemmed = 0;
    stems.forEach((s, j) => {
      if ((h && (h.exactWords >>> Math.min(j, 15)) & 1) || own.has(s)) stemmed += wordIdf[j]!;
    });
    f[o] = cos[i]!;
    f[o + 1] = rankGain(denseRank[i]!);
    f[o + 2] = rankGain(keywordRank[i]!);
    f[o + 3] = h ? h.score : 0;
    f[o + 4] = h ? Math.log1p(h.raw) : 0;
    f[o + 5] = h ? h.exact / nWords : 0;
    f[o + 6] = h ? (h.matched - h.exact) / nWords : 0;
    f[o + 7] = stemmed / idfSum;
    f[o + 8] = h && words.length > 0 && h.exact >= words.length ? 1 : 0;
    f[o + 9] = h ? h.exactIdf : 0;
    f[o + 10] = short ? cos[i]! : 0;
    f[o + 11] = h ? 1 : 0;
    f[o + 12] = popularity[i]!;
  }
  return f;
}

/** Whether some candidate's exactly matched words carry at least `from` of the query's IDF. */
export function keywordLed(features: Float32Array, n: number, from: number): boolean {
  const k = FUSION_FEATURES.indexOf('exactIdf');
  for (let i = 0; i < n; i++) if (features[i * N_FUSION + k]! >= from - 1e-6) return true;
  return false;
}

/** The fused score per candidate: the chosen model's weights · features. */
export function fuseScores(fusion: SearchFusion, features: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  const w = keywordLed(features, n, fusion.keywordLedFrom) ? fusion.covered : fusion.weights;
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
  covered: number[];
  keywordLedFrom: number;
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
  for (const key of ['weights', 'covered'] as const) {
    const w = m[key];
    if (!Array.isArray(w) || w.length !== N_FUSION || w.some((x) => typeof x !== 'number' || !Number.isFinite(x))) {
      throw new RangeError(`search fusion needs ${N_FUSION} finite ${key}`);
    }
  }
  if (typeof m.noMatchBelow !== 'number' || !Number.isFinite(m.noMatchBelow)) throw new RangeError('search fusion needs a finite noMatchBelow');
  if (typeof m.modelId !== 'string' || m.modelId === '') throw new RangeError('search fusion needs the modelId it was fitted with');
  if (typeof m.keywordLedFrom !== 'number' || !(m.keywordLedFrom > 0 && m.keywordLedFrom <= 1)) throw new RangeError('search fusion needs keywordLedFrom in (0, 1]');
  return { id: String(m.id ?? 'search-fusion'), modelId: m.modelId, weights: Float32Array.from(m.weights!), covered: Float32Array.from(m.covered!), keywordLedFrom: m.keywordLedFrom, noMatchBelow: m.noMatchBelow };
}

export function searchFusionFile(fusion: SearchFusion, fitted?: Record<string, unknown>): SearchFusionFile {
  return {
    format: 'alcove-search-fusion',
    version: 1,
    id: fusion.id,
    modelId: fusion.modelId,
    features: [...FUSION_FEATURES],
    weights: Array.from(fusion.weights, (w) => +w.toPrecision(6)),
    covered: Array.from(fusion.covered, (w) => +w.toPrecision(6)),
    keywordLedFrom: fusion.keywordLedFrom,
    noMatchBelow: +fusion.noMatchBelow.toPrecision(6),
    ...(fitted ? { fitted } : {}),
  };
}
