/**
 * The engine's side of the trained ranker (src/model/onnx-ranker.ts) on the shipped files, in Node
 * through onnxruntime-web (wasm): the inputs it builds reproduce a direct run of the graph, only
 * the last maxHistory events are read, and a bad manifest is refused with the reason.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { HIST_FEATS } from '../../src/core/ranker-features';
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

  it('refuses manifests it cannot run, saying why', () => {
    expect(() => parseOnnxRankerManifest({ ...json, itemIds: true })).toThrow(/item-ID/);
    expect(() => parseOnnxRankerManifest({ ...json, blend: undefined })).toThrow(/blend/);
    expect(() => parseOnnxRankerManifest({ ...json, dim: 0 })).toThrow(/dim/);
    expect(() => parseOnnxRankerManifest({ format: 'alcove-seed-ranker' })).toThrow(/not an alcove-onnx-ranker/);
  });
});
