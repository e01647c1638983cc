import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SeedRanker, parseSeedRanker, type RankInput, type SeedRankerWeights } from '../../src/core/ranker.js';
import { dot64, randVec, rng } from './fixtures/core-rng.js';

const DIM = 8, HIDDEN = 5, N = 7;
const TOL = 1e-5;

function randomWeights(seed: number, mix: SeedRankerWeights['mix'] = { relevance: 0.7, lexical: 0.3, cross: 0.45, dnn: 0.9 }): SeedRankerWeights {
  const r = rng(seed);
  return {
    id: `rand-${seed}`,
    dim: DIM,
    hidden: HIDDEN,
    trained: true,
    untrainedParts: [],
    W: randVec(r, DIM * 2 * DIM, 0.5),
    b: randVec(r, DIM, 0.5),
    W1: randVec(r, HIDDEN * 3 * DIM, 0.5),
    b1: randVec(r, HIDDEN, 0.3),
    W2: randVec(r, HIDDEN),
    b2: Math.fround(r() - 0.5),
    mix,
  };
}

/**
 * The founding formulation, literally, in float64 and with no algebraic folding:
 *   z = [q; p];  z' = W z + b;  s = cᵀ z';  D = W2 · relu(W1 [q; p; c] + b1) + b2
 *   score = mix.relevance·(q·p) + mix.lexical·lex + mix.cross·s + mix.dnn·D
 * Missing q / c / lexical are zeros.
 */
function naiveScores(w: SeedRankerWeights, input: RankInput) {
  const d = w.dim;
  const q = Array.from(input.query ?? new Float32Array(d));
  const c = Array.from(input.interest ?? new Float32Array(d));
  const out = { score: [] as number[], relevance: [] as number[], cross: [] as number[], dnn: [] as number[] };
  for (let i = 0; i < input.n; i++) {
    const p = Array.from(input.candidates.subarray(i * d, (i + 1) * d));
    const z = [...q, ...p];
    const zp = Array.from({ length: d }, (_, r) => z.reduce((s, zj, j) => s + w.W[r * 2 * d + j]! * zj, 0) + w.b[r]!);
    const s = dot64(c, zp);
    const x = [...q, ...p, ...c];
    const h = Array.from({ length: w.hidden }, (_, k) => Math.max(0, x.reduce((acc, xj, j) => acc + w.W1[k * 3 * d + j]! * xj, 0) + w.b1[k]!));
    const D = dot64(w.W2, h) + w.b2;
    const rel = dot64(q, p);
    const lex = input.lexical?.[i] ?? 0;
    out.relevance.push(rel);
    out.cross.push(s);
    out.dnn.push(D);
    out.score.push(w.mix.relevance * rel + w.mix.lexical * lex + w.mix.cross * s + w.mix.dnn * D);
  }
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: number[], tol = TOL) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= tol)) throw new Error(`index ${i}: got ${actual[i]}, expected ${expected[i]} (|diff| ${diff} > ${tol})`);
  }
}

function maxDiff(a: ArrayLike<number>, b: number[]): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

function makeInput(seed: number, parts: { query: boolean; interest: boolean; lexical: boolean }): RankInput {
  const r = rng(seed);
  const input: RankInput = { dim: DIM, candidates: randVec(r, N * DIM), n: N };
  if (parts.query) input.query = randVec(r, DIM);
  if (parts.interest) input.interest = randVec(r, DIM);
  if (parts.lexical) input.lexical = Float32Array.from({ length: N }, () => r());
  return input;
}

