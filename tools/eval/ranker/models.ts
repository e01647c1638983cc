/** Scorers compared by eval-ranker: each fills scores[b*n + i] for a batch of cases. */
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { interestVector } from '../../../src/core/interest';
import { parseSeedRanker, SeedRanker } from '../../../src/core/ranker';
import type { BehaviourEvent } from '../../../src/core/types';
import { topK } from '../../../src/core/vector';
import type { Case, Dataset } from './data';
import { buildCooc, COOC_TOP_K } from '../../../src/core/cooc';
import { CAND_FEATS, COOC_WINDOW, HIST_FEATS, histFeatures, syntheticTimes } from '../../../src/core/ranker-features';

export interface Scorer {
  name: string;
  /** Hyper-parameter grid tuned on valid (each value a variant); default one variant. */
  variants?: string[];
  score(cases: Case[], scores: Float32Array, variant?: string): void | Promise<void>;
}

export function trainCounts(ds: Dataset): Float32Array {
  const c = new Float32Array(ds.items.length);
  for (const t of ds.train) for (const i of t.seq) c[i]! += 1;
  return c;
}

export function popularity(counts: Float32Array): Scorer {
  return {
    name: 'popularity',
    score(cases, s) {
      for (let b = 0; b < cases.length; b++) s.set(counts, b * counts.length);
    },
  };
}

/**
 * Item-kNN over training sequences: co-occurrence within a window, cosine-normalised
 * (C_ab / sqrt(n_a n_b)), history items weighted by decay^(events after it).
 */
const coocCache = new WeakMap<Dataset, Map<number, Float32Array>>();

/**
 * Item co-occurrence similarity from the training sequences (aggregate statistics): C_ab = times a
 * and b occur within `win` events of each other (either order, a != b), n_a = occurrences of a;
 * sim(a, b) = C_ab / sqrt(n_a n_b). Dense n×n. Same definition as training/ranker/data.py (Cooc).
 */
export function coocMatrix(ds: Dataset, win: number): Float32Array {
  const n = ds.items.length;
  let mats = coocCache.get(ds);
  if (!mats) coocCache.set(ds, (mats = new Map()));
  {
    let m = mats.get(win);
    if (m) return m;
    m = new Float32Array(n * n);
    const occ = new Float32Array(n);
    for (const t of ds.train) {
      const s = t.seq;
      for (let a = 0; a < s.length; a++) {
        occ[s[a]!]! += 1;
        for (let b = a + 1; b < Math.min(s.length, a + 1 + win); b++) {
          const x = s[a]!;
          const y = s[b]!;
          if (x === y) continue;
          m[x * n + y]! += 1;
          m[y * n + x]! += 1;
        }
      }
    }
    for (let x = 0; x < n; x++) for (let y = 0; y < n; y++) if (m[x * n + y]) m[x * n + y]! /= Math.sqrt(occ[x]! * occ[y]!);
    mats.set(win, m);
    return m;
  }
}

/** The co-occurrence table the catalog builder ships for these training sequences, densified (n×n). */
function shippedCooc(ds: Dataset): Float32Array {
  const n = ds.items.length;
  const t = buildCooc(ds.items.map((it) => it.id), ds.train.map((s) => s.seq), COOC_WINDOW, COOC_TOP_K);
  const m = new Float32Array(n * n);
  for (let a = 0; a < n; a++) for (let k = t.offsets[a]!; k < t.offsets[a + 1]!; k++) m[a * n + t.neighbours[k]!] = t.sims[k]!;
  return m;
}

export function itemKnn(ds: Dataset): Scorer {
  const n = ds.items.length;
  const build = (win: number) => coocMatrix(ds, win);
  return {
    name: 'item-kNN CF',
    variants: ['win=3,decay=0.5', 'win=3,decay=0.8', 'win=10,decay=0.5', 'win=10,decay=0.8', 'win=1000,decay=0.8', 'win=1000,decay=1'],
    score(cases, s, variant = 'win=10,decay=0.8') {
      const [win, decay] = variant.split(',').map((kv) => Number(kv.split('=')[1]));
      const m = build(win!);
      s.fill(0);
      cases.forEach((c, b) => {
        const o = b * n;
        for (let j = 0; j < c.hist.length; j++) {
          const w = Math.pow(decay!, c.hist.length - 1 - j);
          const r = c.hist[j]! * n;
          for (let i = 0; i < n; i++) s[o + i]! += w * m[r + i]!;
        }
        // ties (items never co-occurring) fall back to popularity, tiny weight
      });
    },
  };
}

function matTimesVec(emb: Float32Array, n: number, dim: number, v: Float32Array, out: Float32Array, off: number): void {
  for (let i = 0; i < n; i++) {
    let d = 0;
    const r = i * dim;
    for (let k = 0; k < dim; k++) d += emb[r + k]! * v[k]!;
    out[off + i] = d;
  }
}

export function textCosine(emb: Float32Array, dim: number): Scorer {
  const n = emb.length / dim;
  return {
    name: 'text-only cosine',
    score(cases, s) {
      const v = new Float32Array(dim);
      cases.forEach((c, b) => {
        v.fill(0);
        for (const j of c.hist) for (let k = 0; k < dim; k++) v[k]! += emb[j * dim + k]!;
        matTimesVec(emb, n, dim, v, s, b * n);
      });
    },
  };
}

function events(c: Case, ds: Dataset): { ev: BehaviourEvent[]; now: number } {
  const t = c.ts && c.now !== null ? { ts: c.ts, now: c.now } : syntheticTimes(c.hist.length);
  return { ev: c.hist.map((i, j) => ({ type: c.types[j]!, itemId: ds.items[i]!.id, ts: t.ts[j]! })), now: t.now };
}

