/**
 * The search pipeline as one plain function over a context, so the worker (Engine.search and
 * after-query recommendations) and the Node evaluation (`npm run eval:search`) and `alcove
 * fit-search` run the same code: query → encoder → dense top-k ∪ keyword top-k → fused query
 * relevance (the fitted search fusion, else the ranker's qᵀp/τ + λ·keyword) → the ranker (adds the
 * shopper's history where there is one) → top-k, with `noMatch` when nothing matched well.
 */
import type { ResultList } from '../core/api';
import { lexicalTokens, type LexicalHit } from '../core/lexical';
import type { Ranker } from '../core/ranker';
import { fusionFeatures, fuseScores, stem, type SearchFusion } from '../core/search-fusion';
import { dotAt } from '../core/vector';
import type { Encoder } from '../model/encoder';
import type { CatalogIndex } from './catalog-index';
import { rankCandidates } from './rank-candidates';
import type { Personal } from './recommend';

/** Candidates per query: dense neighbours plus keyword matches (of the words, and of their stems). */
export const DENSE_CANDIDATES = 100;
export const LEXICAL_CANDIDATES = 50;

export interface SearchContext {
  encoder: Pick<Encoder, 'embed' | 'embedQueryOnGpu'>;
  ranker: Ranker;
  catalog: CatalogIndex;
  /** The fitted fusion (the catalog manifest's, else the model's); null: the ranker's blend. */
  fusion: SearchFusion | null;
  /** The shopper's C(u) and recent history (anonymous: no vector, no history). */
  personal: () => Promise<Personal>;
}

export interface SearchRequest {
  /** Validated, non-empty query text. */
  text: string;
  limit: number;
  /** Rows never returned (after-query recommendations leave out the history). */
  exclude?: ReadonlySet<number>;
  /** When the request started (performance.now()), for timings.totalMs. */
  t0?: number;
}

export interface SearchResult extends ResultList {
  /** Whether the query embedding went to GPU retrieval without a round trip through the CPU. */
  queryOnGpu: boolean;
}

/** One query's candidates and the evidence about them, before ranking. */
export interface QueryCandidates {
  q: Float32Array;
  candidates: number[];
  /** The keyword hit per candidate (undefined: dense only). */
  hits: (LexicalHit | undefined)[];
  /** qᵀp per candidate. */
  cos: Float32Array;
  /** Fusion features per candidate (core/search-fusion). */
  features: Float32Array;
  /** How many keyword hits the query had (0: no keyword match at all), and the best dense cosine. */
  keywordHits: number;
  bestCos: number;
  queryOnGpu: boolean;
  timings: { tokenizeMs: number; encodeMs: number; denseMs: number; retrieveMs: number };
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 100) / 100;

/**
 * The query's embedding and dense candidates. Where both the encoder and retrieval run on the GPU,
 * the embedding stays there and comes back with the candidates in one readback.
 */
async function dense(ctx: Pick<SearchContext, 'encoder' | 'catalog'>, text: string, exclude: ReadonlySet<number>) {
  const { encoder, catalog } = ctx;
  const onGpu = catalog.onGpu ? await encoder.embedQueryOnGpu(text) : null;
  if (onGpu) {
    const enc = onGpu.timings;
    const t1 = performance.now();
    try {
      const hit = await catalog.nearestOnGpu(onGpu.buffer, DENSE_CANDIDATES, exclude);
      if (hit) return { q: hit.query, rows: hit.indices, enc, denseMs: ms(t1), queryOnGpu: true };
    } finally {
      onGpu.release();
    }
  }
  // The CPU path, also when the GPU kernel just failed (it has moved retrieval to the CPU).
  const { vectors: q, timings: enc } = await encoder.embed([text]);
  const t1 = performance.now();
  const rows = await catalog.nearest(q, DENSE_CANDIDATES, exclude);
  return { q, rows, enc, denseMs: ms(t1), queryOnGpu: false };
}

const popularityOf = new WeakMap<CatalogIndex, Float32Array>();

/** log1p(popularity) over the catalog's largest, per row (0 without popularity); computed once per catalog. */
function popularity(catalog: CatalogIndex): Float32Array {
  let p = popularityOf.get(catalog);
  if (!p) {
    const raw = Float32Array.from(catalog.items, (it) => Math.log1p(Math.max(0, it.popularity ?? 0)));
    const max = raw.reduce((a, b) => Math.max(a, b), 0);
    p = max > 0 ? raw.map((x) => x / max) : raw;
    popularityOf.set(catalog, p);
  }
  return p;
}

