/**
 * int8 quantisation of the catalog rows (the int8 scoring kernels' input and the catalog's
 * int8 embedding blocks) and of the query (int16, for the integer dot product).
 *
 * Rows are symmetric per vector: q = round(v / s) with s = max|v| / 127, v ≈ q · s.
 * For unit vectors of dim 128 the cosine to the float32 original is ≥ 0.9999 (tested ≥ 0.999).
 */

/** Symmetric per-vector int8 quantisation of rows of `matrix` (count × dim). */
export function quantizeInt8(matrix: Float32Array, count: number, dim: number): { scales: Float32Array; int8: Int8Array } {
  const scales = new Float32Array(count);
  const int8 = new Int8Array(count * dim);
  for (let r = 0; r < count; r++) {
    const off = r * dim;
    let m = 0;
    for (let j = 0; j < dim; j++) m = Math.max(m, Math.abs(matrix[off + j]!));
    const s = m > 0 ? m / 127 : 0;
    scales[r] = s;
    if (s === 0) continue;
    const inv = 1 / Math.fround(s);
    for (let j = 0; j < dim; j++) int8[off + j] = Math.max(-127, Math.min(127, Math.round(matrix[off + j]! * inv)));
  }
  return { scales, int8 };
}

export function dequantizeInt8(scales: Float32Array, int8: Int8Array, count: number, dim: number, out = new Float32Array(count * dim)): Float32Array {
  for (let r = 0; r < count; r++) {
    const s = scales[r]!;
    for (let j = 0, off = r * dim; j < dim; j++) out[off + j] = int8[off + j]! * s;
  }
  return out;
}

/**
 * The query as int16 with one scale, bounded so that stride · 127 · max|q| < 2^31: the integer
 * dot product can never overflow an i32, in any summation order.
 */
export function quantizeQuery(query: Float32Array, dim: number, stride: number, out = new Int16Array(stride)): { q: Int16Array; scale: number } {
  const qmax = Math.min(32767, Math.floor((2 ** 31 - 1) / (stride * 127)));
  let m = 0;
  for (let j = 0; j < dim; j++) m = Math.max(m, Math.abs(query[j]!));
  out.fill(0);
  if (!(m > 0) || !Number.isFinite(m)) return { q: out, scale: 0 };
  const scale = Math.fround(m / qmax);
  const inv = qmax / m;
  for (let j = 0; j < dim; j++) out[j] = Math.max(-qmax, Math.min(qmax, Math.round(query[j]! * inv)));
  return { q: out, scale };
}
