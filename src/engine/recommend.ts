/**
 * The recommend pipeline ("for you" and "similar"), as plain functions over a context: the engine
 * calls them in the worker, and `npm run eval:ranker` and `alcove build-catalog --events` call the
 * same functions in Node, so what is measured and fitted is what ships.
 *
 * For you: C(u) and the trained ranker's history from the shopper's events → candidates = dense
 * top-100 by C(u) ∪ the co-occurrence table's item-kNN top-200 → the ranker's logits, item-kNN,
 * popularity and C(u)'s cosine, joined by the catalog's mix (core/recommend-mix.ts) → top-k, each
 * explained by the history items it is really linked to.
 */
import type { Because, BecauseEvent, ResultList, ScoredItem } from '../core/api';
import { explainByHistory, strongestEvents } from '../core/explain';
import { interestVector, type Interest } from '../core/interest';
import type { RankHistory, Ranker, RankScores } from '../core/ranker';
import { CAND_FEATS, rankHistory } from '../core/ranker-features';
import { KNN_MIX, mixScores, RANKER_MIX, TEXT_MIX, type MixParts, type RecommendMix } from '../core/recommend-mix';
import type { BehaviourEvent, CatalogItem } from '../core/types';
import { dotAt, row, topK } from '../core/vector';
import type { CatalogIndex } from './catalog-index';

/** Candidates the ranker sees: dense neighbours of C(u) (or the anchor) and item-kNN's best. */
export const DENSE_CANDIDATES = 100;
export const COOC_CANDIDATES = 200;
/** The decay that picks item-kNN's candidates (the mix's own decay then scores them). */
const CANDIDATE_DECAY = 0.8;
/** The trained ranker reads at most this many recent item events (its training cut histories at 50). */
export const RANK_HISTORY = 50;

export interface RecommendContext {
  catalog: CatalogIndex;
  /** The trained ranker, or null when none could be loaded. */
  ranker: Ranker | null;
  /** The shopper's recent events, oldest first. */
  events: readonly BehaviourEvent[];
  now: number;
  /** Leave the shopper's own history items among the candidates (the evaluator's RecBole protocol; the engine drops them). */
  keepHistory?: boolean;
}

/** What the pipeline knows about the shopper. */
export interface Personal extends Interest {
  history?: RankHistory;
  events: Map<string, BecauseEvent>;
}

export function personal(ctx: RecommendContext): Personal {
  const { catalog, events, now } = ctx;
  const lookup = (id: string) => catalog.vectorOf(id);
  const history = rankHistory(events, lookup, catalog.dim, now, RANK_HISTORY);
  return { ...interestVector(events, lookup, catalog.dim, now), ...(history ? { history } : {}), events: strongestEvents(events) };
}

/** The history items as catalog rows: what the engine leaves out of the shopper's recommendations. */
export function historyIndices(catalog: CatalogIndex, p: Interest): Set<number> {
  const out = new Set<number>();
  for (const id of p.weights.keys()) {
    const i = catalog.indexOf(id);
    if (i !== undefined) out.add(i);
  }
  return out;
}

/** The mix this catalog and ranker call for: the builder's fit, else the ranker alone, else item-kNN / C(u). */
export function mixFor(catalog: CatalogIndex, ranker: Ranker | null): RecommendMix {
  const fit = catalog.recommendFit;
  if (fit && (ranker || fit.mix.ranker === 0)) return fit.mix;
  if (ranker) return RANKER_MIX;
  return catalog.coocPairs > 0 ? KNN_MIX : TEXT_MIX;
}

/** Candidates and their signals for one shopper, before the mix. */
export interface ForYouParts {
  candidates: number[];
  parts: MixParts;
  scores: RankScores | null;
  /** sim(history item j, candidate), history × candidates, or undefined without a table. */
  cooc: Float32Array | undefined;
  retrieveMs: number;
  rankMs: number;
}

