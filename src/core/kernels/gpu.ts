/**
 * Top-k retrieval on WebGPU: the catalog matrix is uploaded once and stays on the GPU. A query
 * is one command buffer of barrier-free passes (radix select on the scores' order-preserving
 * 32-bit keys):
 *
 *   1. score: one thread per row; writes the score and counts its key's top 16 bits (histogram)
 *   2. find the 16-bit bucket that holds the k-th best score (256 slice sums, then one scan)
 *   3. count the low 16 bits of the keys inside that bucket; find the exact k-th key T
 *   4. compact: every row with key ≥ T appends (score, index) through an atomic counter
 *
 * Only those candidates (k plus exact ties at T) are read back and ordered on the CPU by
 * (score desc, index asc), so the result equals the CPU path's exactly. No workgroupBarrier is
 * used: barrier-free passes with global atomics run the same on every adapter, and dispatch
 * boundaries order the passes.
 *
 * The device is passed in (the engine's own, or Dawn's in Node tests): no globals are read.
 * int8 scores are bit-identical to the CPU kernels (exact integer dot, an exact i32 → f32
 * split, correctly rounded products); f32 scores agree to float rounding (summation order).
 */
import { paddedStride, topKFromScores, type TopKResult } from './cpu';
import { SerialQueue } from '../serial-queue';
import { quantizeQuery } from './int8';

export interface GpuScoreIndex {
  readonly n: number;
  readonly dim: number;
  readonly kernel: 'webgpu-f32' | 'webgpu-int8';
  /** Bytes uploaded for the rows (plus scales). */
  readonly bytes: number;
  /**
   * The k best rows (k ≤ GPU_MAX_K). `exclude` lists row indices to leave out (uploaded per query
   * as a bit mask). Results best first, ties by lower index, like the CPU path.
   *
   * `query` may be a GPU buffer on the same device holding `dim` float32 values (the encoder's
   * output, left where it was computed; f32 index only). It is copied into place on the GPU and
   * read back with the results, in the same single readback, as `query`.
   */
  topK(query: Float32Array | GPUBuffer, k: number, exclude?: Iterable<number>): Promise<TopKResult & { query?: Float32Array }>;
  destroy(): void;
}

export type GpuIndexInput = { f32: Float32Array } | { int8: Int8Array; scales: Float32Array };

export const GPU_MAX_K = 4096;
const WG = 256;
const BINS = 65536;

// GPUBufferUsage / GPUMapMode values (spec constants), so this module reads no globals.
const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
const MAP_READ = 0x1;

// state[]: 0 need (k), 1 bucket B1, 2 still needed inside B1, 3 threshold key T, 4 count,
// 5 valid rows seen.
const COMMON = /* wgsl */ `
struct Params { n: u32, k: u32, stride: u32, cap: u32, qscale: f32, hasExclude: u32, rowsX: u32, pad: u32 }
@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> scores: array<f32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(3) var<storage, read_write> state: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read> excluded: array<u32>;

// Order-preserving key of a float: larger score, larger key.
fn keyOf(s: f32) -> u32 {
  let b = bitcast<u32>(s);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}
fn isValid(r: u32) -> bool {
  if (P.hasExclude != 0u && (excluded[r >> 5u] & (1u << (r & 31u))) != 0u) { return false; }
  let s = scores[r];
  return s == s; // NaN ranks nowhere
}
fn rowOf(g: vec3<u32>) -> u32 { return g.x + g.y * P.rowsX; }
`;

