/**
 * Top-k retrieval over an n × dim matrix on the CPU: a WASM SIMD kernel (score.wat) with a
 * typed-array JS fallback, both followed by a size-k heap. Memory-bandwidth bound: one pass
 * over the rows per query. Two storage forms:
 *
 * - f32: rows as float32 (4 bytes/dim).
 * - int8: rows as int8 with one float32 scale per row (the shard format's int8 encoding,
 *   1 byte/dim). The query is quantised to int16 with one scale, the dot products are exact
 *   integer sums, so the WASM, JS and WebGPU paths return bit-identical scores:
 *   score_i = fround(fround(fround(dot_i) · scale_i) · qscale).
 */
import { SCORE_WASM_BASE64 } from './score-wasm';
import { quantizeQuery } from './int8';

export interface TopKResult {
  /** Row indices, best first (ties: lower index first). */
  indices: Int32Array;
  scores: Float32Array;
}

/** Rows to leave out: a set of row indices or a predicate. */
export type Exclude = ReadonlySet<number> | ((i: number) => boolean);

export type CpuKernel = 'wasm-f32' | 'wasm-int8' | 'js-f32' | 'js-int8';

export interface CpuScoreIndex {
  readonly n: number;
  readonly dim: number;
  readonly kernel: CpuKernel;
  /** The k best rows by dot product with `query` (length dim). */
  topK(query: Float32Array, k: number, exclude?: Exclude): TopKResult;
  /** All n scores (a view valid until the next call). */
  scores(query: Float32Array): Float32Array;
  /** Bytes held for the rows (plus scales), excluding the per-query buffers. */
  readonly bytes: number;
}

export type CpuIndexInput = { f32: Float32Array } | { int8: Int8Array; scales: Float32Array };

export interface CpuIndexOptions {
  /** `auto` (default) uses WASM SIMD when the engine validates the module, else JS. */
  backend?: 'auto' | 'wasm' | 'js';
}

// ---------------------------------------------------------------------------------------------
// k-heap

/**
 * The k largest entries of `scores` (NaN and excluded rows skipped), best first, ties broken by
 * the lower index like a stable sort. A min-heap on typed arrays: O(n log k), and the common case
 * (a score below the heap's minimum) is one comparison.
 */
export function topKFromScores(scores: Float32Array, k: number, exclude?: Exclude, n = scores.length): TopKResult {
  k = Math.max(0, Math.min(k, n));
  const hs = new Float32Array(k);
  const hi = new Int32Array(k);
  const isExcluded = exclude === undefined ? undefined : typeof exclude === 'function' ? exclude : (i: number) => exclude.has(i);
  let size = 0;
  // "a ranks below b": lower score, or equal score and later index.
  const below = (sa: number, ia: number, sb: number, ib: number) => sa < sb || (sa === sb && ia > ib);
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (size === k) {
      // Equal scores at a later index never displace the root (ties keep the earliest).
      if (!(s > hs[0]!)) continue;
    } else if (s !== s) continue; // NaN
    if (isExcluded?.(i)) continue;
    if (size < k) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!below(s, i, hs[p]!, hi[p]!)) break;
        hs[c] = hs[p]!;
        hi[c] = hi[p]!;
        c = p;
      }
      hs[c] = s;
      hi[c] = i;
    } else {
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= k) break;
        const r = l + 1;
        const m = r < k && below(hs[r]!, hi[r]!, hs[l]!, hi[l]!) ? r : l;
        if (!below(hs[m]!, hi[m]!, s, i)) break;
        hs[c] = hs[m]!;
        hi[c] = hi[m]!;
        c = m;
      }
      hs[c] = s;
      hi[c] = i;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) => hs[b]! - hs[a]! || hi[a]! - hi[b]!);
  const indices = new Int32Array(size);
  const out = new Float32Array(size);
  order.forEach((j, r) => {
    indices[r] = hi[j]!;
    out[r] = hs[j]!;
  });
  return { indices, scores: out };
}

