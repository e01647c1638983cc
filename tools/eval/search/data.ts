/**
 * Search evaluation datasets in one shape: catalog items (validated as the engine validates them)
 * and graded judgments per query. Loaders for the generic format (a catalog JSONL as eval:ranker
 * reads it + a `query,item,relevance` CSV) and Home Depot (split by a hash of the query into train
 * and dev); eval-search.ts adds the Scientific-derived and demo queries.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { isSelectQuery } from '../../../src/cli/fit-search';
import { casesFrom, catalogItems, readSearchSet, type SearchCase } from '../../../src/cli/search-set';
import type { CatalogItem } from '../../../src/core/types';
import { parseCsv } from '../ranker/data';

export type { SearchCase };

export interface SearchDataset {
  name: string;
  items: CatalogItem[];
  cases: SearchCase[];
  /** Recall@10 counts items whose gain is at least this (half the highest gain in the file). */
  recallFrom: number;
  protocol: string;
}

export class MissingData extends Error {}

const read = (p: string) => (p.endsWith('.gz') ? gunzipSync(readFileSync(p)).toString('utf8') : readFileSync(p, 'utf8'));

function need(path: string, how: string): void {
  if (!existsSync(path)) throw new MissingData(`missing ${path}\n${how}`);
}

const halfOfMax = (cases: readonly SearchCase[]) => Math.max(...cases.flatMap((c) => [...c.gains.values()])) / 2;

/** The generic format (src/cli/search-set.ts). */
export async function loadGeneric(catalogPath: string, judgmentsPath: string, name: string): Promise<SearchDataset> {
  need(catalogPath, 'pass --catalog FILE.jsonl: one JSON object per line with id, title and optionally text, category, brand, price');
  need(judgmentsPath, 'pass --judgments FILE.csv: header query,item,relevance (graded gain, 0 = not relevant)');
  const { items, cases } = await readSearchSet(catalogPath, judgmentsPath);
  return { name, items, cases, recallFrom: halfOfMax(cases), protocol: `${catalogPath} + ${judgmentsPath}` };
}

/** Which split a Home Depot query belongs to: fit-search's own 70/30 rule by the md5 of the query. */
export function hdSplit(query: string): 'train' | 'dev' {
  return isSelectQuery(query) ? 'dev' : 'train';
}

const HD_HOW =
  'Get the Home Depot Product Search Relevance data (Kaggle 2016, train split) as products.csv.gz (product_uid,title) and ' +
  'judgments.csv.gz (query,product_uid,relevance 1..3) into that folder (or pass --data DIR whose home-depot/ holds them).';

/** Home Depot: every product; judgments of one split's queries, gain = relevance − 1 (0 .. 2). */
export function loadHomeDepot(dataDir: string, split: 'train' | 'dev'): SearchDataset {
  const dir = `${dataDir}/home-depot`;
  need(`${dir}/products.csv.gz`, HD_HOW);
  need(`${dir}/judgments.csv.gz`, HD_HOW);
  const items = catalogItems(parseCsv(read(`${dir}/products.csv.gz`)).slice(1).map(([id, title]) => ({ id, title })), 'products.csv.gz');
  const rows = parseCsv(read(`${dir}/judgments.csv.gz`)).slice(1).filter((r) => hdSplit(r[0]!.trim().toLowerCase()) === split);
  const cases = casesFrom(rows.map((r) => [r[0]!, r[1]!, Number(r[2]) - 1] as const), items, 'judgments.csv.gz');
  return { name: `home-depot-${split}`, items, cases, recallFrom: 1, protocol: `${split} split (md5(query) % 10 ${split === 'train' ? '< 7' : '>= 7'}), gain = relevance − 1, unjudged = 0` };
}
