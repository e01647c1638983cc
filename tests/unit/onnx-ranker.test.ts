/**
 * The engine's side of the trained ranker (src/model/onnx-ranker.ts) on the shipped files, in Node
 * through onnxruntime-web (wasm): the inputs it builds reproduce a direct run of the graph, only
 * the last maxHistory events are read, and a bad manifest is refused with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { candFeatures, HIST_FEATS, rankHistory } from '../../src/core/ranker-features';
import type { BehaviourEvent } from '../../src/core/types';
import { OnnxRanker, parseOnnxRankerManifest } from '../../src/model/onnx-ranker';
import { randVec, rng } from './fixtures/core-rng';

const DIR = new URL('../../public/ranker/alcove-dcn-v2/', import.meta.url);
const json = JSON.parse(readFileSync(new URL('ranker.json', DIR), 'utf8')) as Record<string, unknown>;
const manifest = parseOnnxRankerManifest(json);
const bytes = readFileSync(new URL(manifest.onnx, DIR));
ort.env.wasm.numThreads = 1;

function unitRows(r: () => number, n: number, dim: number): Float32Array {
  const m = randVec(r, n * dim);
  for (let i = 0; i < n; i++) {
    const v = m.subarray(i * dim, (i + 1) * dim);
    const s = Math.hypot(...v);
    v.forEach((x, j) => (v[j] = x / s));
  }
  return m;
}

describe('OnnxRanker (shipped alcove-dcn-v2)', () => {
  const dim = manifest.dim;
  const r = rng(3);
  const L = 5, n = 7;
  const history = { ids: ['a', 'b', 'c', 'd', 'e'], emb: unitRows(r, L, dim), feat: randVec(r, L * HIST_FEATS).map(Math.abs) };
  const candidates = unitRows(r, n, dim);
  const candidateFeatures = randVec(r, n * 3).map(Math.abs);

  it('feeds the graph what a direct run with the same inputs and no co-occurrence table gets', async () => {
    const ranker = await OnnxRanker.create(ort, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest);
    const out = await ranker.score({ dim, candidates, n, history, candidateFeatures });
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const direct = await session.run({
      hist_emb: new ort.Tensor('float32', history.emb, [1, L, dim]),
      hist_ids: new ort.Tensor('int64', new BigInt64Array(L), [1, L]),
      hist_feat: new ort.Tensor('float32', history.feat, [1, L, HIST_FEATS]),
      hist_mask: new ort.Tensor('float32', new Float32Array(L).fill(1), [1, L]),
      cand_emb: new ort.Tensor('float32', candidates, [n, dim]),
      cand_ids: new ort.Tensor('int64', new BigInt64Array(n), [n]),
      cand_feat: new ort.Tensor('float32', candidateFeatures, [n, 3]),
      hist_cand_cooc: new ort.Tensor('float32', new Float32Array(L * n), [1, L, n]),
    });
    const want = direct['scores']!.data as Float32Array;
    for (let i = 0; i < n; i++) {
      expect(out.dnn[i]).toBeCloseTo(want[i]!, 5);
      expect(out.score[i]).toBeCloseTo(want[i]!, 5); // for-you: no query, the logits rank
    }
    expect(Array.from(out.attention!)).toEqual(Array.from(direct['attention']!.data as Float32Array));
    await session.release();
  });

  it(`reads only the last ${manifest.maxHistory} events, and none without history`, async () => {
    const ranker = await OnnxRanker.create(ort, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest);
    const long = manifest.maxHistory + 10;
    const h = { ids: Array.from({ length: long }, (_, j) => `i${j}`), emb: unitRows(r, long, dim), feat: new Float32Array(long * HIST_FEATS) };
    const out = await ranker.score({ dim, candidates, n, history: h, candidateFeatures });
    expect(out.attention!.length).toBe(long);
    expect(out.attention!.subarray(0, 10).every((a) => a === 0)).toBe(true);
    expect(out.attention!.reduce((s, a) => s + a, 0)).toBeCloseTo(1, 5);
    const none = await ranker.score({ dim, candidates, n, query: candidates.subarray(0, dim) });
    expect(none.attention).toBeUndefined();
    expect(none.cross.every((x) => x === 0)).toBe(true);
  });

  // Regression (issue 18): one stored view with ts -1e300 turned every for-you score from about +33
  // to about -170 and took the first "because" for itself. Ages are clamped, so it is only an old view.
  it('one stored event with an absurd timestamp or a huge price cannot swamp the scores', async () => {
    const ranker = await OnnxRanker.create(ort, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest);
    const now = Date.UTC(2026, 11, 1);
    const items = unitRows(rng(7), 6, dim);
    const lookup = (id: string) => (id.startsWith('i') ? items.subarray(Number(id.slice(1)) * dim, (Number(id.slice(1)) + 1) * dim) : undefined);
    const clicks: BehaviourEvent[] = [0, 1, 2, 1, 0].map((k, j) => ({ type: 'click', itemId: `i${k}`, ts: now - (5 - j) * 60_000 }));
    const feats = candFeatures(Array(n).fill(1), Array(n).fill(20));
    const score = async (events: BehaviourEvent[], cf = feats) => (await ranker.score({ dim, candidates, n, history: rankHistory(events, lookup, dim, now, 50)!, candidateFeatures: cf })).score;
    const base = await score(clicks);
    const view = (ts: number) => score([{ type: 'view', itemId: 'i5', ts }, ...clicks]);
    // Far past reads like a view from 2000, far future like one just now: each within a few logits of no view at all.
    for (const [bad, like] of [[-1e300, Date.UTC(2000, 0, 1)], [-1, Date.UTC(2000, 0, 1)], [1e300, now]] as const) {
      const [b, l] = [await view(bad), await view(like)];
      for (let i = 0; i < n; i++) {
        expect(b[i]!, `ts ${bad}`).toBeCloseTo(l[i]!, 1);
        expect(Math.abs(b[i]! - base[i]!), `ts ${bad}`).toBeLessThan(4);
      }
    }
    // A price of 1e308 (a catalog stored before prices were bounded) counts as the largest allowed one.
    const huge = candFeatures(Array(n).fill(1), [1e308, ...Array(n - 1).fill(20)]);
    expect(huge[2]).toBeCloseTo(Math.log1p(1e9) / 5, 5);
    expect((await score(clicks, huge)).every((x) => Number.isFinite(x))).toBe(true);
  });

  it('refuses manifests it cannot run, saying why', () => {
    expect(() => parseOnnxRankerManifest({ ...json, itemIds: true })).toThrow(/item-ID/);
    expect(() => parseOnnxRankerManifest({ ...json, blend: undefined })).toThrow(/blend/);
    expect(() => parseOnnxRankerManifest({ ...json, dim: 0 })).toThrow(/dim/);
    expect(() => parseOnnxRankerManifest({ format: 'alcove-seed-ranker' })).toThrow(/not an alcove-onnx-ranker/);
  });
});
