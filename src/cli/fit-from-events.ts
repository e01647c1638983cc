/**
 * `alcove build-catalog --events`: fits how "for you" mixes the trained ranker, item-kNN and
 * popularity on the merchant's own shoppers (src/engine/fit-recommend.ts, the engine's own
 * pipeline), on this machine, in minutes. Held out: each sampled shopper's last purchase, with the
 * co-occurrence table rebuilt without it. Only the weights, the held-out NDCG and the popular item
 * ids (aggregate counts) go into the manifest; no shopper's history leaves this tool.
 */
import { buildCooc, COOC_TOP_K } from '../core/cooc';
import { COOC_WINDOW } from '../core/ranker-features';
import type { RecommendFit } from '../core/recommend-mix';
import type { Ranker } from '../core/ranker';
import type { CatalogIndex } from '../engine/catalog-index';
import { fitRecommend, type HeldOutCase } from '../engine/fit-recommend';
import type { UserEvents } from './cooc-from-events';

/** Held-out shoppers for the fit: enough for a stable NDCG@10, few enough for minutes on a CPU. */
export const FIT_USERS = 2000;
const POPULAR = 100;

export interface FitFromEvents {
  fit: RecommendFit | null;
  popular: string[];
}

export async function fitFromEvents(catalog: CatalogIndex, ranker: Ranker | null, sequences: readonly UserEvents[], maxUsers = FIT_USERS): Promise<FitFromEvents> {
  const counts = new Float64Array(catalog.n);
  for (const s of sequences) for (const e of s) counts[e.item]! += 1;
  const popular = [...counts.keys()].filter((i) => counts[i]! > 0).sort((a, b) => counts[b]! - counts[a]! || a - b).slice(0, POPULAR).map((i) => catalog.items[i]!.id);

  // Shoppers with a purchase after at least two earlier events; an even spread of them when there are many.
  const eligible = sequences.flatMap((s, u) => {
    let k = s.length - 1;
    while (k >= 0 && s[k]!.type !== 'purchase') k--;
    return k >= 2 ? [{ u, k }] : [];
  });
  const step = Math.max(1, eligible.length / maxUsers);
  const held = new Map<number, number>();
  for (let x = 0; x < eligible.length && held.size < maxUsers; x += step) {
    const e = eligible[Math.floor(x)]!;
    held.set(e.u, e.k);
  }
  if (held.size === 0) return { fit: null, popular };
  // The table the fit sees leaves out every held-out purchase and what came after it.
  const train = sequences.map((s, u) => (held.has(u) ? s.slice(0, held.get(u)) : s).map((e) => e.item));
  catalog.setCooc(buildCooc(catalog.items.map((it) => it.id), train, COOC_WINDOW, COOC_TOP_K), 'held-out');
  const cases: HeldOutCase[] = [...held].map(([u, k]) => {
    const s = sequences[u]!;
    return { events: s.slice(0, k).map((e) => ({ type: e.type, itemId: catalog.items[e.item]!.id, ts: e.ts })), target: s[k]!.item, now: s[k]!.ts };
  });
  const { fit } = await fitRecommend(catalog, ranker, cases);
  catalog.setCooc(null, null);
  return { fit, popular };
}
