/**
 * The aggregate item-to-item co-occurrence table the trained ranker reads (`hist_cand_cooc`):
 *   sim(a, b) = C_ab / sqrt(n_a · n_b)
 * C_ab counts a and b within `window` events of each other in one shopper's sequence (either
 * order, a ≠ b), n_a counts a's events. The catalog builder computes it from a merchant's
 * aggregate logs and ships the top neighbours of each item: statistics over many shoppers,
 * nothing about one. Same definition as training/ranker/data.py (Cooc) and the evaluator.
 *
 * File (little-endian): u32 header length · header JSON (format, version, window, topK, ids) ·
 * zero padding to 4 bytes · offsets u32[n + 1] · neighbours u32[nnz] · sims f32[nnz], where
 * item i's neighbours are neighbours[offsets[i] .. offsets[i + 1]), best first.
 */
export const COOC_FORMAT = 'alcove-cooc';
/** Neighbours kept per item by the catalog builder (the evaluator scores the ranker with the same cut). */
export const COOC_TOP_K = 100;

export interface CoocTable {
  window: number;
  topK: number;
  /** Item ids, in table order (neighbours index into this list). */
  ids: readonly string[];
  offsets: Uint32Array;
  neighbours: Uint32Array;
  sims: Float32Array;
}

/**
 * Builds the table from per-shopper sequences of item indices (0 ≤ index < ids.length), each in
 * time order. Memory grows with the number of distinct co-occurring pairs, not with n².
 */
export function buildCooc(ids: readonly string[], sequences: Iterable<readonly number[]>, window: number, topK: number): CoocTable {
  const n = ids.length;
  const occ = new Float64Array(n);
  const pairs: (Map<number, number> | undefined)[] = new Array(n);
  const bump = (a: number, b: number) => {
    const m = (pairs[a] ??= new Map());
    m.set(b, (m.get(b) ?? 0) + 1);
  };
  for (const seq of sequences) {
    for (let i = 0; i < seq.length; i++) {
      const a = seq[i]!;
      if (!(a >= 0 && a < n)) throw new RangeError(`sequence item ${a} is outside the catalog (${n} items)`);
      occ[a]! += 1;
      for (let j = i + 1; j < Math.min(seq.length, i + 1 + window); j++) {
        const b = seq[j]!;
        if (a === b) continue;
        bump(a, b);
        bump(b, a);
      }
    }
  }
  const offsets = new Uint32Array(n + 1);
  const nbr: number[] = [];
  const sim: number[] = [];
  for (let a = 0; a < n; a++) {
    const m = pairs[a];
    if (m) {
      const best = [...m].map(([b, c]) => [b, c / Math.sqrt(occ[a]! * occ[b]!)] as const).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      for (const [b, s] of best.slice(0, topK)) nbr.push(b), sim.push(s);
    }
    offsets[a + 1] = nbr.length;
  }
  return { window, topK, ids, offsets, neighbours: Uint32Array.from(nbr), sims: Float32Array.from(sim) };
}

export function encodeCooc(t: CoocTable): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify({ format: COOC_FORMAT, version: 1, window: t.window, topK: t.topK, ids: t.ids }));
  const start = Math.ceil((4 + header.length) / 4) * 4;
  const nnz = t.neighbours.length;
  const out = new Uint8Array(start + 4 * (t.offsets.length + 2 * nnz));
  const view = new DataView(out.buffer);
  view.setUint32(0, header.length, true);
  out.set(header, 4);
  let o = start;
  for (const x of t.offsets) view.setUint32(o, x, true), (o += 4);
  for (const x of t.neighbours) view.setUint32(o, x, true), (o += 4);
  for (const x of t.sims) view.setFloat32(o, x, true), (o += 4);
  return out;
}

/** Parses and checks a table file; throws RangeError/TypeError naming what is wrong. */
export function decodeCooc(bytes: Uint8Array): CoocTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4) throw new RangeError('co-occurrence file is truncated');
  const hLen = view.getUint32(0, true);
  if (4 + hLen > bytes.byteLength) throw new RangeError('co-occurrence header runs past the end of the file');
  let header: { format?: unknown; version?: unknown; window?: unknown; topK?: unknown; ids?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + hLen))) as typeof header;
  } catch {
    throw new TypeError('co-occurrence header is not JSON');
  }
  if (header.format !== COOC_FORMAT || header.version !== 1) throw new TypeError(`not an ${COOC_FORMAT} v1 file`);
  if (!Array.isArray(header.ids) || !header.ids.every((x) => typeof x === 'string')) throw new TypeError('co-occurrence header needs ids: string[]');
  const window = Number(header.window);
  const topK = Number(header.topK);
  if (!(window >= 1) || !(topK >= 1)) throw new RangeError('co-occurrence header needs window ≥ 1 and topK ≥ 1');
  const n = header.ids.length;
  const start = Math.ceil((4 + hLen) / 4) * 4;
  const words = (bytes.byteLength - start) / 4;
  const nnz = (words - (n + 1)) / 2;
  if (!Number.isInteger(nnz) || nnz < 0) throw new RangeError('co-occurrence body has the wrong length for its header');
  const u32 = (off: number, len: number) => {
    const a = new Uint32Array(len);
    for (let i = 0; i < len; i++) a[i] = view.getUint32(start + 4 * (off + i), true);
    return a;
  };
  const offsets = u32(0, n + 1);
  const neighbours = u32(n + 1, nnz);
  const sims = new Float32Array(nnz);
  for (let i = 0; i < nnz; i++) sims[i] = view.getFloat32(start + 4 * (n + 1 + nnz + i), true);
  if (offsets[0] !== 0 || offsets[n] !== nnz || offsets.some((x, i) => i > 0 && x < offsets[i - 1]!)) throw new RangeError('co-occurrence offsets are not a valid index');
  if (neighbours.some((b) => b >= n)) throw new RangeError('co-occurrence neighbour outside the table');
  if (sims.some((s) => !(s >= 0 && s <= 1))) throw new RangeError('co-occurrence similarity outside [0, 1]');
  return { window, topK, ids: header.ids as string[], offsets, neighbours, sims };
}

/**
 * The ranker's hist_cand_cooc input for one shopper: L×N, sim(history item j, candidate n), 0 where
 * the table has no entry. `rowOf` maps an item id to its table row.
 */
export function coocInput(t: CoocTable, rowOf: (id: string) => number | undefined, historyIds: readonly string[], candidateIds: readonly string[]): Float32Array {
  const L = historyIds.length;
  const N = candidateIds.length;
  const out = new Float32Array(L * N);
  const col = new Map<number, number>();
  candidateIds.forEach((id, c) => {
    const r = rowOf(id);
    if (r !== undefined) col.set(r, c);
  });
  historyIds.forEach((id, j) => {
    const r = rowOf(id);
    if (r === undefined) return;
    for (let k = t.offsets[r]!; k < t.offsets[r + 1]!; k++) {
      const c = col.get(t.neighbours[k]!);
      if (c !== undefined) out[j * N + c] = t.sims[k]!;
    }
  });
  return out;
}
