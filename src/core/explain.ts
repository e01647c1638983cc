import type { Because } from './api';
import type { CatalogItem } from './types';
import { dot } from './vector';

/**
 * "Because you viewed …": the history items whose weighted similarity to a recommended item
 * is largest. The same weights that built C(u) decide, so the explanation is the model's own.
 */
export function explainByHistory(
  candidate: Float32Array,
  historyWeights: ReadonlyMap<string, number>,
  lookup: (itemId: string) => { vector: Float32Array; item: CatalogItem } | undefined,
  max = 2,
): Because[] {
  const parts: { itemId: string; title: string; c: number }[] = [];
  for (const [itemId, w] of historyWeights) {
    const h = lookup(itemId);
    if (!h) continue;
    const c = w * Math.max(0, dot(h.vector, candidate));
    if (c > 0) parts.push({ itemId, title: h.item.title, c });
  }
  const total = parts.reduce((s, p) => s + p.c, 0);
  return parts
    .sort((a, b) => b.c - a.c)
    .slice(0, max)
    .map((p) => ({ itemId: p.itemId, title: p.title, weight: p.c / total }));
}
