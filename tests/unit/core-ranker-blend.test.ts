/** The trained ranker's pure parts: history input from events, and how its logits join search relevance. */
import { describe, expect, it } from 'vitest';
import { blendScores } from '../../src/core/ranker';
import { HIST_FEATS, rankHistory } from '../../src/core/ranker-features';
import type { BehaviourEvent } from '../../src/core/types';
import { dot64, randVec, rng } from './fixtures/core-rng';

const H = 3600000;

describe('rankHistory', () => {
  const dim = 4;
  const vecs = new Map([['a', Float32Array.of(1, 0, 0, 0)], ['b', Float32Array.of(0, 1, 0, 0)], ['c', Float32Array.of(0, 0, 1, 0)]]);
  const ev = (type: BehaviourEvent['type'], itemId: string | undefined, ts: number): BehaviourEvent => ({ type, ts, ...(itemId ? { itemId } : {}) });

  it('keeps item events of catalog items, oldest first, with embeddings and features', () => {
    const events = [ev('view', 'a', 0), ev('search', undefined, 1 * H), ev('click', 'gone', 2 * H), ev('purchase', 'b', 3 * H)];
    const h = rankHistory(events, (id) => vecs.get(id), dim, 5 * H, 50)!;
    expect(h.ids).toEqual(['a', 'b']);
    expect(Array.from(h.emb)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
    expect(h.feat.length).toBe(2 * HIST_FEATS);
    expect(Array.from(h.feat.subarray(0, 4))).toEqual([1, 0, 0, 0]); // view one-hot
    expect(Array.from(h.feat.subarray(HIST_FEATS, HIST_FEATS + 4))).toEqual([0, 0, 0, 1]); // purchase
    expect(h.feat[4]).toBeCloseTo(Math.log1p(5) / 8, 6); // age 5 h
    expect(h.feat[HIST_FEATS + 4]).toBeCloseTo(Math.log1p(2) / 8, 6);
    expect(h.feat[5]).toBeCloseTo(Math.log1p(1) / 4, 6); // one event after it
    expect(h.feat[HIST_FEATS + 5]).toBe(0);
  });

  it('keeps only the most recent `max`, and is undefined without item events', () => {
    const events = ['a', 'b', 'c', 'a'].map((id, j) => ev('view', id, j * H));
    expect(rankHistory(events, (id) => vecs.get(id), dim, 9 * H, 2)!.ids).toEqual(['c', 'a']);
    expect(rankHistory([ev('search', undefined, 0)], (id) => vecs.get(id), dim, H, 50)).toBeUndefined();
  });
});

describe('blendScores', () => {
  const dim = 8;
  const n = 5;
  const r = rng(7);
  const candidates = randVec(r, n * dim);
  const query = randVec(r, dim);
  const lexical = Float32Array.of(0, 1, 0.5, 0, 0.25);
  const logits = Float32Array.of(2, -1, 0.5, 3, 0);
  const blend = { tau: 0.05, lexical: 10 };

  it('with a query: q·p / tau + lexical·lex + log_softmax(logits)', () => {
    const out = blendScores(blend, { dim, query, candidates, n, lexical }, logits);
    const logZ = Math.log(Array.from(logits).reduce((s, x) => s + Math.exp(x), 0));
    for (let i = 0; i < n; i++) {
      const rel = dot64(query, candidates.subarray(i * dim, (i + 1) * dim));
      expect(out.relevance[i]).toBeCloseTo(rel, 5);
      expect(out.cross[i]).toBeCloseTo(logits[i]! - logZ, 5);
      expect(out.score[i]).toBeCloseTo(rel / 0.05 + 10 * lexical[i]! + logits[i]! - logZ, 3);
    }
  });

  it("a fitted search fusion's queryScore replaces q·p / tau + lexical·lex; the personal part still adds", () => {
    const queryScore = Float32Array.of(0.5, -2, 1, 0, 3);
    const out = blendScores(blend, { dim, query, candidates, n, lexical, queryScore }, logits);
    const logZ = Math.log(Array.from(logits).reduce((s, x) => s + Math.exp(x), 0));
    for (let i = 0; i < n; i++) {
      expect(out.relevance[i]).toBeCloseTo(dot64(query, candidates.subarray(i * dim, (i + 1) * dim)), 5);
      expect(out.score[i]).toBeCloseTo(queryScore[i]! + logits[i]! - logZ, 4);
    }
    // Anonymous: the fused score alone ranks.
    expect(Array.from(blendScores(blend, { dim, query, candidates, n, lexical, queryScore }, null).score)).toEqual(Array.from(queryScore));
  });

  it('without a query the logits rank; without history the personal part is zero', () => {
    const forYou = blendScores(blend, { dim, candidates, n }, logits);
    expect(Array.from(forYou.score)).toEqual(Array.from(logits));
    const anon = blendScores(blend, { dim, query, candidates, n }, null);
    for (let i = 0; i < n; i++) {
      expect(anon.cross[i]).toBe(0);
      expect(anon.score[i]).toBeCloseTo(anon.relevance[i]! / 0.05, 4);
    }
  });
});