/** `decays`: the item-kNN decays to score (the fit tries several); `withRanker`: run the trained ranker (if any). */
export async function forYouParts(ctx: RecommendContext, p: Personal, decays: readonly number[], withRanker: boolean): Promise<ForYouParts> {
  const { catalog } = ctx;
  const t0 = performance.now();
  const exclude = ctx.keepHistory ? new Set<number>() : historyIndices(catalog, p);
  const dense = await catalog.nearest(p.vector!, DENSE_CANDIDATES, exclude);
  const ids = p.history?.ids ?? [];
  const byDecay = new Map([[CANDIDATE_DECAY, catalog.knn(ids, CANDIDATE_DECAY)]]);
  const linked = [...byDecay.get(CANDIDATE_DECAY)!].filter(([i]) => !exclude.has(i));
  linked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const candidates = [...new Set([...dense, ...linked.slice(0, COOC_CANDIDATES).map(([i]) => i)])];
  const n = candidates.length;
  const cooc = p.history ? catalog.historyCooc(p.history.ids, candidates) : undefined;
  const features = catalog.candidateFeatures(candidates);
  const t1 = performance.now();
  const scores = withRanker && ctx.ranker
    ? await ctx.ranker!.score({
        dim: catalog.dim,
        interest: p.vector!,
        candidates: catalog.gather(candidates),
        n,
        ...(p.history ? { history: p.history } : {}),
        ...(cooc ? { historyCooc: cooc } : {}),
        candidateFeatures: features,
      })
    : null;
  const rankMs = performance.now() - t1;
  const knn = new Map<number, Float32Array>();
  for (const d of decays) {
    const byIndex = byDecay.get(d) ?? catalog.knn(ids, d);
    knn.set(d, Float32Array.from(candidates, (i) => byIndex.get(i) ?? 0));
  }
  const text = Float32Array.from(candidates, (i) => dotAt(p.vector!, 0, catalog.matrix, i * catalog.dim, catalog.dim));
  const popularity = Float32Array.from(candidates, (_, r) => features[r * CAND_FEATS]!); // log1p(popularity)/log1p(max)
  return { candidates, parts: { n, logits: scores?.score ?? null, knn, popularity, text }, scores, cooc, retrieveMs: t1 - t0, rankMs };
}

const ms = (x: number) => Math.round(x * 100) / 100;

/** "For you": personal picks from the history, or the shop's popular (else varied) picks for a new shopper. */
export async function forYou(ctx: RecommendContext, limit: number): Promise<ResultList> {
  const t0 = performance.now();
  const p = personal(ctx);
  if (!p.vector) return coldStart(ctx.catalog, limit, t0);
  const mix = mixFor(ctx.catalog, ctx.ranker);
  // A mix without the ranker (the fit found it does not help on this catalog) skips running it.
  const f = await forYouParts(ctx, p, [mix.decay], mix.ranker !== 0);
  const t1 = performance.now();
  const s = mixScores(f.parts, mix);
  const order = topK(s, limit);
  const weights = f.scores?.attention && p.history ? attentionWeights(p.history.ids, f.scores.attention) : p.weights;
  const because = explainer(ctx.catalog, p, weights, f);
  const items = order.map((r) => scored(ctx.catalog, f.candidates[r]!, s[r]!, f.scores, r, because(r)));
  const strategy = mix.ranker === 0 ? (mix.knn !== 0 ? 'personalised: item-kNN' : 'personalised: interest similarity') : 'personalised';
  return { items, strategy, source: 'personal', timings: { retrieveMs: ms(f.retrieveMs), rankMs: ms(f.rankMs), explainMs: ms(performance.now() - t1), totalMs: ms(performance.now() - t0) } };
}

/**
 * "Similar": the anchor's dense neighbours, ranked by the ranker with the anchor as the query
 * (relevance plus the shopper's history), explained by the history but never by the anchor itself.
 */
export async function similar(ctx: RecommendContext, anchor: number, limit: number): Promise<ResultList> {
  const t0 = performance.now();
  const { catalog } = ctx;
  const p = personal(ctx);
  const q = row(catalog.matrix, anchor, catalog.dim);
  const candidates = await catalog.nearest(q, DENSE_CANDIDATES, new Set([anchor]));
  const t1 = performance.now();
  const cooc = p.history ? catalog.historyCooc(p.history.ids, candidates) : undefined;
  const input = {
    dim: catalog.dim,
    query: q,
    ...(p.vector ? { interest: p.vector } : {}),
    candidates: catalog.gather(candidates),
    n: candidates.length,
    ...(p.history ? { history: p.history } : {}),
    ...(cooc ? { historyCooc: cooc } : {}),
    candidateFeatures: catalog.candidateFeatures(candidates),
  };
  // Without a ranker: relevance alone (qᵀp; the anchor is a catalog vector, so no keyword part).
  const scores = ctx.ranker ? await ctx.ranker.score(input) : null;
  const s = scores?.score ?? Float32Array.from(candidates, (i) => dotAt(q, 0, catalog.matrix, i * catalog.dim, catalog.dim));
  const t2 = performance.now();
  const order = topK(s, limit);
  const weights = scores?.attention && p.history ? attentionWeights(p.history.ids, scores.attention) : p.weights;
  const f = { candidates, cooc };
  const anchorId = catalog.items[anchor]!.id;
  const because = explainer(catalog, p, weights, f, anchorId);
  const items = order.map((r) => scored(catalog, candidates[r]!, s[r]!, scores, r, because(r)));
  return { items, strategy: 'similar item', source: 'personal', timings: { retrieveMs: ms(t1 - t0), rankMs: ms(t2 - t1), totalMs: ms(performance.now() - t0) } };
}

