/** The last step of search and recommend: the ranker over a candidate set, then top-k with explanations. */
import type { ResultList, ScoredItem, StageTimings } from '../core/api';
import { explainByHistory } from '../core/explain';
import type { Ranker } from '../core/ranker';
import { row, topK } from '../core/vector';
import type { CatalogIndex } from './catalog-index';
import { attentionWeights, type Personal } from './recommend';

export interface CandidateRanking {
  candidates: readonly number[];
  /** q: the query embedding, or the anchor item (similar); absent for for-you. */
  query?: Float32Array;
  /** Keyword match per candidate row, in [0, 1]. */
  lexical?: ReadonlyMap<number, number>;
  /** The fitted search fusion's score per candidate (aligned with `candidates`). */
  queryScore?: Float32Array;
  interest: Personal;
  limit: number;
  strategy: string;
  timings: StageTimings;
  t0: number;
}

function ms(t0: number): number {
  return Math.round((performance.now() - t0) * 100) / 100;
}

export async function rankCandidates(catalog: CatalogIndex, ranker: Ranker, r: CandidateRanking): Promise<ResultList> {
  const { candidates, query, lexical, queryScore, interest, limit, strategy, timings, t0 } = r;
  const t1 = performance.now();
  const cooc = interest.history ? catalog.historyCooc(interest.history.ids, candidates) : undefined;
  const scores = await ranker.score({
    dim: catalog.dim,
    ...(query ? { query } : {}),
    ...(interest.vector ? { interest: interest.vector } : {}),
    candidates: catalog.gather(candidates),
    n: candidates.length,
    ...(lexical ? { lexical: Float32Array.from(candidates, (i) => lexical.get(i) ?? 0) } : {}),
    ...(queryScore ? { queryScore } : {}),
    ...(interest.history ? { history: interest.history } : {}),
    ...(cooc ? { historyCooc: cooc } : {}),
    candidateFeatures: catalog.candidateFeatures(candidates),
  });
  const rankMs = ms(t1);
  const t2 = performance.now();
  const order = topK(scores.score, limit);
  const lookup = (id: string) => {
    const i = catalog.indexOf(id);
    return i === undefined ? undefined : { vector: row(catalog.matrix, i, catalog.dim), item: catalog.items[i]! };
  };
  // "Because you …": the trained ranker's attention over the history where it ran, else C(u)'s weights.
  const because = scores.attention && interest.history ? attentionWeights(interest.history.ids, scores.attention) : interest.weights;
  const items: ScoredItem[] = order.map((k) => {
    const i = candidates[k]!;
    return {
      item: catalog.items[i]!,
      score: scores.score[k]!,
      parts: { relevance: scores.relevance[k]!, lexical: lexical?.get(i) ?? 0, personal: scores.cross[k]!, dnn: scores.dnn[k]! },
      because: explainByHistory(row(catalog.matrix, i, catalog.dim), because, lookup, { events: interest.events, minSimilarity: catalog.linkThreshold }),
    };
  });
  return { items, strategy, timings: { ...timings, rankMs, explainMs: ms(t2), totalMs: ms(t0) } };
}
