/**
 * The engine's real "for you" path on a dataset: src/engine/recommend.ts over a CatalogIndex of the
 * dataset's items (the shipped encoder's embeddings, popularity = training counts), the
 * co-occurrence table as `alcove build-catalog --events` ships it (from the training sequences),
 * and the mix fitted by src/engine/fit-recommend.ts on the valid users, as the catalog builder
 * fits it on a merchant's held-out shoppers. Each case is one recommend({ mode: 'for-you', limit: 50 }).
 */
import * as ort from 'onnxruntime-web';
import { buildCooc, COOC_TOP_K } from '../../../src/core/cooc';
import type { Ranker } from '../../../src/core/ranker';
import { loadRankerDir } from '../../../src/cli/load-ranker';
import { COOC_WINDOW, syntheticTimes } from '../../../src/core/ranker-features';
import type { RecommendFit } from '../../../src/core/recommend-mix';
import type { BehaviourEvent, CatalogItem } from '../../../src/core/types';
import { CatalogIndex } from '../../../src/engine/catalog-index';
import { fitRecommend, type HeldOutCase } from '../../../src/engine/fit-recommend';
import { forYou } from '../../../src/engine/recommend';
import type { Case, Dataset } from './data';

export const LIST = 50;

/** The ranker folder as the catalog builder loads it (src/cli/load-ranker.ts), on onnxruntime-web in Node. */
export function loadRanker(dir: string): Promise<Ranker> {
  ort.env.wasm.numThreads = 1;
  return loadRankerDir(dir, ort);
}

export function datasetCatalog(ds: Dataset, emb: Float32Array, dim: number, counts: Float32Array, withTable: boolean): CatalogIndex {
  const items: CatalogItem[] = ds.items.map((it, i) => ({
    id: it.id,
    title: it.title,
    ...(it.text ? { description: it.text } : {}),
    ...(it.category ? { category: it.category } : {}),
    ...(it.brand ? { brand: it.brand } : {}),
    ...(it.price !== undefined ? { price: it.price } : {}),
    popularity: counts[i]!,
  }));
  const catalog = new CatalogIndex(items, [], emb, dim, `eval-${ds.name}`, ds.name);
  if (withTable) catalog.setCooc(buildCooc(ds.items.map((it) => it.id), ds.train.map((t) => t.seq), COOC_WINDOW, COOC_TOP_K), 'eval');
  return catalog;
}

export function caseEvents(c: Case, ds: Dataset): HeldOutCase {
  const t = c.ts && c.now !== null ? { ts: c.ts, now: c.now } : syntheticTimes(c.hist.length);
  const events: BehaviourEvent[] = c.hist.map((i, j) => ({ type: c.types[j]!, itemId: ds.items[i]!.id, ts: t.ts[j]! }));
  return { events, target: c.target, now: t.now };
}

/** Fits the mix on the valid users (the builder's held-out check), attaches it to the catalog; with each valid case's rank in the engine's list under it. */
export async function fitOnValid(catalog: CatalogIndex, ranker: Ranker | null, ds: Dataset): Promise<{ fit: RecommendFit; ranks: number[] }> {
  const r = await fitRecommend(catalog, ranker, ds.valid.map((c) => caseEvents(c, ds)));
  catalog.recommendFit = r.fit;
  return { fit: r.fit, ranks: r.ranks.map((x) => (x < 0 || x >= LIST ? LIST : x)) };
}

/** 0-based rank of each case's target in the engine's for-you list (history dropped, or kept), or LIST when absent. */
export async function engineRanks(catalog: CatalogIndex, ranker: Ranker | null, ds: Dataset, cases: readonly Case[], keepHistory: boolean): Promise<number[]> {
  const out: number[] = [];
  for (const c of cases) {
    const h = caseEvents(c, ds);
    const list = await forYou({ catalog, ranker, events: h.events, now: h.now, keepHistory }, LIST);
    const target = ds.items[c.target]!.id;
    const r = list.items.findIndex((x) => x.item.id === target);
    out.push(r < 0 ? LIST : r);
  }
  return out;
}