/**
 * The seed formulation as the engine runs it for "for you": C(u) from src/core/interest
 * (default event weights, 3-day half-life), dense top-100 by cᵀp excluding the history, then
 * the shipped seed-v0 SeedRanker (src/core/ranker) on those candidates; every other item keeps
 * cᵀp, below them. Full ranking: every item gets a score.
 */
export function seedRanker(ds: Dataset, emb: Float32Array, dim: number, dir: string): Scorer {
  const n = emb.length / dim;
  const w = parseSeedRanker(JSON.parse(readFileSync(`${dir}/ranker.json`, 'utf8')), new Uint8Array(readFileSync(`${dir}/weights.bin`)).slice().buffer);
  const ranker = new SeedRanker(w);
  const index = new Map(ds.items.map((it, i) => [it.id, i]));
  const lookup = (id: string) => emb.subarray(index.get(id)! * dim, index.get(id)! * dim + dim);
  return {
    name: 'seed formulation (seed-v0)',
    score(cases, s) {
      cases.forEach((c, b) => {
        const { ev, now } = events(c, ds);
        const it = interestVector(ev, lookup, dim, now);
        const o = b * n;
        if (!it.vector) return void s.fill(0, o, o + n);
        matTimesVec(emb, n, dim, it.vector, s, o);
        const hist = new Set(c.hist);
        const cand = topK(s.subarray(o, o + n), 100, (i) => hist.has(i));
        const candEmb = new Float32Array(cand.length * dim);
        cand.forEach((i, r) => candEmb.set(emb.subarray(i * dim, (i + 1) * dim), r * dim));
        const r = ranker.score({ dim, interest: it.vector, candidates: candEmb, n: cand.length });
        let lo = Infinity;
        for (let i = 0; i < cand.length; i++) lo = Math.min(lo, r.score[i]!);
        let hi = -Infinity;
        for (let i = 0; i < n; i++) hi = Math.max(hi, s[o + i]!);
        // put the re-ranked candidates above everything else, keeping their ranker order
        cand.forEach((i, k) => (s[o + i] = hi + 1 + (r.score[k]! - lo)));
      });
    },
  };
}

export interface OnnxRankerInfo {
  path: string;
  manifest: Record<string, any>;
}

/** The exported ranker graph (see docs/ranker.md for its inputs and outputs), on onnxruntime-web wasm. */
/** `noCooc`: feed an all-zero hist_cand_cooc, i.e. a catalog without a co-occurrence table (what the engine has today). */
export async function onnxRanker(name: string, onnxPath: string, ds: Dataset, emb: Float32Array, dim: number, candFeat: Float32Array, useIds: boolean, noCooc = false, maxHist = 50): Promise<Scorer> {
  if (!existsSync(onnxPath)) throw new Error(`missing ${onnxPath}`);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(onnxPath), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const n = emb.length / dim;
  const withCooc = session.inputNames.includes('hist_cand_cooc');
  // The table as it ships (alcove build-catalog --events): top COOC_TOP_K neighbours per item.
  const cooc = withCooc && !noCooc ? shippedCooc(ds) : null;
  const candIds = new BigInt64Array(n);
  if (useIds) for (let i = 0; i < n; i++) candIds[i] = BigInt(i + 1);
  const candTensors = {
    cand_emb: new ort.Tensor('float32', emb, [n, dim]),
    cand_ids: new ort.Tensor('int64', candIds, [n]),
    cand_feat: new ort.Tensor('float32', candFeat, [n, CAND_FEATS]),
  };
  return {
    name,
    async score(cases, s) {
      const B = cases.length;
      const L = Math.max(1, Math.min(maxHist, Math.max(...cases.map((c) => c.hist.length))));
      const he = new Float32Array(B * L * dim);
      const hi = new BigInt64Array(B * L);
      const hf = new Float32Array(B * L * HIST_FEATS);
      const hm = new Float32Array(B * L);
      const tmp = new Float32Array(L * HIST_FEATS);
      const hc = withCooc ? new Float32Array(B * L * n) : null;
      cases.forEach((c, b) => {
        const k = Math.min(L, c.hist.length);
        const hist = c.hist.slice(-k);
        const pad = L - k; // right-aligned: the most recent event is at position L-1
        tmp.fill(0);
        histFeatures(c.types.slice(-k), c.ts ? c.ts.slice(-k) : null, c.now, tmp, 0);
        hf.set(tmp.subarray(0, k * HIST_FEATS), (b * L + pad) * HIST_FEATS);
        hist.forEach((i, j) => {
          const p = b * L + pad + j;
          he.set(emb.subarray(i * dim, (i + 1) * dim), p * dim);
          if (useIds) hi[p] = BigInt(i + 1);
          hm[p] = 1;
          if (hc && cooc) hc.set(cooc.subarray(i * n, (i + 1) * n), p * n);
        });
      });
      const out = await session.run({
        hist_emb: new ort.Tensor('float32', he, [B, L, dim]),
        hist_ids: new ort.Tensor('int64', hi, [B, L]),
        hist_feat: new ort.Tensor('float32', hf, [B, L, HIST_FEATS]),
        hist_mask: new ort.Tensor('float32', hm, [B, L]),
        ...candTensors,
        ...(hc ? { hist_cand_cooc: new ort.Tensor('float32', hc, [B, L, n]) } : {}),
      });
      s.set(out['scores']!.data as Float32Array);
    },
  };
}
