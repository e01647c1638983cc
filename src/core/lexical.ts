import MiniSearch from 'minisearch';
import type { CatalogItem } from './types';

/**
 * Keyword retrieval (BM25 with prefix and typo tolerance, via MiniSearch). Dense retrieval
 * misses exact tokens such as model numbers and brands; hybrid retrieval takes both.
 */
export class LexicalIndex {
  private readonly index = new MiniSearch<CatalogItem>({
    fields: ['title', 'category', 'brand', 'description'],
    // Split on anything that is not a letter or digit: MiniSearch's default keeps symbols such
    // as < = > inside tokens, so "…=1>Evil" would never match "evil".
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0),
    searchOptions: { boost: { title: 3, brand: 2, category: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  });

  constructor(items: readonly CatalogItem[]) {
    this.index.addAll(items);
  }

  /** Top matches with scores scaled so the best is 1. */
  search(query: string, limit: number): { id: string; score: number }[] {
    const hits = this.index.search(query).slice(0, limit);
    const best = hits[0]?.score ?? 1;
    return hits.map((h) => ({ id: String(h.id), score: h.score / best }));
  }
}
