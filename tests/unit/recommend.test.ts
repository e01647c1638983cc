import { describe, expect, it } from 'vitest';
import { buildCooc } from '../../src/core/cooc.js';
import type { RankInput, Ranker, RankScores } from '../../src/core/ranker.js';
import { fitMix, KNN_MIX, mixScores, RANKER_MIX, type MixParts } from '../../src/core/recommend-mix.js';
import type { BehaviourEvent, CatalogItem } from '../../src/core/types.js';
import { CatalogIndex } from '../../src/engine/catalog-index.js';
import { fitRecommend } from '../../src/engine/fit-recommend.js';
import { coldStart, forYou, mixFor, similar, variedPicks } from '../../src/engine/recommend.js';

const DIM = 8;
/** Items 0..n-1: item i points along axis i % DIM with a small per-item tilt, so text neighbours share an axis. */
function catalog(n: number, extra: Partial<CatalogItem>[] = []): CatalogIndex {
  const m = new Float32Array(n * DIM);
  const items: CatalogItem[] = [];
  for (let i = 0; i < n; i++) {
    m[i * DIM + (i % DIM)] = 1;
    m[i * DIM + ((i + 1) % DIM)] = 0.01 * (i % 7);
    let s = 0;
    for (let k = 0; k < DIM; k++) s += m[i * DIM + k]! ** 2;
    for (let k = 0; k < DIM; k++) m[i * DIM + k]! /= Math.sqrt(s);
    items.push({ id: `i${i}`, title: `Item ${i}`, category: `c${i % 3}`, ...extra[i] });
  }
  return new CatalogIndex(items, items.map(() => ''), m, DIM, 'v1', 'test');
}
const ev = (type: BehaviourEvent['type'], itemId: string, ts: number): BehaviourEvent => ({ type, itemId, ts });

/** A ranker that prefers candidates by a fixed per-item score and counts its calls. */
function fakeRanker(prefer: (itemIndex: number) => number, cat: CatalogIndex): Ranker & { calls: number } {
  const r = {
    id: 'fake',
    dim: DIM,
    trained: true,
    untrainedParts: [],
    calls: 0,
    score(input: RankInput): RankScores {
      r.calls++;
      const n = input.n;
      const score = new Float32Array(n);
      for (let c = 0; c < n; c++) {
        // identify the candidate by its embedding row
        const v = input.candidates.subarray(c * DIM, (c + 1) * DIM);
        let best = 0;
        for (let i = 0; i < cat.n; i++) if (cat.matrix.subarray(i * DIM, (i + 1) * DIM).every((x, k) => x === v[k])) best = i;
        score[c] = prefer(best);
      }
      return { score, relevance: new Float32Array(n), cross: new Float32Array(n), dnn: score, attention: new Float32Array(input.history?.ids.length ?? 0).fill(1 / Math.max(1, input.history?.ids.length ?? 1)) };
    },
  };
  return r;
}

describe('for you: candidates and mix', () => {
  it('an item bought with the shopper\'s item but textually unlike it reaches the list (co-occurrence candidates)', async () => {
    const cat = catalog(400);
    // i0 and i3 (different axes: not among i0's 100 dense neighbours' top, cos 0) were bought together by many.
    const seqs = Array.from({ length: 20 }, () => [0, 3]);
    cat.setCooc(buildCooc(cat.items.map((it) => it.id), seqs, 10, 100), 'sha');
    const list = await forYou({ catalog: cat, ranker: null, events: [ev('purchase', 'i0', 1000)], now: 2000 }, 5);
    expect(list.source).toBe('personal');
    expect(list.strategy).toBe('personalised: item-kNN');
    expect(list.items[0]!.item.id).toBe('i3');
    expect(list.items[0]!.because).toEqual([{ itemId: 'i0', title: 'Item 0', event: 'purchase', weight: 1 }]);
    // Without the table, i3 is no candidate at all: the dense neighbours of i0 come first.
    cat.setCooc(null, null);
    const plain = await forYou({ catalog: cat, ranker: null, events: [ev('purchase', 'i0', 1000)], now: 2000 }, 5);
    expect(plain.strategy).toBe('personalised: interest similarity');
    expect(plain.items.map((x) => x.item.id)).not.toContain('i3');
    expect(plain.items.every((x) => x.item.id !== 'i0')).toBe(true);
  });

  it('uses the fitted mix; a fit that chose item-kNN never runs the ranker', async () => {
    const cat = catalog(50);
    const table = buildCooc(cat.items.map((it) => it.id), Array.from({ length: 5 }, () => [0, 3]), 10, 100);
    const ranker = fakeRanker((i) => (i === 16 ? 10 : 0), cat);
    cat.setCooc(table, 'sha');
    expect(mixFor(cat, ranker)).toEqual(RANKER_MIX);
    expect(mixFor(cat, null)).toEqual(KNN_MIX);
    const byRanker = await forYou({ catalog: cat, ranker, events: [ev('view', 'i0', 1)], now: 2 }, 3);
    expect(byRanker.items[0]!.item.id).toBe('i16');
    expect(ranker.calls).toBe(1);
    cat.setCooc(table, 'sha', { mix: KNN_MIX, kind: 'item-knn', heldOut: { users: 10, ndcg10: 0.5, knnNdcg10: 0.5, rankerNdcg10: 0.1 } });
    const byKnn = await forYou({ catalog: cat, ranker, events: [ev('view', 'i0', 1)], now: 2 }, 3);
    expect(byKnn.items[0]!.item.id).toBe('i3');
    expect(ranker.calls).toBe(1);
  });

  it('keepHistory (the evaluator\'s RecBole protocol) leaves the shopper\'s items among the candidates', async () => {
    const cat = catalog(30);
    const events = [ev('purchase', 'i5', 1)];
    expect((await forYou({ catalog: cat, ranker: null, events, now: 2 }, 30)).items.map((x) => x.item.id)).not.toContain('i5');
    expect((await forYou({ catalog: cat, ranker: null, events, now: 2, keepHistory: true }, 30)).items[0]!.item.id).toBe('i5');
  });
});