function scored(catalog: CatalogIndex, i: number, score: number, scores: RankScores | null, r: number, because: Because[]): ScoredItem {
  return {
    item: catalog.items[i]!,
    score,
    parts: { relevance: scores?.relevance[r] ?? 0, lexical: 0, personal: scores?.cross[r] ?? 0, dnn: scores?.dnn[r] ?? 0 },
    because,
  };
}

/** Explains each result by the history items really linked to it; the per-request lookups are built once. */
function explainer(
  catalog: CatalogIndex,
  p: Personal,
  weights: ReadonlyMap<string, number>,
  f: { candidates: readonly number[]; cooc: Float32Array | undefined },
  exclude?: string,
): (r: number) => Because[] {
  const n = f.candidates.length;
  const lastAt = new Map((p.history?.ids ?? []).map((id, j) => [id, j]));
  const history = new Map<string, { vector: Float32Array; item: CatalogItem }>();
  for (const id of weights.keys()) {
    const k = catalog.indexOf(id);
    if (k !== undefined) history.set(id, { vector: row(catalog.matrix, k, catalog.dim), item: catalog.items[k]! });
  }
  const minSimilarity = catalog.linkThreshold;
  return (r) =>
    explainByHistory(row(catalog.matrix, f.candidates[r]!, catalog.dim), weights, (id) => history.get(id), {
      events: p.events,
      minSimilarity,
      ...(f.cooc ? { cooc: (id: string) => { const j = lastAt.get(id); return j === undefined ? 0 : f.cooc![j * n + r]!; } } : {}),
      ...(exclude !== undefined ? { exclude } : {}),
    });
}

/** Attention per history event summed per item: the explanation weights of the trained ranker. */
export function attentionWeights(ids: readonly string[], attention: Float32Array): Map<string, number> {
  const w = new Map<string, number>();
  ids.forEach((id, j) => w.set(id, (w.get(id) ?? 0) + attention[j]!));
  return w;
}

/**
 * A shopper without history (new, or after forgetMe): the shop's popular items — the builder's
 * best-seller list, else the catalog's `popularity` field, else the co-occurrence table's support —
 * or, with no popularity known at all, picks across categories in turn.
 */
export function coldStart(catalog: CatalogIndex, limit: number, t0 = performance.now()): ResultList {
  const pop = popularity(catalog);
  const picks = pop ? topK(pop, limit).filter((i) => pop[i]! > 0) : [];
  if (picks.length > 0) {
    return {
      items: picks.map((i) => scored(catalog, i, pop![i]!, null, 0, [])),
      strategy: 'cold start: popular picks',
      source: 'popular',
      timings: { totalMs: ms(performance.now() - t0) },
    };
  }
  const varied = variedPicks(catalog.items.map((it) => it.category ?? ''), limit);
  return {
    items: varied.map((i, r) => scored(catalog, i, varied.length - r, null, 0, [])),
    strategy: 'cold start: varied picks',
    source: 'varied',
    timings: { totalMs: ms(performance.now() - t0) },
  };
}

function popularity(catalog: CatalogIndex): Float32Array | null {
  if (catalog.popular.length > 0) {
    const out = new Float32Array(catalog.n);
    catalog.popular.forEach((id, r) => {
      const i = catalog.indexOf(id);
      if (i !== undefined) out[i] = catalog.popular.length - r;
    });
    return out;
  }
  if (catalog.items.some((it) => (it.popularity ?? 0) > 0)) return Float32Array.from(catalog.items, (it) => it.popularity ?? 0);
  return catalog.coocDegree();
}

/** One item per category in turn (categories in order of first appearance, items in catalog order). */
export function variedPicks(categories: readonly string[], limit: number): number[] {
  const groups = new Map<string, number[]>();
  categories.forEach((c, i) => {
    const g = groups.get(c);
    if (g) g.push(i);
    else groups.set(c, [i]);
  });
  const lists = [...groups.values()];
  const out: number[] = [];
  for (let k = 0; out.length < limit && lists.some((l) => k < l.length); k++) {
    for (const l of lists) if (k < l.length && out.length < limit) out.push(l[k]!);
  }
  return out;
}
