import type { Because, BecauseEvent } from './api';
import type { CatalogItem, EventType } from './types';
import { dot } from './vector';

export interface ExplainOptions {
  /** At most this many history items are named. */
  max?: number;
  /** The strongest event per history item (what the shopper did with it), so the text is true. */
  events?: ReadonlyMap<string, BecauseEvent>;
  /** A text similarity counts as a link only from here on (catalog-relative: `similarityThreshold`). */
  minSimilarity?: number;
  /** sim(history item, candidate) from the catalog's co-occurrence table; > 0 is a link (bought together). */
  cooc?: (historyId: string) => number;
  /** Never named (the item whose page this is, in "similar"). */
  exclude?: string;
}

/** Strength order of what a shopper did with an item: the explanation names the strongest. */
const EVENT_RANK: Record<BecauseEvent, number> = { view: 0, click: 1, add_to_cart: 2, purchase: 3 };

/** Per item, the strongest of the shopper's events on it ("bought" beats "viewed"). */
export function strongestEvents(events: readonly { type: EventType; itemId?: string }[]): Map<string, BecauseEvent> {
  const out = new Map<string, BecauseEvent>();
  for (const e of events) {
    if (e.itemId === undefined || e.type === 'search') continue;
    const had = out.get(e.itemId);
    if (had === undefined || EVENT_RANK[e.type] > EVENT_RANK[had]) out.set(e.itemId, e.type);
  }
  return out;
}

/**
 * "Because you bought / added to cart / viewed …": the history items with the largest weight ×
 * link to a recommended item, where a link is a co-occurrence in the catalog's table or a text
 * similarity above `minSimilarity`; no link, no explanation. `historyWeights` are the model's
 * own (the trained ranker's attention, else C(u)'s weights).
 */
export function explainByHistory(
  candidate: Float32Array,
  historyWeights: ReadonlyMap<string, number>,
  lookup: (itemId: string) => { vector: Float32Array; item: CatalogItem } | undefined,
  opts: ExplainOptions = {},
): Because[] {
  const { max = 2, minSimilarity = 0, events, cooc, exclude } = opts;
  const parts: { itemId: string; title: string; event: BecauseEvent; c: number }[] = [];
  for (const [itemId, w] of historyWeights) {
    if (itemId === exclude) continue;
    const h = lookup(itemId);
    if (!h) continue;
    const sim = dot(h.vector, candidate);
    // Bought together is the strongest link there is; a text similarity counts above the threshold.
    const link = (cooc?.(itemId) ?? 0) > 0 ? 1 : sim > 0 && sim >= minSimilarity ? sim : 0;
    const c = w * link;
    if (c > 0) parts.push({ itemId, title: h.item.title, event: events?.get(itemId) ?? 'view', c });
  }
  const total = parts.reduce((s, p) => s + p.c, 0);
  return parts
    .sort((a, b) => b.c - a.c)
    .slice(0, max)
    .map((p) => ({ itemId: p.itemId, title: p.title, event: p.event, weight: p.c / total }));
}

/**
 * The cosine above which two items of this catalog count as similar: the `quantile` of the cosine
 * over `pairs` pseudo-random item pairs (fixed seed), i.e. "more alike than chance" for this catalog
 * (random pairs differ a lot between catalogs: median 0.41 on Scientific, 0.20 on Online Retail).
 */
export function similarityThreshold(matrix: Float32Array, n: number, dim: number, pairs = 2000, quantile = 0.99): number {
  if (n < 2) return 0;
  let seed = 12345;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
  const sims = new Float32Array(pairs);
  for (let k = 0; k < pairs; k++) {
    const a = next();
    let b = next();
    if (b === a) b = (b + 1) % n;
    sims[k] = dot(matrix.subarray(a * dim, (a + 1) * dim), matrix.subarray(b * dim, (b + 1) * dim));
  }
  sims.sort();
  return sims[Math.min(pairs - 1, Math.floor(quantile * pairs))]!;
}
