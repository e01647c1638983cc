/**
 * Shopper-style queries on the demo catalog (public/catalog/demo-catalog.json), judged by rule:
 * an item's gain is the highest of the rules it meets (category leaf, top-level category or title
 * words). The rules were written from what each query asks for, not from any model's results.
 */
import type { CatalogItem } from '../../../src/core/types';

interface Rule {
  gain: number;
  leaf?: readonly string[];
  top?: readonly string[];
  title?: RegExp;
}

export const DEMO_QUERIES: readonly { query: string; rules: readonly Rule[] }[] = [
  { query: 'something to keep coffee hot', rules: [{ gain: 2, leaf: ['Vacuum Flask'], title: /thermos|vacuum flask/i }, { gain: 1, leaf: ['Coffeepot'] }] },
  { query: 'frying pan', rules: [{ gain: 2, title: /frying pan|frypan|skillet/i }, { gain: 1, leaf: ['Pan'] }] },
  { query: 'boot', rules: [{ gain: 2, leaf: ['Boot', 'Hip Boot', 'Riding Boot'] }] },
  { query: 'waterproof boots', rules: [{ gain: 2, leaf: ['Hip Boot'] }, { gain: 1, leaf: ['Boot', 'Riding Boot'] }] },
  { query: 'garden tools', rules: [{ gain: 2, leaf: ['Trowel', 'Hand Shovel', 'Spade', 'Hoe', 'Rake', 'Hedge Trimmer'] }, { gain: 1, leaf: ['Shovel', 'Lawn Mower', 'Power Mower'] }] },
  { query: 'lamp', rules: [{ gain: 2, top: ['Lighting'], title: /lamp/i }] },
  { query: 'a warm winter coat', rules: [{ gain: 2, leaf: ['Coat'] }, { gain: 1, leaf: ['Jacket'] }] },
  { query: 'toy', rules: [{ gain: 2, top: ['Toys & Games'] }] },
  { query: 'kitchen knife', rules: [{ gain: 2, title: /kitchen knife|chef|carving knife|paring|bread knife|cleaver/i }, { gain: 1, leaf: ['Table Knife', 'Knife'] }] },
  { query: 'kettle', rules: [{ gain: 2, leaf: ['Kettle'] }, { gain: 1, leaf: ['Coffeepot'] }] },
  { query: 'something to sit on', rules: [{ gain: 2, leaf: ['Chair', 'Armchair', 'Folding Chair', 'Stool', 'Bench', 'Sofa'] }] },
  { query: 'keep the rain off', rules: [{ gain: 2, leaf: ['Umbrella'] }] },
  { query: 'camping shelter', rules: [{ gain: 2, leaf: ['Tent', 'Canvas Tent'] }] },
  { query: 'a cup for tea', rules: [{ gain: 2, leaf: ['Cup', 'Mug'] }, { gain: 1, leaf: ['Kettle'] }] },
  { query: 'drill', rules: [{ gain: 2, leaf: ['Drill', 'Power Drill'] }] },
];

/** Judgments (item index → gain > 0) of one query's rules over the catalog. */
export function judgeDemo(rules: readonly Rule[], items: readonly CatalogItem[]): Map<number, number> {
  const gains = new Map<number, number>();
  items.forEach((it, i) => {
    const parts = (it.category ?? '').split(' > ');
    const leaf = parts[parts.length - 1]!;
    const top = parts[0]!;
    let g = 0;
    for (const r of rules) {
      if (r.leaf?.includes(leaf) || r.top?.includes(top) || r.title?.test(it.title)) g = Math.max(g, r.gain);
    }
    if (g > 0) gains.set(i, g);
  });
  return gains;
}
