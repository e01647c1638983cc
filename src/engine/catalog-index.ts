/** The catalog held in the worker's memory: items, their embedding matrix and a keyword index. */
import { LexicalIndex } from '../core/lexical';
import type { CatalogItem } from '../core/types';
import { row } from '../core/vector';

export class CatalogIndex {
  readonly n: number;
  private readonly byId = new Map<string, number>();
  readonly lexical: LexicalIndex;

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
  }

  indexOf(id: string): number | undefined {
    return this.byId.get(id);
  }

  vectorOf(id: string): Float32Array | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : row(this.matrix, i, this.dim);
  }

  /** Copies the rows of `indices` into one contiguous matrix for the ranker. */
  gather(indices: readonly number[]): Float32Array {
    const out = new Float32Array(indices.length * this.dim);
    indices.forEach((idx, r) => out.set(row(this.matrix, idx, this.dim), r * this.dim));
    return out;
  }
}
