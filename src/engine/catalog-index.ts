/** The catalog held in the worker's memory: items, their embedding matrix and a keyword index. */
import { coocInput, type CoocTable } from '../core/cooc';
import { similarityThreshold } from '../core/explain';
import { knnScores, type RecommendFit } from '../core/recommend-mix';
import { createCpuIndex, type CpuScoreIndex } from '../core/kernels/cpu';
import { createGpuIndex, GPU_MAX_K, type GpuScoreIndex } from '../core/kernels/gpu';
import { LexicalIndex } from '../core/lexical';
import { quantizeInt8 } from '../core/kernels/int8';
import { CAND_FEATS, candFeatures } from '../core/ranker-features';
import type { SearchFusion } from '../core/search-fusion';
import type { CatalogItem } from '../core/types';
import { row } from '../core/vector';

/** From this many items on, dense retrieval scores int8 rows (bench:scale: 0.91 vs 2.48 ms at 100k). */
export const INT8_RETRIEVAL_FROM = 20_000;

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
    // Large catalogs score candidates on int8 rows (2.7× faster at 100k, recall@100 ≈ 0.99); the
    // ranker still reads the exact f32 rows of the ~100 candidates.
    this.scorer = createCpuIndex(this.n >= INT8_RETRIEVAL_FROM ? quantizeInt8(matrix, this.n, dim) : { f32: matrix }, this.n, dim);
  }

  /** The WGSL kernel, when retrieval runs on the GPU (the matrix uploaded once, kept there). */
  private gpu: GpuScoreIndex | null = null;
  /** The catalog manifest's fitted search fusion (`alcove fit-search`); it wins over the model's. */
  searchFusion: SearchFusion | null = null;
  /** Why retrieval runs where it does, for status(). */
  retrievalReason = 'CPU: no GPU device';

  /** Row indices of the k items nearest to `probe` by dot product, best first. */
  async nearest(probe: Float32Array, k: number, exclude?: ReadonlySet<number>): Promise<number[]> {
    if (this.gpu && k <= GPU_MAX_K) {
      try {
        return Array.from((await this.gpu.topK(probe, k, exclude)).indices);
      } catch (e) {
        this.gpuFailed(e);
      }
    }
    return Array.from(this.scorer.topK(probe, k, exclude).indices);
  }

  /**
   * Dense top-k for a query embedding that is still in GPU memory on the retrieval kernel's
   * device (see Encoder.embedQueryOnGpu): returns the rows and the query itself, read back
   * together. Null when retrieval does not run on the GPU or the kernel failed (then on the CPU).
   */
  async nearestOnGpu(query: GPUBuffer, k: number, exclude?: ReadonlySet<number>): Promise<{ indices: number[]; query: Float32Array } | null> {
    if (!this.gpu || this.gpu.kernel !== 'webgpu-f32' || k > GPU_MAX_K) return null;
    try {
      const r = await this.gpu.topK(query, k, exclude);
      return r.query ? { indices: Array.from(r.indices), query: r.query } : null;
    } catch (e) {
      this.gpuFailed(e);
      return null;
    }
  }

  /** A lost device or a failed readback: retrieval moves to the CPU kernel, which has the same rows. */
  private gpuFailed(e: unknown): void {
    this.dropGpu(`CPU: the GPU kernel failed (${e instanceof Error ? e.message : String(e)})`);
  }

  /** Whether dense retrieval runs on the GPU (so a query embedding can stay there). */
  get onGpu(): boolean {
    return this.gpu !== null;
  }

  get kernel(): string {
    return this.gpu?.kernel ?? this.scorer.kernel;
  }

  /**
   * Moves retrieval to `device` (policy `gpu`), or times both kernels on a few probes from the
   * catalog itself and keeps the faster (`auto`): dispatch and readback make the GPU lose on
   * small catalogs and on software adapters, and win on large ones.
   */
  async routeRetrieval(device: GPUDevice, policy: 'auto' | 'gpu', k: number): Promise<void> {
    this.dropGpu(this.retrievalReason);
    let gpu: GpuScoreIndex;
    try {
      gpu = createGpuIndex(device, { f32: this.matrix }, this.n, this.dim);
    } catch (e) {
      this.retrievalReason = `CPU: the catalog does not fit the GPU kernel (${e instanceof Error ? e.message : String(e)})`;
      return;
    }
    const probes = [0, Math.floor(this.n / 2), this.n - 1].map((i) => row(this.matrix, i, this.dim));
    const time = async (f: (p: Float32Array) => unknown): Promise<number> => {
      await f(probes[0]!); // warm-up: pipelines, upload, JIT
      const t = performance.now();
      for (const p of probes) await f(p);
      return (performance.now() - t) / probes.length;
    };
    try {
      const gpuMs = await time((p) => gpu.topK(p, k));
      const cpuMs = await time((p) => this.scorer.topK(p, k));
      const timing = `${gpu.kernel} ${gpuMs.toFixed(2)} ms vs ${this.scorer.kernel} ${cpuMs.toFixed(2)} ms per top-${k} over ${this.n} items`;
      if (policy === 'gpu' || gpuMs < cpuMs) {
        this.gpu = gpu;
        this.retrievalReason = policy === 'gpu' ? `GPU: forced by config (${timing})` : `GPU: faster here (${timing})`;
      } else {
        gpu.destroy();
        this.retrievalReason = `CPU: faster here (${timing})`;
      }
    } catch (e) {
      gpu.destroy();
      this.retrievalReason = `CPU: the GPU kernel failed (${e instanceof Error ? e.message : String(e)})`;
    }
  }

  dropGpu(reason: string): void {
    this.gpu?.destroy();
    this.gpu = null;
    this.retrievalReason = reason;
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

  private cooc: { table: CoocTable; rowOf: Map<string, number>; catalogIndex: Int32Array } | null = null;
  /** sha-256 of the attached co-occurrence table file, null without one. */
  coocSha256: string | null = null;
  /** How "for you" mixes its signals on this catalog (fitted by the catalog builder with the table), or null. */
  recommendFit: RecommendFit | null = null;
  /** The shop's best sellers (aggregate, from the catalog builder), most popular first: cold start. */
  popular: readonly string[] = [];

  setCooc(table: CoocTable | null, sha256: string | null, fit: RecommendFit | null = null, popular: readonly string[] = []): void {
    this.cooc = table
      ? { table, rowOf: new Map(table.ids.map((id, i) => [id, i])), catalogIndex: Int32Array.from(table.ids, (id) => this.byId.get(id) ?? -1) }
      : null;
    this.coocSha256 = table ? sha256 : null;
    this.recommendFit = table ? fit : null;
    this.popular = table ? popular : [];
  }

  /** Item-kNN over the table for a history (oldest first): catalog index → score; empty without a table. */
  knn(historyIds: readonly string[], decay: number): Map<number, number> {
    const out = new Map<number, number>();
    if (!this.cooc) return out;
    const { table, rowOf, catalogIndex } = this.cooc;
    for (const [r, s] of knnScores(table, historyIds.map((id) => rowOf.get(id)), decay)) {
      const i = catalogIndex[r]!;
      if (i >= 0) out.set(i, s);
    }
    return out;
  }

  /** Per item, how many neighbours it has in the table (a support count: items bought with many others). */
  coocDegree(): Float32Array | null {
    if (!this.cooc) return null;
    const { table, catalogIndex } = this.cooc;
    const out = new Float32Array(this.n);
    catalogIndex.forEach((i, r) => {
      if (i >= 0) out[i] = table.offsets[r + 1]! - table.offsets[r]!;
    });
    return out;
  }

  private threshold: number | null = null;
  /** Cosine above which two items of this catalog count as alike (explanations). */
  get linkThreshold(): number {
    this.threshold ??= similarityThreshold(this.matrix, this.n, this.dim);
    return this.threshold;
  }

  /** Neighbour pairs in the attached co-occurrence table (0 without one). */
  get coocPairs(): number {
    return this.cooc?.table.neighbours.length ?? 0;
  }

  /** The trained ranker's co-occurrence input (history × candidates), or undefined without a table. */
  historyCooc(historyIds: readonly string[], candidates: readonly number[]): Float32Array | undefined {
    if (!this.cooc) return undefined;
    const { table, rowOf } = this.cooc;
    return coocInput(table, (id) => rowOf.get(id), historyIds, candidates.map((i) => this.items[i]!.id));
  }

  /** Copies the rows of `indices` into one contiguous matrix for the ranker. */
  gather(indices: readonly number[]): Float32Array {
    const out = new Float32Array(indices.length * this.dim);
    indices.forEach((idx, r) => out.set(row(this.matrix, idx, this.dim), r * this.dim));
    return out;
  }
}