// ---------------------------------------------------------------------------------------------
// Row layout (shared with the GPU kernel).

/** Row padding: f32 rows to 16 floats, int8 rows to 32 bytes (the WASM loop's unroll). */
export function paddedStride(dim: number, form: 'f32' | 'int8'): number {
  const m = form === 'f32' ? 16 : 32;
  return Math.ceil(dim / m) * m;
}

// ---------------------------------------------------------------------------------------------
// JS kernels. Small per-row functions: V8 optimises by call count (see core/vector.ts).
// dotF32 and dotI8 are twins on purpose: one generic function over both array types would be
// polymorphic and slower in the hot loop.

function dotF32(m: Float32Array, off: number, q: Float32Array, dim: number): number {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    a0 += m[off + j]! * q[j]!;
    a1 += m[off + j + 1]! * q[j + 1]!;
    a2 += m[off + j + 2]! * q[j + 2]!;
    a3 += m[off + j + 3]! * q[j + 3]!;
  }
  for (; j < dim; j++) a0 += m[off + j]! * q[j]!;
  return a0 + a1 + a2 + a3;
}

function dotI8(m: Int8Array, off: number, q: Int16Array, dim: number): number {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  let j = 0;
  for (; j + 3 < dim; j += 4) {
    a0 += m[off + j]! * q[j]!;
    a1 += m[off + j + 1]! * q[j + 1]!;
    a2 += m[off + j + 2]! * q[j + 2]!;
    a3 += m[off + j + 3]! * q[j + 3]!;
  }
  for (; j < dim; j++) a0 += m[off + j]! * q[j]!;
  return a0 + a1 + a2 + a3;
}

export function scoreF32Js(matrix: Float32Array, n: number, dim: number, query: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < n; i++) out[i] = dotF32(matrix, i * dim, query, dim);
  return out;
}

export function scoreI8Js(int8: Int8Array, scales: Float32Array, n: number, dim: number, q: Int16Array, qscale: number, out: Float32Array): Float32Array {
  const f = Math.fround;
  for (let i = 0; i < n; i++) out[i] = f(f(dotI8(int8, i * dim, q, dim)) * scales[i]!) * qscale;
  return out;
}

// ---------------------------------------------------------------------------------------------
// WASM

interface WasmExports {
  score_f32(mat: number, q: number, out: number, n: number, stride: number): void;
  score_i8(mat: number, scales: number, q: number, qscale: number, out: number, n: number, stride: number): void;
}

let wasmModule: WebAssembly.Module | null | undefined;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The compiled kernel module, or null where WASM SIMD is unavailable. Tiny, so compiled synchronously. */
export function wasmSimdModule(): WebAssembly.Module | null {
  if (wasmModule !== undefined) return wasmModule;
  try {
    const bytes = decodeBase64(SCORE_WASM_BASE64);
    wasmModule = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    wasmModule = null;
  }
  return wasmModule;
}

const PAGE = 65536;
const align = (x: number, a: number) => Math.ceil(x / a) * a;

function wasmInstance(bytes: number): { exports: WasmExports; memory: WebAssembly.Memory } {
  const mod = wasmSimdModule();
  if (!mod) throw new Error('WASM SIMD is not available here');
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) });
  const inst = new WebAssembly.Instance(mod, { env: { memory } });
  return { exports: inst.exports as unknown as WasmExports, memory };
}

// ---------------------------------------------------------------------------------------------
// Index

function checkInput(input: CpuIndexInput, n: number, dim: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) throw new RangeError(`bad shape ${n} × ${dim}`);
  if ('f32' in input) {
    if (input.f32.length < n * dim) throw new RangeError(`f32 matrix has ${input.f32.length} values, need ${n} × ${dim}`);
  } else if (input.int8.length < n * dim || input.scales.length < n) throw new RangeError(`int8 matrix or scales too short for ${n} × ${dim}`);
}