describe('SeedRanker equals the literal founding formulation', () => {
  const combos = [
    { query: true, interest: true, lexical: true },
    { query: true, interest: true, lexical: false },
    { query: false, interest: true, lexical: false }, // for-you
    { query: true, interest: false, lexical: true }, // search, no history
    { query: false, interest: false, lexical: false },
    { query: false, interest: true, lexical: true },
  ];

  for (const [ci, parts] of combos.entries()) {
    it(`query=${parts.query} interest=${parts.interest} lexical=${parts.lexical}`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const w = randomWeights(seed * 10 + ci);
        const input = makeInput(seed * 100 + ci, parts);
        const got = new SeedRanker(w).score(input);
        const want = naiveScores(w, input);
        expectClose(got.score, want.score);
        expectClose(got.relevance, want.relevance);
        expectClose(got.cross, want.cross);
        expectClose(got.dnn, want.dnn);
      }
    });
  }

  it('exercises both sides of the ReLU on the inputs above (so D is really tested)', () => {
    let active = 0, inactive = 0;
    for (const [ci, parts] of combos.entries()) {
      for (let seed = 1; seed <= 5; seed++) {
        const w = randomWeights(seed * 10 + ci);
        const input = makeInput(seed * 100 + ci, parts);
        const q = input.query ?? new Float32Array(DIM), c = input.interest ?? new Float32Array(DIM);
        for (let i = 0; i < N; i++) {
          const x = [...q, ...input.candidates.subarray(i * DIM, (i + 1) * DIM), ...c];
          for (let k = 0; k < HIDDEN; k++) {
            const a = x.reduce((s, xj, j) => s + w.W1[k * 3 * DIM + j]! * xj, 0) + w.b1[k]!;
            if (a > 0) active++;
            else inactive++;
          }
        }
      }
    }
    expect(active).toBeGreaterThan(100);
    expect(inactive).toBeGreaterThan(100);
  });

  it('uses each mix weight for its own part', () => {
    const base = randomWeights(5);
    const input = makeInput(6, { query: true, interest: true, lexical: true });
    const only = (k: keyof SeedRankerWeights['mix']) => ({ relevance: 0, lexical: 0, cross: 0, dnn: 0, [k]: 1 });
    const full = naiveScores(base, input);
    expectClose(new SeedRanker({ ...base, mix: only('relevance') }).score(input).score, full.relevance);
    expectClose(new SeedRanker({ ...base, mix: only('cross') }).score(input).score, full.cross);
    expectClose(new SeedRanker({ ...base, mix: only('dnn') }).score(input).score, full.dnn);
    expectClose(new SeedRanker({ ...base, mix: only('lexical') }).score(input).score, Array.from(input.lexical!));
  });

  // Mutation checks: the reference is independent of the implementation, so a ranker built with
  // wrongly laid-out weights must disagree with it by far more than the tolerance.
  it('would catch swapped W_q / W_p halves or swapped W1 blocks', () => {
    const w = randomWeights(21);
    const input = makeInput(22, { query: true, interest: true, lexical: false });
    const want = naiveScores(w, input);

    const Wswapped = new Float32Array(w.W.length);
    for (let r = 0; r < DIM; r++) {
      Wswapped.set(w.W.subarray(r * 2 * DIM + DIM, (r + 1) * 2 * DIM), r * 2 * DIM);
      Wswapped.set(w.W.subarray(r * 2 * DIM, r * 2 * DIM + DIM), r * 2 * DIM + DIM);
    }
    expect(maxDiff(new SeedRanker({ ...w, W: Wswapped }).score(input).cross, want.cross)).toBeGreaterThan(1e-2);

    const W1swapped = new Float32Array(w.W1.length);
    for (let k = 0; k < HIDDEN; k++) {
      const o = k * 3 * DIM;
      W1swapped.set(w.W1.subarray(o + DIM, o + 2 * DIM), o); // p block where q goes
      W1swapped.set(w.W1.subarray(o, o + DIM), o + DIM); // q block where p goes
      W1swapped.set(w.W1.subarray(o + 2 * DIM, o + 3 * DIM), o + 2 * DIM);
    }
    expect(maxDiff(new SeedRanker({ ...w, W1: W1swapped }).score(input).dnn, want.dnn)).toBeGreaterThan(1e-2);

    // Transposed W (z' = Wᵀ-ish indexing) must also be caught.
    const Wt = new Float32Array(w.W.length);
    for (let r = 0; r < DIM; r++) for (let j = 0; j < 2 * DIM; j++) Wt[r * 2 * DIM + j] = w.W[((r * 2 * DIM + j) * 7) % w.W.length]!;
    expect(maxDiff(new SeedRanker({ ...w, W: Wt }).score(input).cross, want.cross)).toBeGreaterThan(1e-2);
  });

  it('throws RangeError when the input dim does not match', () => {
    const w = randomWeights(1);
    expect(() => new SeedRanker(w).score({ dim: 4, candidates: new Float32Array(4), n: 1 })).toThrow(RangeError);
  });

  it('exposes id, dim, trained and untrainedParts from the weights', () => {
    const w = { ...randomWeights(2), trained: false, untrainedParts: ['D'] };
    const r = new SeedRanker(w);
    expect([r.id, r.dim, r.trained, r.untrainedParts]).toEqual(['rand-2', DIM, false, ['D']]);
  });

  it('returns empty arrays for n = 0', () => {
    const out = new SeedRanker(randomWeights(3)).score({ dim: DIM, candidates: new Float32Array(0), n: 0 });
    expect([out.score.length, out.relevance.length, out.cross.length, out.dnn.length]).toEqual([0, 0, 0, 0]);
  });
});

