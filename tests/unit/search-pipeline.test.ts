/**
 * The search pipeline (src/engine/search.ts) the worker and eval:search run, over a real
 * CatalogIndex with a fake encoder (fixed query vectors) and the trained ranker's blend:
 * keyword-first on covered queries, dense rescue where keywords miss, noMatch.
 */
import { describe, expect, it } from 'vitest';
import { keywordFirstWeights } from '../../src/core/fit-search-fusion';
import { blendScores, type Ranker } from '../../src/core/ranker';
import { FUSION_FEATURES, N_FUSION, type SearchFusion } from '../../src/core/search-fusion';
import type { CatalogItem } from '../../src/core/types';
import { CatalogIndex } from '../../src/engine/catalog-index';
import { searchCatalog, type SearchContext } from '../../src/engine/search';

const dim = 4;
const items: CatalogItem[] = [
  { id: 'kettle', title: 'Copper Kettle', category: 'Kitchen > Kettle' },
  { id: 'flask', title: 'Glover Vacuum Flask', category: 'Bottles > Vacuum Flask' },
  { id: 'pan', title: 'Steel Frying Pan', category: 'Kitchen > Pan' },
  { id: 'kettle2', title: 'Steel Kettle Kettle', category: 'Kitchen > Kettle' },
];
// Item vectors: unit axes; the flask sits on the axis the "coffee" query points at.
const vec = (...x: number[]) => Float32Array.from(x);
const matrix = Float32Array.of(...vec(1, 0, 0, 0), ...vec(0, 1, 0, 0), ...vec(0, 0, 1, 0), ...vec(0.8, 0, 0.6, 0));
const queries: Record<string, Float32Array> = {
  'something to keep coffee hot': vec(0, 1, 0, 0),
  'xqzv blorf': vec(0, 0, 0, 1),
  kettle: vec(0, 0, 1, 0), // the encoder is wrong here: it points at the pan
};
const encoder: SearchContext['encoder'] = {
  embed: async (texts: readonly string[]) => ({ vectors: Float32Array.from(queries[texts[0]!] ?? vec(0.5, 0.5, 0.5, 0.5)), timings: { tokenizeMs: 0, inferenceMs: 0, poolMs: 0 } }),
  embedQueryOnGpu: async () => null,
};
const ranker: Ranker = { id: 'blend', dim, trained: true, untrainedParts: [], score: (input) => blendScores({ tau: 0.05, lexical: 10 }, input, null) };
const catalog = new CatalogIndex(items, items.map((it) => it.id), matrix, dim, 'v', 'test');
const w = (pairs: Partial<Record<(typeof FUSION_FEATURES)[number], number>>) => {
  const out = new Float32Array(N_FUSION);
  for (const [k, v] of Object.entries(pairs)) out[FUSION_FEATURES.indexOf(k as (typeof FUSION_FEATURES)[number])] = v;
  return out;
};
const fusion: SearchFusion = { id: 'test', modelId: 'fake', weights: w({ cos: 5, exact: 1 }), covered: keywordFirstWeights(), keywordLedFrom: 0.5, noMatchBelow: 0.5 };
const ctx = (f: SearchFusion | null): SearchContext => ({ encoder, ranker, catalog, fusion: f, personal: async () => ({ vector: null, weights: new Map(), events: new Map() }) });
const ids = (r: { items: { item: { id: string } }[] }) => r.items.map((x) => x.item.id);

describe('searchCatalog', () => {
  it('keyword-first where the keywords cover the query, even against the dense neighbour', async () => {
    const r = await searchCatalog(ctx(fusion), { text: 'kettle', limit: 4 });
    const keyword = catalog.lexical.search('kettle', 10).map((h) => items[h.index]!.id);
    expect(ids(r).slice(0, keyword.length)).toEqual(keyword);
    expect(ids(r)[0]).not.toBe('pan');
    // The hand-set blend lets the (wrong) dense neighbour in above a keyword match.
    const blend = await searchCatalog(ctx(null), { text: 'kettle', limit: 4 });
    expect(ids(blend).indexOf('pan')).toBeLessThan(ids(blend).indexOf('kettle'));
  });

  it('dense rescues a paraphrase with no keyword match', async () => {
    const r = await searchCatalog(ctx(fusion), { text: 'something to keep coffee hot', limit: 2 });
    expect(ids(r)[0]).toBe('flask');
    expect(r.noMatch).toBeUndefined();
  });

  it('noMatch: no keyword match and the best cosine below the floor; results still come back', async () => {
    const r = await searchCatalog(ctx(fusion), { text: 'xqzv blorf', limit: 3 });
    expect(r.noMatch).toBe(true);
    expect(r.items.length).toBe(3);
    // Above the floor it is a match; without a fitted fusion there is no floor.
    expect((await searchCatalog(ctx({ ...fusion, noMatchBelow: -0.1 }), { text: 'xqzv blorf', limit: 3 })).noMatch).toBeUndefined();
    expect((await searchCatalog(ctx(null), { text: 'xqzv blorf', limit: 3 })).noMatch).toBeUndefined();
  });

  it('excluded rows never come back', async () => {
    const r = await searchCatalog(ctx(fusion), { text: 'kettle', limit: 4, exclude: new Set([0]) });
    expect(ids(r)).not.toContain('kettle');
  });
});