/** Dense top-k ∪ keyword top-k for a query, with the features the fusion reads. */
export async function queryCandidates(ctx: Pick<SearchContext, 'encoder' | 'catalog'>, text: string, exclude: ReadonlySet<number> = new Set()): Promise<QueryCandidates> {
  const { catalog } = ctx;
  const d = await dense(ctx, text, exclude);
  const t1 = performance.now();
  const lexHits = catalog.lexical.search(text, LEXICAL_CANDIDATES).filter((h) => !exclude.has(h.index));
  const byRow = new Map<number, [LexicalHit, number]>(lexHits.map((h, r) => [h.index, [h, r]]));
  // The keyword index has no stemming: "brackets" misses "bracket". Items matching the stemmed
  // words join the candidates (the `stem` feature scores them).
  const words = [...new Set(lexicalTokens(text))];
  const stemmed = words.map(stem);
  const stemHits = stemmed.join(' ') === words.join(' ') ? [] : catalog.lexical.search(stemmed.join(' '), LEXICAL_CANDIDATES).filter((h) => !exclude.has(h.index));
  const candidates = [...new Set([...d.rows, ...byRow.keys(), ...stemHits.map((h) => h.index)])];
  const hits = candidates.map((i) => byRow.get(i)?.[0]);
  const cos = Float32Array.from(candidates, (i) => dotAt(d.q, 0, catalog.matrix, i * catalog.dim, catalog.dim));
  const pop = popularity(catalog);
  const features = fusionFeatures({
    words,
    wordIdf: Float32Array.from(words, (w) => catalog.lexical.wordIdf(w)),
    cos,
    hits,
    itemWords: candidates.map((i) => {
      const it = catalog.items[i]!;
      return lexicalTokens(`${it.title} ${it.brand ?? ''} ${it.category ?? ''}`);
    }),
    denseRank: Int32Array.from(candidates, (_, k) => (k < d.rows.length ? k : -1)), // dense rows come first, in rank order
    keywordRank: Int32Array.from(candidates, (i) => byRow.get(i)?.[1] ?? -1),
    popularity: Float32Array.from(candidates, (i) => pop[i]!),
  });
  let bestCos = -Infinity;
  for (let k = 0; k < d.rows.length; k++) bestCos = Math.max(bestCos, cos[k]!); // dense rows come first
  return {
    q: d.q,
    candidates,
    hits,
    cos,
    features,
    keywordHits: lexHits.length,
    bestCos,
    queryOnGpu: d.queryOnGpu,
    timings: { tokenizeMs: d.enc.tokenizeMs, encodeMs: d.enc.inferenceMs + d.enc.poolMs, denseMs: d.denseMs, retrieveMs: d.denseMs + ms(t1) },
  };
}

/** Nothing matched the query well: no keyword match and the best dense cosine below the fusion's floor. */
export function isNoMatch(c: Pick<QueryCandidates, 'keywordHits' | 'bestCos'>, fusion: SearchFusion | null): boolean {
  return fusion !== null && c.keywordHits === 0 && c.bestCos < fusion.noMatchBelow;
}

export async function searchCatalog(ctx: SearchContext, req: SearchRequest): Promise<SearchResult> {
  const t0 = req.t0 ?? performance.now();
  const c = await queryCandidates(ctx, req.text, req.exclude);
  const t2 = performance.now();
  const interest = await ctx.personal();
  const historyMs = ms(t2);
  const lexical = new Map<number, number>();
  c.candidates.forEach((i, k) => {
    const h = c.hits[k];
    if (h) lexical.set(i, h.score);
  });
  const list = await rankCandidates(ctx.catalog, ctx.ranker, {
    candidates: c.candidates,
    query: c.q,
    lexical,
    ...(ctx.fusion ? { queryScore: fuseScores(ctx.fusion, c.features, c.candidates.length) } : {}),
    interest,
    limit: req.limit,
    strategy: interest.vector ? 'search, personalised' : 'search',
    timings: { ...c.timings, historyMs },
    t0,
  });
  return { ...list, ...(isNoMatch(c, ctx.fusion) ? { noMatch: true } : {}), queryOnGpu: c.queryOnGpu };
}
