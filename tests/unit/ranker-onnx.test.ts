/**
 * The shipped trained ranker (public/ranker/alcove-dcn-v2/): its ONNX graph runs in Node through
 * onnxruntime-web (wasm, the browser's fallback path) and reproduces the PyTorch reference
 * scores committed in tests/fixtures/ranker/ (written by training/ranker/make_fixture.py).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';

const DIR = new URL('../../public/ranker/alcove-dcn-v2/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('ranker.json', DIR), 'utf8')) as Record<string, any>;
const fixture = JSON.parse(readFileSync(new URL(`../fixtures/ranker/${manifest['id']}.json`, import.meta.url), 'utf8')) as {
  dims: { batch: number; history: number; candidates: number; dim: number };
  inputs: Record<string, number[]>;
  scores: number[];
  attention: number[];
};

describe('shipped ONNX ranker', () => {
  it('has a manifest that matches its graph and stays under 5 MB', () => {
    const bytes = readFileSync(new URL(manifest['onnx'], DIR));
    expect(manifest['format']).toBe('alcove-onnx-ranker');
    expect(manifest['trained']).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest['onnxSha256']);
    expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
    expect(manifest['dim']).toBe(fixture.dims.dim);
  });

  it('reproduces the PyTorch reference scores and attention', async () => {
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(readFileSync(new URL(manifest['onnx'], DIR)), { executionProviders: ['wasm'] });
    const names = ['hist_emb', 'hist_ids', 'hist_feat', 'hist_mask', 'cand_emb', 'cand_ids', 'cand_feat'];
    if (manifest['coocInput']) names.push('hist_cand_cooc');
    expect(session.inputNames).toEqual(names);
    expect(session.outputNames).toEqual(['scores', 'attention']);
    const { batch: B, history: L, candidates: N, dim: D } = fixture.dims;
    const f = (k: string) => Float32Array.from(fixture.inputs[k]!);
    const i = (k: string) => BigInt64Array.from(fixture.inputs[k]!, (x) => BigInt(x));
    const out = await session.run({
      hist_emb: new ort.Tensor('float32', f('hist_emb'), [B, L, D]),
      hist_ids: new ort.Tensor('int64', i('hist_ids'), [B, L]),
      hist_feat: new ort.Tensor('float32', f('hist_feat'), [B, L, 6]),
      hist_mask: new ort.Tensor('float32', f('hist_mask'), [B, L]),
      cand_emb: new ort.Tensor('float32', f('cand_emb'), [N, D]),
      cand_ids: new ort.Tensor('int64', i('cand_ids'), [N]),
      cand_feat: new ort.Tensor('float32', f('cand_feat'), [N, 3]),
      ...(manifest['coocInput'] ? { hist_cand_cooc: new ort.Tensor('float32', f('hist_cand_cooc'), [B, L, N]) } : {}),
    });
    const scores = out['scores']!;
    const att = out['attention']!;
    expect(scores.dims).toEqual([B, N]);
    expect(att.dims).toEqual([B, L]);
    (scores.data as Float32Array).forEach((s, k) => expect(Math.abs(s - fixture.scores[k]!)).toBeLessThan(1e-4));
    (att.data as Float32Array).forEach((a, k) => expect(Math.abs(a - fixture.attention[k]!)).toBeLessThan(1e-5));
    // padding gets no attention; each row's attention sums to one
    const a = att.data as Float32Array;
    expect(a[L]! + a[L + 1]!).toBeLessThan(1e-6);
    for (let b = 0; b < B; b++) expect(a.slice(b * L, (b + 1) * L).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    await session.release();
  });
});