function scoreShader(form: 'f32' | 'int8'): string {
  const bindings =
    form === 'f32'
      ? `@group(0) @binding(5) var<storage, read> rows: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read> query: array<vec4<f32>>;`
      : `@group(0) @binding(5) var<storage, read> rows: array<u32>;
@group(0) @binding(6) var<storage, read> query: array<i32>;
@group(0) @binding(7) var<storage, read> rowScales: array<f32>;`;
  const score =
    form === 'f32'
      ? `fn score(r: u32) -> f32 {
  let w = P.stride / 4u;
  var acc = vec4<f32>(0.0);
  for (var j = 0u; j < w; j++) { acc += rows[r * w + j] * query[j]; }
  return (acc.x + acc.y) + (acc.z + acc.w);
}`
      : `fn score(r: u32) -> f32 {
  let w = P.stride / 4u;
  var acc = 0i;
  for (var j = 0u; j < w; j++) {
    let v = bitcast<i32>(rows[r * w + j]);
    let b = 4u * j;
    acc += extractBits(v, 0u, 8u) * query[b] + extractBits(v, 8u, 8u) * query[b + 1u]
         + extractBits(v, 16u, 8u) * query[b + 2u] + extractBits(v, 24u, 8u) * query[b + 3u];
  }
  // i32 -> f32 in two exact halves, so the rounding is the CPU's (round to nearest even).
  let d = f32(acc >> 16u) * 65536.0 + f32(acc & 0xffff);
  return (d * rowScales[r]) * P.qscale;
}`;
  return `${COMMON}
${bindings}
${score}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let r = rowOf(g);
  if (r >= P.n) { return; }
  scores[r] = score(r);
  if (isValid(r)) {
    atomicAdd(&hist[keyOf(scores[r]) >> 16u], 1u);
    atomicAdd(&state[5], 1u);
  }
}
`;
}

/** Shared passes: slice sums, scans, the second histogram and the compaction. */
const SELECT_WGSL = /* wgsl */ `${COMMON}
@group(0) @binding(5) var<storage, read_write> slices: array<u32>;
@group(0) @binding(6) var<storage, read_write> cand: array<vec2<u32>>;

// 256 threads: slices[t] = sum of hist[256 t .. 256 t + 255].
@compute @workgroup_size(${WG})
fn sliceSums(@builtin(local_invocation_id) l: vec3<u32>) {
  var s = 0u;
  for (var i = 0u; i < 256u; i++) { s += atomicLoad(&hist[l.x * 256u + i]); }
  slices[l.x] = s;
}

// One thread: the bucket (from the top) where the running count reaches need.
// Returns vec2(bucket, still needed inside it); bucket 0 and need 0 when fewer rows exist.
fn scan(need: u32) -> vec2<u32> {
  var cum = 0u;
  for (var t = 255i; t >= 0; t--) {
    let sl = slices[u32(t)];
    if (cum + sl >= need) {
      for (var b = 255i; b >= 0; b--) {
        let bin = u32(t) * 256u + u32(b);
        let h = atomicLoad(&hist[bin]);
        if (cum + h >= need) { return vec2<u32>(bin, need - cum); }
        cum += h;
      }
    }
    cum += sl;
  }
  return vec2<u32>(0u, 0u);
}

@compute @workgroup_size(1)
fn scan1() {
  let need = min(atomicLoad(&state[0]), atomicLoad(&state[5]));
  if (need == 0u) { atomicStore(&state[1], 0u); atomicStore(&state[2], 0u); return; }
  let r = scan(need);
  atomicStore(&state[1], r.x);
  atomicStore(&state[2], r.y);
}

// One thread per row: second-level histogram of the low 16 bits inside bucket B1.
@compute @workgroup_size(${WG})
fn hist2(@builtin(global_invocation_id) g: vec3<u32>) {
  let r = rowOf(g);
  if (r >= P.n || !isValid(r)) { return; }
  let key = keyOf(scores[r]);
  if ((key >> 16u) == atomicLoad(&state[1])) { atomicAdd(&hist[key & 0xffffu], 1u); }
}

@compute @workgroup_size(1)
fn scan2() {
  let need = atomicLoad(&state[2]);
  var low = 0u;
  if (need > 0u) { low = scan(need).x; }
  atomicStore(&state[3], (atomicLoad(&state[1]) << 16u) | low);
}

// One thread per row: rows with key >= T go to the candidate list.
@compute @workgroup_size(${WG})
fn compact(@builtin(global_invocation_id) g: vec3<u32>) {
  let r = rowOf(g);
  if (r >= P.n || !isValid(r)) { return; }
  if (keyOf(scores[r]) >= atomicLoad(&state[3])) {
    let at = atomicAdd(&state[4], 1u);
    if (at < P.cap) { cand[at] = vec2<u32>(bitcast<u32>(scores[r]), r); }
  }
}
`;

