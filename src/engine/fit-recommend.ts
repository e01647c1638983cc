/**
 * Fits "for you"'s mix (core/recommend-mix.ts) on held-out shoppers by running the engine's own
 * pipeline (recommend.ts) on each: what the catalog builder does with a merchant's log, and what
 * eval:ranker does on a dataset's valid split. Everything here stays on the machine it runs on;
 * only the fitted weights go into the manifest.
 */
import { fitMix, FIT_DECAYS, mixScores, rankIn, type MixParts, type RecommendFit } from '../core/recommend-mix';
import type { Ranker } from '../core/ranker';
import type { BehaviourEvent } from '../core/types';
import type { CatalogIndex } from './catalog-index';
import { forYouParts, personal } from './recommend';

export interface HeldOutCase {
  /** The shopper's events before the held-out one, oldest first. */
  events: readonly BehaviourEvent[];
  /** The held-out item's catalog index, and when it happened (the "now" of the request). */
  target: number;
  now: number;
}

/**
 * The fit, and each held-out case's 0-based rank under it (-1: not among the candidates, or no
 * history to personalise on), i.e. where the engine's list would put the held-out item.
 */
export async function fitRecommend(catalog: CatalogIndex, ranker: Ranker | null, cases: readonly HeldOutCase[]): Promise<{ fit: RecommendFit; ranks: number[] }> {
  const fitCases: { parts: MixParts; target: number }[] = [];
  const at: number[] = [];
  for (const c of cases) {
    const ctx = { catalog, ranker, events: c.events, now: c.now };
    const p = personal(ctx);
    if (!p.vector) {
      at.push(-1); // nothing to personalise on: cold start, the same for every mix
      continue;
    }
    const f = await forYouParts(ctx, p, FIT_DECAYS, true);
    at.push(fitCases.length);
    fitCases.push({ parts: f.parts, target: f.candidates.indexOf(c.target) });
  }
  const fit = fitMix(fitCases, ranker !== null);
  return { fit, ranks: at.map((k) => (k < 0 ? -1 : rankIn(mixScores(fitCases[k]!.parts, fit.mix), fitCases[k]!.target))) };
}
