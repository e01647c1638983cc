/** The catalog held in the worker's memory: items, their embedding matrix and a keyword index. */
import { createCpuIndex, type CpuScoreIndex } from '../core/kernels/cpu';
import { LexicalIndex } from '../core/lexical';
import { CAND_FEATS, candFeatures } from '../core/ranker-features';
import type { CatalogItem } from '../core/types';
import { row } from '../core/vector';

export class CatalogIndex {
  readonly n: number;
  private readonly byId = new Map<string, number>();
  readonly lexical: LexicalIndex;
  /** Dense top-k over all rows: the WASM SIMD kernel, or vectorised JS where WASM SIMD is missing. */
  private readonly scorer: CpuScoreIndex;

  constructor(
    readonly items: readonly CatalogItem[],
    /** Hash of each item's embedded text, aligned with `items`: lets re-ingests reuse vectors. */
    readonly textHashes: readonly string[],
    /** Row-major n×dim unit vectors, aligned with `items`. */
    readonly matrix: Float32Array,
    readonly dim: number,
    readonly version: string,
    readonly source: string,
  ) {
    this.n = items.length;
    items.forEach((it, i) => this.byId.set(it.id, i));
    this.lexical = new LexicalIndex(items);
    this.scorer = createCpuIndex({ f32: matrix }, this.n, dim);
  }

  /** Row indices of the k items nearest to `probe` by dot product, best first. */
  nearest(probe: Float32Array, k: number, exclude?: ReadonlySet<number>): number[] {
    return Array.from(this.scorer.topK(probe, k, exclude).indices);
  }

  get kernel(): string {
    return this.scorer.kernel;
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  vectorOf(id: string): Float32Array | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : row(this.matrix, i, this.dim);
  }

  private sideFeatures: Float32Array | null = null;

  /** The trained ranker's side features of `indices` (popularity and price, catalog-normalised). */
  candidateFeatures(indices: readonly number[]): Float32Array {
    this.sideFeatures ??= candFeatures(
      this.items.map((it) => Math.max(0, it.popularity ?? 0)),
      this.items.map((it) => it.price),
    );
    const all = this.sideFeatures;
    const out = new Float32Array(indices.length * CAND_FEATS);
    indices.forEach((idx, r) => out.set(all.subarray(idx * CAND_FEATS, (idx + 1) * CAND_FEATS), r * CAND_FEATS));
    return out;
  }

  /** Copies the rows of `indices` into one contiguous matrix for the ranker. */
  gather(indices: readonly number[]): Float32Array {
    const out = new Float32Array(indices.length * this.dim);
    indices.forEach((idx, r) => out.set(row(this.matrix, idx, this.dim), r * this.dim));
    return out;
  }
}