describe('similar', () => {
  it('never explains a result by the item whose page it is', async () => {
    const cat = catalog(40);
    const list = await similar({ catalog: cat, ranker: null, events: [ev('view', 'i0', 1), ev('purchase', 'i16', 2)], now: 3 }, 0, 5);
    expect(list.items.some((x) => x.item.id === 'i0')).toBe(false);
    expect(list.items[0]!.item.id).toBe('i8'); // same axis as i0
    for (const r of list.items) expect(r.because.map((b) => b.itemId)).not.toContain('i0');
    // i16 is on the anchor's axis too and was bought: that is a true reason, said as bought.
    expect(list.items[0]!.because[0]).toMatchObject({ itemId: 'i16', event: 'purchase' });
  });
});

describe('cold start', () => {
  it('popular picks from the builder\'s list, else the popularity field, else table support; labelled popular', () => {
    const cat = catalog(12, [{ popularity: 1 }, { popularity: 9 }, { popularity: 5 }]);
    expect(coldStart(cat, 2)).toMatchObject({ source: 'popular', strategy: 'cold start: popular picks' });
    expect(coldStart(cat, 5).items.map((x) => x.item.id)).toEqual(['i1', 'i2', 'i0']);
    cat.setCooc(buildCooc(cat.items.map((it) => it.id), [[4, 5]], 10, 100), 'sha', null, ['i7', 'i6']);
    expect(coldStart(cat, 5).items.map((x) => x.item.id)).toEqual(['i7', 'i6']);
    const plain = catalog(12);
    plain.setCooc(buildCooc(plain.items.map((it) => it.id), [[4, 5, 4, 6]], 10, 100), 'sha');
    expect(coldStart(plain, 2).items.map((x) => x.item.id)).toEqual(['i4', 'i5']);
  });

  it('without any popularity: varied picks across categories, never "catalog order"', () => {
    const list = coldStart(catalog(12), 6);
    expect(list).toMatchObject({ source: 'varied', strategy: 'cold start: varied picks' });
    expect(list.items.map((x) => x.item.category)).toEqual(['c0', 'c1', 'c2', 'c0', 'c1', 'c2']);
    expect(variedPicks(['a', 'a', 'a', 'b'], 3)).toEqual([0, 3, 1]);
    expect(variedPicks([], 3)).toEqual([]);
  });

  it('a shopper whose history is not in the catalog gets the cold start too', async () => {
    const list = await forYou({ catalog: catalog(12), ranker: null, events: [ev('view', 'gone', 1)], now: 2 }, 3);
    expect(list.source).toBe('varied');
  });
});

describe('fitMix', () => {
  const parts = (logits: number[], knn: number[]): MixParts => ({
    n: logits.length,
    logits: Float32Array.from(logits),
    knn: new Map([0.5, 0.8, 1].map((d) => [d, Float32Array.from(knn)])),
    popularity: new Float32Array(logits.length),
    text: new Float32Array(logits.length),
  });
  it('keeps item-kNN when the ranker only adds noise, and takes the ranker when it knows better', () => {
    // target 0; kNN ranks it first, the ranker ranks it last
    const knnWins = Array.from({ length: 20 }, () => ({ parts: parts([0, 5, 6], [1, 0.1, 0]), target: 0 }));
    const f1 = fitMix(knnWins, true);
    expect(f1.kind).toBe('item-knn');
    expect(f1.mix.ranker).toBe(0);
    expect(f1.heldOut.knnNdcg10).toBe(1);
    // target 2: kNN does not know it, the ranker does
    const rankerWins = Array.from({ length: 20 }, () => ({ parts: parts([0, 1, 9], [1, 0.5, 0]), target: 2 }));
    const f2 = fitMix(rankerWins, true);
    expect(f2.kind).toBe('fitted');
    expect(f2.heldOut.ndcg10).toBeGreaterThan(f2.heldOut.knnNdcg10);
    expect(mixScores(rankerWins[0]!.parts, f2.mix)[2]).toBeGreaterThan(mixScores(rankerWins[0]!.parts, f2.mix)[0]!);
    expect(fitMix(rankerWins, false).kind).toBe('item-knn');
  });

  it('fitRecommend runs the engine pipeline on held-out shoppers', async () => {
    const cat = catalog(60);
    const table = buildCooc(cat.items.map((it) => it.id), Array.from({ length: 10 }, () => [0, 3]), 10, 100);
    cat.setCooc(table, 'sha');
    const ranker = fakeRanker((i) => (i === 3 ? -5 : 0), cat);
    const { fit, ranks } = await fitRecommend(cat, ranker, Array.from({ length: 10 }, () => ({ events: [ev('purchase', 'i0', 1)], target: 3, now: 2 })));
    expect(fit.heldOut.users).toBe(10);
    // where the engine's list puts the held-out item under the fitted mix: first
    expect(ranks).toEqual(Array(10).fill(0));
    cat.setCooc(table, 'sha', fit);
    expect((await forYou({ catalog: cat, ranker, events: [ev('purchase', 'i0', 1)], now: 2 }, 1)).items[0]!.item.id).toBe('i3');
    expect(fit.kind).toBe('item-knn');
    expect(ranker.calls).toBe(10);
  });
});