/** Workgroup grid for `rows` rows, one thread each, within the 65535-per-dimension limit. */
function rowGrid(rows: number): [number, number] {
  const groups = Math.max(1, Math.ceil(rows / WG));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x)];
}

/**
 * Uploads the rows to `device` and returns a GPU top-k index. Throws when the rows exceed the
 * device's storage-buffer binding limit (the caller falls back to the CPU index).
 */
export function createGpuIndex(device: GPUDevice, input: GpuIndexInput, n: number, dim: number): GpuScoreIndex {
  const form = 'f32' in input ? 'f32' : 'int8';
  const stride = paddedStride(dim, form === 'f32' ? 'f32' : 'int8');
  const rowBytes = form === 'f32' ? n * stride * 4 : n * stride;
  const limit = device.limits.maxStorageBufferBindingSize;
  if (rowBytes > limit) throw new RangeError(`${n} × ${dim} ${form} rows need ${rowBytes} bytes; this device binds at most ${limit}`);

  const storage = (size: number, extra = 0) => device.createBuffer({ size: Math.max(16, Math.ceil(size / 16) * 16), usage: USAGE.STORAGE | USAGE.COPY_DST | extra });
  const rows = storage(rowBytes);
  // Pad each row to the stride (zeros), in slices to bound the staging copy.
  const bytesPerRow = form === 'f32' ? stride * 4 : stride;
  const rowsPerSlice = Math.max(1, Math.floor((16 << 20) / bytesPerRow));
  for (let start = 0; start < n; start += rowsPerSlice) {
    const end = Math.min(n, start + rowsPerSlice);
    if (form === 'f32') {
      const src = (input as { f32: Float32Array }).f32;
      const buf = new Float32Array((end - start) * stride);
      for (let i = start; i < end; i++) buf.set(src.subarray(i * dim, (i + 1) * dim), (i - start) * stride);
      device.queue.writeBuffer(rows, start * bytesPerRow, buf);
    } else {
      const src = (input as { int8: Int8Array }).int8;
      const buf = new Int8Array((end - start) * stride);
      for (let i = start; i < end; i++) buf.set(src.subarray(i * dim, (i + 1) * dim), (i - start) * stride);
      device.queue.writeBuffer(rows, start * bytesPerRow, buf);
    }
  }
  let rowScales: GPUBuffer | undefined;
  if (form === 'int8') {
    rowScales = storage(n * 4);
    device.queue.writeBuffer(rowScales, 0, (input as { scales: Float32Array }).scales.slice(0, n));
  }
  const queryBuf = storage(stride * 4, USAGE.COPY_SRC);
  const excludeBuf = storage(Math.ceil(n / 32) * 4);
  const scoresBuf = storage(n * 4, USAGE.COPY_SRC);
  const hist = storage(BINS * 4);
  const state = storage(8 * 4, USAGE.COPY_SRC);
  const slices = storage(256 * 4);
  const cap = GPU_MAX_K * 2;
  const cand = storage(cap * 8, USAGE.COPY_SRC);
  // Readback layout: state (32 bytes), candidates, then the query when it came as a GPU buffer.
  const queryAt = 32 + cap * 8;
  const read = device.createBuffer({ size: queryAt + stride * 4, usage: USAGE.MAP_READ | USAGE.COPY_DST });
  const uniform = device.createBuffer({ size: 32, usage: USAGE.UNIFORM | USAGE.COPY_DST });

  const pipe = (code: string, entryPoint: string) => device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint } });
  const scorePipe = pipe(scoreShader(form), 'main');
  const select = device.createShaderModule({ code: SELECT_WGSL });
  const selPipe = (entryPoint: string) => device.createComputePipeline({ layout: 'auto', compute: { module: select, entryPoint } });
  // A query handed over in another GPU buffer (f32 index only) is copied in by a shader, not
  // copyBufferToBuffer: onnxruntime-web's output buffers are STORAGE | COPY_DST only.
  const copyQuery = form !== 'f32' ? null : pipe(
    `@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) { if (g.x < ${dim}u) { dst[g.x] = src[g.x]; } }`,
    'main',
  );
  const [sliceSums, scan1, hist2, scan2, compact] = ['sliceSums', 'scan1', 'hist2', 'scan2', 'compact'].map(selPipe) as [GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline, GPUComputePipeline];

  const common = [
    { binding: 0, resource: { buffer: uniform } },
    { binding: 1, resource: { buffer: scoresBuf } },
    { binding: 2, resource: { buffer: hist } },
    { binding: 3, resource: { buffer: state } },
    { binding: 4, resource: { buffer: excludeBuf } },
  ];
  // 'auto' layouts keep only the bindings an entry point uses.
  const bind = (p: GPUComputePipeline, used: number[], extra: GPUBindGroupEntry[]) =>
    device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [...common.filter((e) => used.includes(e.binding)), ...extra] });
  const scoreGroup = bind(scorePipe, [0, 1, 2, 3, 4], [
    { binding: 5, resource: { buffer: rows } },
    { binding: 6, resource: { buffer: queryBuf } },
    ...(rowScales ? [{ binding: 7, resource: { buffer: rowScales } }] : []),
  ]);
  const groups = {
    sliceSums: bind(sliceSums, [2], [{ binding: 5, resource: { buffer: slices } }]),
    scan1: bind(scan1, [2, 3], [{ binding: 5, resource: { buffer: slices } }]),
    hist2: bind(hist2, [0, 1, 2, 3, 4], []),
    scan2: bind(scan2, [2, 3], [{ binding: 5, resource: { buffer: slices } }]),
    compact: bind(compact, [0, 1, 3, 4], [{ binding: 6, resource: { buffer: cand } }]),
  };
  // One query at a time: the work buffers are shared.
  const runs = new SerialQueue();

  const run = async (query: Float32Array | GPUBuffer, k: number, exclude?: Iterable<number>): Promise<TopKResult & { query?: Float32Array }> => {
    const onGpu = !(query instanceof Float32Array);
    if (onGpu && form !== 'f32') throw new RangeError('an int8 index quantises the query on the CPU: pass a Float32Array');
    if (onGpu ? query.size < dim * 4 : query.length < dim) throw new RangeError(`the query is shorter than the index's dim ${dim}`);
    if (!Number.isInteger(k) || k < 0 || k > GPU_MAX_K) throw new RangeError(`k must be 0..${GPU_MAX_K}, got ${k}`);
    k = Math.min(k, n);
    if (k === 0) return { indices: new Int32Array(0), scores: new Float32Array(0) };
    let qscale = 0;
    if (onGpu) {
      // Copied in by the first pass below; the padding past dim stays zero.
    } else if (form === 'f32') {
      const q = new Float32Array(stride);
      q.set(query.subarray(0, dim));
      device.queue.writeBuffer(queryBuf, 0, q);
    } else {
      const { q, scale } = quantizeQuery(query, dim, stride);
      qscale = scale;
      device.queue.writeBuffer(queryBuf, 0, Int32Array.from(q));
    }
    let hasExclude = 0;
    if (exclude) {
      const mask = new Uint32Array(Math.ceil(n / 32));
      for (const i of exclude) {
        if (Number.isInteger(i) && i >= 0 && i < n) {
          mask[i >>> 5]! |= 1 << (i & 31);
          hasExclude = 1;
        }
      }
      if (hasExclude) device.queue.writeBuffer(excludeBuf, 0, mask);
    }
    const [gx, gy] = rowGrid(n);
    const raw = new ArrayBuffer(32);
    new Uint32Array(raw).set([n, k, stride, cap]);
    new Float32Array(raw, 16, 1)[0] = qscale;
    new Uint32Array(raw, 20, 2).set([hasExclude, gx * WG]);
    device.queue.writeBuffer(uniform, 0, raw);
    device.queue.writeBuffer(state, 0, new Uint32Array([k, 0, 0, 0, 0, 0, 0, 0]));

    const enc = device.createCommandEncoder();
    const step = (p: GPUComputePipeline, g: GPUBindGroup, x: number, y = 1) => {
      const pass = enc.beginComputePass();
      pass.setPipeline(p);
      pass.setBindGroup(0, g);
      pass.dispatchWorkgroups(x, y);
      pass.end();
    };
    if (onGpu) {
      const entries = [
        { binding: 0, resource: { buffer: query, size: dim * 4 } },
        { binding: 1, resource: { buffer: queryBuf } },
      ];
      step(copyQuery!, device.createBindGroup({ layout: copyQuery!.getBindGroupLayout(0), entries }), Math.ceil(dim / 64));
    }
    enc.clearBuffer(hist);
    step(scorePipe, scoreGroup, gx, gy);
    step(sliceSums, groups.sliceSums, 1);
    step(scan1, groups.scan1, 1);
    enc.clearBuffer(hist);
    step(hist2, groups.hist2, gx, gy);
    step(sliceSums, groups.sliceSums, 1);
    step(scan2, groups.scan2, 1);
    step(compact, groups.compact, gx, gy);
    enc.copyBufferToBuffer(state, 0, read, 0, 32);
    enc.copyBufferToBuffer(cand, 0, read, 32, cap * 8);
    if (onGpu) enc.copyBufferToBuffer(queryBuf, 0, read, queryAt, dim * 4);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(MAP_READ);
    const bytes = read.getMappedRange().slice(0);
    read.unmap();
    const q = onGpu ? { query: new Float32Array(bytes, queryAt, dim) } : {};
    const count = new Uint32Array(bytes, 0, 8)[4]!;
    let s: Float32Array;
    let ix: Uint32Array;
    if (count <= cap) {
      const c = new Uint32Array(bytes, 32, count * 2);
      s = new Float32Array(count);
      ix = new Uint32Array(count);
      const f = new Float32Array(c.buffer, c.byteOffset, count * 2);
      for (let i = 0; i < count; i++) {
        s[i] = f[2 * i]!;
        ix[i] = c[2 * i + 1]!;
      }
    } else {
      // More exact ties at the threshold than the candidate list holds: read every score.
      return { ...(await topKAll(k, exclude)), ...q };
    }
    const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => s[b]! - s[a]! || ix[a]! - ix[b]!);
    const m = Math.min(k, count);
    const indices = new Int32Array(m);
    const out = new Float32Array(m);
    for (let r = 0; r < m; r++) {
      indices[r] = ix[order[r]!]!;
      out[r] = s[order[r]!]!;
    }
    return { indices, scores: out, ...q };
  };

  /** Fallback: read all scores back and select on the CPU. */
  const topKAll = async (k: number, exclude?: Iterable<number>): Promise<TopKResult> => {
    const rb = device.createBuffer({ size: Math.max(16, n * 4), usage: USAGE.MAP_READ | USAGE.COPY_DST });
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(scoresBuf, 0, rb, 0, n * 4);
    device.queue.submit([enc.finish()]);
    await rb.mapAsync(MAP_READ);
    const all = new Float32Array(rb.getMappedRange(0, n * 4).slice(0));
    rb.destroy();
    const ex = exclude ? new Set(exclude) : undefined;
    return topKFromScores(all, k, ex);
  };

  return {
    n,
    dim,
    kernel: form === 'f32' ? 'webgpu-f32' : 'webgpu-int8',
    bytes: rowBytes + (rowScales ? n * 4 : 0),
    topK: (query, k, exclude) => runs.run(() => run(query, k, exclude)),
    destroy() {
      for (const b of [rows, rowScales, queryBuf, excludeBuf, scoresBuf, hist, state, slices, cand, read, uniform]) b?.destroy();
    },
  };
}