// ---- parseSeedRanker ---------------------------------------------------------------------------

type Manifest = {
  format: string;
  id: string;
  dim: number;
  hidden: number;
  trained: boolean;
  untrained?: string[];
  mix?: Partial<SeedRankerWeights['mix']>;
  tensors: Record<string, { offset: number; shape: number[] }>;
};

/** Packs weights into a manifest + little-endian float32 blob, in a shuffled order with gaps. */
function pack(w: SeedRankerWeights): { manifest: Manifest; bin: ArrayBuffer } {
  const d = w.dim, h = w.hidden;
  const parts: [string, Float32Array, number[]][] = [
    ['b2', Float32Array.of(w.b2), [1]],
    ['W1', w.W1, [h, 3 * d]],
    ['b', w.b, [d]],
    ['W', w.W, [d, 2 * d]],
    ['W2', w.W2, [h]],
    ['b1', w.b1, [h]],
  ];
  const tensors: Manifest['tensors'] = {};
  let offset = 3; // leading gap
  for (const [name, data, shape] of parts) {
    tensors[name] = { offset, shape };
    offset += data.length + 2; // gap between tensors
  }
  const all = new Float32Array(offset).fill(-7);
  for (const [name, data] of parts) all.set(data, tensors[name]!.offset);
  // Serialise explicitly little-endian, independent of the host.
  const bin = new ArrayBuffer(all.length * 4);
  const view = new DataView(bin);
  all.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return {
    manifest: { format: 'alcove-seed-ranker', id: w.id, dim: d, hidden: h, trained: w.trained, untrained: w.untrainedParts, mix: w.mix, tensors },
    bin,
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('parseSeedRanker', () => {
  const w = { ...randomWeights(31), trained: false, untrainedParts: ['D (output layer zero)', 'mix'] };

  it('round-trips a manifest + float32 buffer', () => {
    const { manifest, bin } = pack(w);
    const p = parseSeedRanker(clone(manifest), bin);
    expect(p.id).toBe(w.id);
    expect([p.dim, p.hidden, p.trained]).toEqual([DIM, HIDDEN, false]);
    expect(p.untrainedParts).toEqual(w.untrainedParts);
    expect(p.mix).toEqual(w.mix);
    for (const k of ['W', 'b', 'W1', 'b1', 'W2'] as const) {
      expect(p[k]).toBeInstanceOf(Float32Array);
      expect(Array.from(p[k])).toEqual(Array.from(w[k]));
    }
    expect(p.b2).toBe(w.b2);
    const input = makeInput(32, { query: true, interest: true, lexical: true });
    expect(Array.from(new SeedRanker(p).score(input).score)).toEqual(Array.from(new SeedRanker(w).score(input).score));
  });

  it('copies tensors out of the buffer', () => {
    const { manifest, bin } = pack(w);
    const p = parseSeedRanker(manifest, bin);
    new Float32Array(bin).fill(0);
    expect(Array.from(p.W)).toEqual(Array.from(w.W));
  });

  it('defaults mix to relevance only, trained to false, untrained to []', () => {
    const { manifest, bin } = pack({ ...w, trained: true });
    delete manifest.mix;
    delete manifest.untrained;
    const p = parseSeedRanker({ ...manifest, trained: 'yes' }, bin);
    expect(p.mix).toEqual({ relevance: 1, lexical: 0, cross: 0, dnn: 0 });
    expect(p.trained).toBe(false);
    expect(p.untrainedParts).toEqual([]);
  });

  it('rejects a wrong format or a non-object manifest with TypeError', () => {
    const { manifest, bin } = pack(w);
    expect(() => parseSeedRanker({ ...manifest, format: 'onnx' }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker({ ...manifest, format: undefined }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker(null, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker('alcove-seed-ranker', bin)).toThrow(TypeError);
  });

  it('rejects bad dim / hidden / missing tensors table with TypeError', () => {
    const { manifest, bin } = pack(w);
    expect(() => parseSeedRanker({ ...manifest, dim: 8.5 }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker({ ...manifest, dim: 0 }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker({ ...manifest, hidden: -1 }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker({ ...manifest, hidden: 'five' }, bin)).toThrow(TypeError);
    expect(() => parseSeedRanker({ ...manifest, tensors: undefined }, bin)).toThrow(TypeError);
  });

  it('rejects a wrong tensor shape or a missing tensor with RangeError', () => {
    const { manifest, bin } = pack(w);
    const m1 = clone(manifest);
    m1.tensors['W']!.shape = [2 * DIM, DIM]; // transposed
    expect(() => parseSeedRanker(m1, bin)).toThrow(/ranker tensor W must have shape 8x16/);
    const m2 = clone(manifest);
    m2.tensors['W1']!.shape = [HIDDEN, 2 * DIM];
    expect(() => parseSeedRanker(m2, bin)).toThrow(RangeError);
    const m3 = clone(manifest);
    delete m3.tensors['b1'];
    expect(() => parseSeedRanker(m3, bin)).toThrow(/b1/);
    // The manifest's dim disagrees with the tensors.
    expect(() => parseSeedRanker({ ...clone(manifest), dim: DIM + 1 }, bin)).toThrow(RangeError);
  });

  it('rejects out-of-range offsets with RangeError', () => {
    const { manifest, bin } = pack(w);
    const total = bin.byteLength / 4;
    const neg = clone(manifest);
    neg.tensors['b']!.offset = -1;
    expect(() => parseSeedRanker(neg, bin)).toThrow(/outside the weights file/);
    const past = clone(manifest);
    past.tensors['W']!.offset = total - DIM * 2 * DIM + 1; // one float past the end
    expect(() => parseSeedRanker(past, bin)).toThrow(RangeError);
    const atEnd = clone(manifest);
    atEnd.tensors['b2']!.offset = total; // zero floats left
    expect(() => parseSeedRanker(atEnd, bin)).toThrow(RangeError);
    // Exactly at the end is fine.
    const exact = clone(manifest);
    exact.tensors['b2']!.offset = total - 1;
    expect(() => parseSeedRanker(exact, bin)).not.toThrow();
  });

  // Regression: a missing offset once passed the range check and produced an empty tensor (NaN scores).
  it('rejects a tensor entry whose offset is missing', () => {
    const { manifest, bin } = pack(w);
    const m = clone(manifest) as unknown as { tensors: Record<string, { offset?: number }> };
    delete m.tensors['W']!.offset;
    expect(() => parseSeedRanker(m, bin)).toThrow();
  });

  it('rejects NaN / Infinity in a tensor with RangeError', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const { manifest, bin } = pack(w);
      new DataView(bin).setFloat32((manifest.tensors['W1']!.offset + 4) * 4, bad, true);
      expect(() => parseSeedRanker(manifest, bin)).toThrow(/W1 has non-finite values/);
    }
    // A NaN in a gap between tensors is not part of any tensor and is harmless.
    const { manifest, bin } = pack(w);
    new DataView(bin).setFloat32(0, NaN, true);
    expect(() => parseSeedRanker(manifest, bin)).not.toThrow();
  });

  it('rejects a buffer whose length is not a multiple of 4', () => {
    const { manifest, bin } = pack(w);
    for (const extra of [1, 2, 3]) {
      const odd = new Uint8Array(bin.byteLength + extra);
      odd.set(new Uint8Array(bin));
      expect(() => parseSeedRanker(manifest, odd.buffer)).toThrow(/not float32/);
    }
  });
});

// ---- the shipped seed ranker -------------------------------------------------------------------

describe('shipped seed-v0 ranker', () => {
  const dir = fileURLToPath(new URL('../../public/ranker/seed-v0/', import.meta.url));
  const manifest = JSON.parse(readFileSync(`${dir}ranker.json`, 'utf8')) as unknown;
  const bin = new Uint8Array(readFileSync(`${dir}weights.bin`)).buffer;
  const w = parseSeedRanker(manifest, bin);
  const d = w.dim;

  it('parses, untrained, with W = [I | I], b = 0, W2 = 0, b2 = 0', () => {
    expect(w.id).toBe('seed-v0');
    expect(w.trained).toBe(false);
    expect(w.untrainedParts.length).toBeGreaterThan(0);
    expect(w.W.length).toBe(d * 2 * d);
    for (let r = 0; r < d; r++) {
      for (let j = 0; j < 2 * d; j++) {
        const expected = j === r || j === r + d ? 1 : 0;
        if (w.W[r * 2 * d + j] !== expected) throw new Error(`W[${r},${j}] = ${w.W[r * 2 * d + j]}, expected ${expected}`);
      }
    }
    expect(w.b.every((x) => x === 0)).toBe(true);
    expect(w.W2.every((x) => x === 0)).toBe(true);
    expect(w.b2).toBe(0);
    expect(w.W1.length).toBe(w.hidden * 3 * d);
  });

  it('for-you (no query) scores reduce to mix.cross · c·(q + p) with q = 0', () => {
    const r = rng(41);
    const n = 20;
    const c = randVec(r, d), candidates = randVec(r, n * d);
    const out = new SeedRanker(w).score({ dim: d, interest: c, candidates, n });
    for (let i = 0; i < n; i++) {
      const p = candidates.subarray(i * d, (i + 1) * d);
      expect(out.score[i]).toBeCloseTo(w.mix.cross * dot64(c, p), 4);
      expect(out.dnn[i]).toBe(0);
      expect(out.relevance[i]).toBe(0);
    }
  });

  it('with a query: score = mix.relevance·q·p + mix.lexical·lex + mix.cross·c·(q + p)', () => {
    const r = rng(42);
    const n = 20;
    const q = randVec(r, d), c = randVec(r, d), candidates = randVec(r, n * d);
    const lexical = Float32Array.from({ length: n }, () => r());
    const out = new SeedRanker(w).score({ dim: d, query: q, interest: c, candidates, n, lexical });
    for (let i = 0; i < n; i++) {
      const p = Array.from(candidates.subarray(i * d, (i + 1) * d));
      const qp = p.map((x, j) => x + q[j]!);
      const want = w.mix.relevance * dot64(q, p) + w.mix.lexical * lexical[i]! + w.mix.cross * dot64(c, qp);
      expect(out.score[i]).toBeCloseTo(want, 4);
      expect(out.cross[i]).toBeCloseTo(dot64(c, qp), 4);
    }
  });
});
