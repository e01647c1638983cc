/** Dense vector maths over typed arrays (row-major matrices). */

export function dot(a: Float32Array, b: Float32Array, bOffset = 0, dim = a.length): number {
  return dotAt(a, 0, b, bOffset, dim);
}

/**
 * a[aOff .. aOff+dim] · b[bOff .. bOff+dim]. Hot loops call this small kernel many times
 * rather than inlining the loop: V8 optimises a function by call count, and a big loop
 * nest called once per request stayed in the baseline tier (~20× slower, measured).
 */
export function dotAt(a: Float32Array, aOff: number, b: Float32Array, bOff: number, dim: number): number {
  let s = 0;
  for (let i = 0; i < dim; i++) s += a[aOff + i]! * b[bOff + i]!;
  return s;
}

/** Scales `v` (in place) to unit length; a zero vector stays zero. Returns v. */
export function l2Normalize(v: Float32Array, offset = 0, dim = v.length - offset): Float32Array {
  let s = 0;
  for (let i = 0; i < dim; i++) s += v[offset + i]! * v[offset + i]!;
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let i = 0; i < dim; i++) v[offset + i]! *= inv;
  return v;
}

/** out[i] = matrix[i, :] · q for the n rows of an n×dim matrix. */
export function matVec(matrix: Float32Array, n: number, dim: number, q: Float32Array, out = new Float32Array(n)): Float32Array {
  for (let i = 0; i < n; i++) out[i] = dotAt(matrix, i * dim, q, 0, dim);
  return out;
}

/** outᵀ = vᵀ M for an rows×cols matrix M: out has `cols` entries. */
export function vecMat(v: Float32Array, m: Float32Array, rows: number, cols: number, out = new Float32Array(cols)): Float32Array {
  out.fill(0);
  for (let r = 0, off = 0; r < rows; r++, off += cols) {
    const vr = v[r]!;
    if (vr === 0) continue;
    for (let c = 0; c < cols; c++) out[c]! += vr * m[off + c]!;
  }
  return out;
}

/** Row `i` of an n×dim matrix as a view (no copy). */
export function row(matrix: Float32Array, i: number, dim: number): Float32Array {
  return matrix.subarray(i * dim, (i + 1) * dim);
}

/**
 * Indices of the k largest scores, best first. A size-k min-heap keeps this O(n log k),
 * which matters when n is the whole catalog and k is a small candidate pool.
 * `skip` excludes indices (e.g. items the shopper already has).
 */
export function topK(scores: ArrayLike<number>, k: number, skip?: (i: number) => boolean): number[] {
  return selectTop(scores, k, scores.length, (j) => j, skip);
}

/** topK over some indices only, `among[0 .. count)` in any order (e.g. the documents a query touched). */
export function topKAmong(scores: ArrayLike<number>, among: ArrayLike<number>, count: number, k: number): number[] {
  return selectTop(scores, k, count, (j) => among[j]!);
}

function selectTop(scores: ArrayLike<number>, k: number, count: number, at: (j: number) => number, skip?: (i: number) => boolean): number[] {
  const heap: number[] = [];
  // "a ranks below b": lower score, or an equal score at a later index, so ties keep the
  // earliest indices like a stable sort would.
  const less = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let j = 0; j < count; j++) {
    const i = at(j);
    if (Number.isNaN(scores[i]) || skip?.(i)) continue;
    if (heap.length < k) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0; ) {
        const p = (c - 1) >> 1;
        if (!less(heap[c]!, heap[p]!)) break;
        [heap[c], heap[p]] = [heap[p]!, heap[c]!];
        c = p;
      }
    } else if (k > 0 && less(heap[0]!, i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => scores[b]! - scores[a]! || a - b);
}