/**
 * A CPU top-k index over rows copied from `input` (the caller's arrays are not kept).
 * WASM: rows padded to the kernel's stride in one linear memory (n·stride·4 bytes for f32,
 * n·(stride + 4) for int8).
 */
export function createCpuIndex(input: CpuIndexInput, n: number, dim: number, opts: CpuIndexOptions = {}): CpuScoreIndex {
  checkInput(input, n, dim);
  const backend = opts.backend ?? 'auto';
  const useWasm = backend === 'wasm' || (backend === 'auto' && wasmSimdModule() !== null);
  if (backend === 'wasm' && !wasmSimdModule()) throw new Error('WASM SIMD is not available here');
  const out = new Float32Array(n);
  const check = (query: Float32Array) => {
    if (query.length < dim) throw new RangeError(`query has ${query.length} values; the index has dim ${dim}`);
  };

  if ('f32' in input) {
    if (!useWasm) {
      const matrix = input.f32.slice(0, n * dim);
      return {
        n, dim, kernel: 'js-f32', bytes: matrix.byteLength,
        scores(query) {
          check(query);
          return scoreF32Js(matrix, n, dim, query, out);
        },
        topK(query, k, exclude) {
          return topKFromScores(this.scores(query), k, exclude, n);
        },
      };
    }
    const stride = paddedStride(dim, 'f32');
    const matBytes = n * stride * 4;
    const qOff = align(matBytes, 16);
    const outOff = qOff + stride * 4;
    const { exports, memory } = wasmInstance(outOff + n * 4 + 16);
    const mem = new Float32Array(memory.buffer);
    for (let i = 0; i < n; i++) mem.set(input.f32.subarray(i * dim, (i + 1) * dim), i * stride);
    const qView = new Float32Array(memory.buffer, qOff, stride);
    const scores = new Float32Array(memory.buffer, outOff, n);
    return {
      n, dim, kernel: 'wasm-f32', bytes: matBytes,
      scores(query) {
        check(query);
        qView.set(query.subarray(0, dim));
        exports.score_f32(0, qOff, outOff, n, stride);
        return scores;
      },
      topK(query, k, exclude) {
        return topKFromScores(this.scores(query), k, exclude, n);
      },
    };
  }

  const stride = paddedStride(dim, 'int8');
  if (!useWasm) {
    const int8 = input.int8.slice(0, n * dim);
    const scales = input.scales.slice(0, n);
    const q16 = new Int16Array(dim);
    return {
      n, dim, kernel: 'js-int8', bytes: int8.byteLength + scales.byteLength,
      scores(query) {
        check(query);
        const { q, scale } = quantizeQuery(query, dim, stride, q16);
        return scoreI8Js(int8, scales, n, dim, q, scale, out);
      },
      topK(query, k, exclude) {
        return topKFromScores(this.scores(query), k, exclude, n);
      },
    };
  }
  const matBytes = n * stride;
  const scOff = align(matBytes, 16);
  const qOff = scOff + align(n * 4, 16);
  const outOff = qOff + stride * 2;
  const { exports, memory } = wasmInstance(outOff + n * 4 + 16);
  const mem = new Int8Array(memory.buffer);
  if (stride === dim) mem.set(input.int8.subarray(0, n * dim), 0);
  else for (let i = 0; i < n; i++) mem.set(input.int8.subarray(i * dim, (i + 1) * dim), i * stride);
  new Float32Array(memory.buffer, scOff, n).set(input.scales.subarray(0, n));
  const qView = new Int16Array(memory.buffer, qOff, stride);
  const scores = new Float32Array(memory.buffer, outOff, n);
  return {
    n, dim, kernel: 'wasm-int8', bytes: matBytes + n * 4,
    scores(query) {
      check(query);
      const { scale } = quantizeQuery(query, dim, stride, qView);
      exports.score_i8(0, scOff, qOff, scale, outOff, n, stride);
      return scores;
    },
    topK(query, k, exclude) {
      return topKFromScores(this.scores(query), k, exclude, n);
    },
  };
}
