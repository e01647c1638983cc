/**
 * A judged search set in the generic format `eval:search` and `alcove fit-search` read: a catalog
 * (JSON Lines, CSV or JSON rows: id, title, optional text or description, category, brand, price)
 * and a judgments CSV with header query,item,relevance (graded gain, 0 = judged not relevant).
 */
import type { CatalogItem } from '../core/types';
import { validateCatalogRow } from '../core/validate';
import { formatOf, readRows } from './read-rows';

export interface SearchCase {
  /** Lower-cased, trimmed. */
  query: string;
  /** Graded gain per judged item index (0 = judged not relevant). */
  gains: Map<number, number>;
}

/** Catalog rows as the engine takes them (`text` is the description); an invalid row is an error here. */
export function catalogItems(rows: readonly unknown[], where: string): CatalogItem[] {
  return rows.map((o, n) => {
    const { text, ...rest } = (o ?? {}) as Record<string, unknown>;
    const r = validateCatalogRow(text === undefined ? rest : { description: text, ...rest }, n + 1);
    if ('rejection' in r) throw new RangeError(`${where} row ${n + 1}: ${r.rejection.field}: ${r.rejection.message}`);
    return r.item;
  });
}

/** Judgment rows → one case per query (first-seen order); rows naming unknown items are an error. */
export function casesFrom(rows: readonly (readonly [string, string, number])[], items: readonly CatalogItem[], where: string): SearchCase[] {
  const index = new Map(items.map((it, i) => [it.id, i]));
  const byQuery = new Map<string, Map<number, number>>();
  rows.forEach(([query, item, gain], n) => {
    const i = index.get(item);
    if (i === undefined) throw new RangeError(`${where} row ${n + 2}: item ${JSON.stringify(item)} is not in the catalog`);
    if (!Number.isFinite(gain) || gain < 0) throw new RangeError(`${where} row ${n + 2}: relevance must be a number >= 0`);
    const q = query.trim().toLowerCase();
    if (q === '') throw new RangeError(`${where} row ${n + 2}: empty query`);
    if (!byQuery.has(q)) byQuery.set(q, new Map());
    byQuery.get(q)!.set(i, gain);
  });
  return [...byQuery].map(([query, gains]) => ({ query, gains }));
}

async function allRows(path: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of readRows(path, formatOf(path))) {
    if (r.error) throw new RangeError(`${path}:${r.line}: ${r.error}`);
    out.push(r.value);
  }
  return out;
}

export async function readSearchSet(catalogPath: string, judgmentsPath: string): Promise<{ items: CatalogItem[]; cases: SearchCase[] }> {
  const items = catalogItems(await allRows(catalogPath), catalogPath);
  const rows = (await allRows(judgmentsPath)).map((r, n) => {
    const o = r as Record<string, unknown>;
    if (o['query'] === undefined || o['item'] === undefined || o['relevance'] === undefined) {
      throw new RangeError(`${judgmentsPath} row ${n + 2}: needs the columns query,item,relevance`);
    }
    return [String(o['query']), String(o['item']), Number(o['relevance'])] as const;
  });
  return { items, cases: casesFrom(rows, items, judgmentsPath) };
}
