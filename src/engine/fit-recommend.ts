/**
 * Fits "for you"'s mix (core/recommend-mix.ts) on held-out shoppers by running the engine's own
 * pipeline (recommend.ts) on each: what the catalog builder does with a merchant's log, and what
 * eval:ranker does on a dataset's valid split. Everything here stays on the machine it runs on;
 * only the fitted weights go into the manifest.
 */
import { fitMix, FIT_DECAYS, type RecommendFit } from '../core/recommend-mix';
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

export async function fitRecommend(catalog: CatalogIndex, ranker: Ranker | null, cases: readonly HeldOutCase[]): Promise<RecommendFit> {
  const fitCases = [];
  for (const c of cases) {
    const ctx = { catalog, ranker, events: c.events, now: c.now };
    const p = personal(ctx);
    if (!p.vector) continue; // nothing to personalise on: cold start, the same for every mix
    const f = await forYouParts(ctx, p, FIT_DECAYS, true);
    fitCases.push({ parts: f.parts, target: f.candidates.indexOf(c.target) });
  }
  return fitMix(fitCases, ranker !== null);
}
