// Product search quality through the ENGINE'S OWN search code (src/engine/search.ts: the encoder,
// dense top-k, keyword retrieval, candidate union, fusion and ranker the worker runs), in Node on
// onnxruntime-web's WASM backend, against keyword search alone (LexicalIndex) and dense alone.
//
//   npm run eval:search -- [--catalog items.jsonl --judgments judgments.csv [--name NAME]]
//        [--data ../shared/data] [--model public/models/alcove-mini-v3] [--ranker public/ranker/alcove-dcn-v2]
//        [--fusion FILE] [--limit N]
//
// Format (docs/search.md): the catalog is JSON Lines (id, title, optional text, category, brand,
// price), the judgments a CSV with header query,item,relevance (graded gain, 0 = not relevant).
// Without --catalog: the built-in datasets, Home Depot dev queries (the 30% of queries whose
// md5 % 10 >= 7), the Scientific-derived queries of eval:encoder and the demo queries.
//
// Columns: bm25 (LexicalIndex top 10), dense (encoder top 10), blend (the pipeline with the
// ranker's hand-set qᵀp/τ + λ·keyword, i.e. without a fusion file), shipped (the pipeline with the
// model's search-fusion.json, or --fusion). Metrics, full ranking over the whole catalog with
// unjudged = 0: NDCG@10, Recall@10 of items whose gain is at least half the file's highest; the
// judged-set re-ranking NDCG@10 (only the judged items, ranked by each method; items a method does
// not return come last); query latency p50 (ms, one query at a time, 2 cores shared).
// Catalog embeddings are cached in .cache/search-eval/ (model + catalog hash).
// The last line of output is one JSON object with every figure.
import { existsSync, readFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { hashText } from '../../src/core/hash';
import { itemText } from '../../src/core/item-text';
import { parseSearchFusion, type SearchFusion } from '../../src/core/search-fusion';
import type { CatalogItem } from '../../src/core/types';
import { dotAt } from '../../src/core/vector';
import { loadEncoder } from '../../src/cli/build-catalog';
import { embedCatalog } from '../../src/cli/embed-cache';
import { casesFrom } from '../../src/cli/search-set';
import { CatalogIndex } from '../../src/engine/catalog-index';
import { loadFile } from '../../src/cli/file-loader';
import { searchCatalog, type SearchContext } from '../../src/engine/search';
import type { Personal } from '../../src/engine/recommend';
import { loadRanker } from '../../src/model/ranker-loader';
import type { Encoder } from '../../src/model/encoder';
import { pct, round } from '../lib/stats';
import { loadGeneric, loadHomeDepot, MissingData, type SearchCase, type SearchDataset } from './search/data';
import { DEMO_QUERIES, judgeDemo } from './search/demo-queries';
import { scientificSearchSet } from './scientific-queries';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const arg = (name: string, dflt?: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const DATA = resolve(REPO, arg('data', '../shared/data')!);
const MODEL = resolve(REPO, arg('model', 'public/models/alcove-mini-v3')!);
const RANKER = resolve(REPO, arg('ranker', 'public/ranker/alcove-dcn-v2')!);
const FUSION = resolve(REPO, arg('fusion', `${MODEL}/search-fusion.json`)!);
const LIMIT = Number(arg('limit', '0'));
const CACHE = resolve(REPO, '.cache/search-eval');
const log = (s: string) => process.stderr.write(s + '\n');

export interface Metrics {
  ndcg10: number;
  recall10: number;
  judgedNdcg10: number;
  p50Ms: number;
}

/** DCG@10 of a ranked list of item indices. */
function dcg(ranked: readonly number[], gains: ReadonlyMap<number, number>): number {
  let s = 0;
  ranked.slice(0, 10).forEach((i, r) => (s += (gains.get(i) ?? 0) / Math.log2(r + 2)));
  return s;
}

function ndcg(ranked: readonly number[], gains: ReadonlyMap<number, number>): number {
  const ideal = dcg([...gains.keys()].sort((a, b) => gains.get(b)! - gains.get(a)! || a - b), gains);
  return ideal > 0 ? dcg(ranked, gains) / ideal : 0;
}

/** The judged items in the order of `ranked`, then the judged items it lacks (catalog order). */
function judgedOrder(ranked: readonly number[], gains: ReadonlyMap<number, number>): number[] {
  const seen = new Set(ranked.filter((i) => gains.has(i)));
  return [...seen, ...[...gains.keys()].filter((i) => !seen.has(i)).sort((a, b) => a - b)];
}

class Acc {
  private n = 0;
  private nRecall = 0;
  private sum = { ndcg10: 0, recall10: 0, judgedNdcg10: 0 };
  private ms: number[] = [];
  constructor(private readonly recallFrom: number) {}
  add(top10: readonly number[], judged: readonly number[], c: SearchCase, ms: number) {
    this.n++;
    this.ms.push(ms);
    this.sum.ndcg10 += ndcg(top10, c.gains);
    this.sum.judgedNdcg10 += ndcg(judgedOrder(judged, c.gains), c.gains);
    const want = [...c.gains].filter(([, g]) => g >= this.recallFrom).map(([i]) => i);
    if (want.length) {
      this.nRecall++;
      this.sum.recall10 += top10.slice(0, 10).filter((i) => want.includes(i)).length / want.length;
    }
  }
  get(): Metrics {
    return {
      ndcg10: round(this.sum.ndcg10 / Math.max(1, this.n), 4),
      recall10: round(this.sum.recall10 / Math.max(1, this.nRecall), 4),
      judgedNdcg10: round(this.sum.judgedNdcg10 / Math.max(1, this.n), 4),
      p50Ms: round(this.ms.length ? pct(this.ms, 0.5) : 0, 2),
    };
  }
}

const anonymous = async (): Promise<Personal> => ({ vector: null, weights: new Map(), events: new Map() });

/** Every method over every case of `ds`. */
async function evaluate(ds: SearchDataset, encoder: Encoder, ctxOf: (catalog: CatalogIndex, fusion: SearchFusion | null) => SearchContext, fusion: SearchFusion | null) {
  const emb = await embedCatalog(encoder, ds.items, CACHE, log);
  const catalog = new CatalogIndex(ds.items, ds.items.map((it) => hashText(itemText(it))), emb, encoder.info.dim, ds.name, ds.name);
  const methods = ['bm25', 'dense', 'blend', 'shipped'] as const;
  const acc = Object.fromEntries(methods.map((m) => [m, new Acc(ds.recallFrom)])) as Record<(typeof methods)[number], Acc>;
  const blendCtx = ctxOf(catalog, null);
  const shippedCtx = ctxOf(catalog, fusion);
  let noMatch = 0;
  const t0 = Date.now();
  for (const [k, c] of ds.cases.entries()) {
    let t = performance.now();
    const lexTop = catalog.lexical.search(c.query, 10).map((h) => h.index);
    const lexMs = performance.now() - t;
    const lexAll = catalog.lexical.search(c.query, catalog.n).map((h) => h.index);
    acc.bm25.add(lexTop, lexAll, c, lexMs);

    t = performance.now();
    const { vectors: q } = await encoder.embed([c.query]);
    const denseTop = await catalog.nearest(q, 10);
    const denseMs = performance.now() - t;
    const cos = (i: number) => dotAt(q, 0, catalog.matrix, i * catalog.dim, catalog.dim);
    acc.dense.add(denseTop, [...c.gains.keys()].sort((a, b) => cos(b) - cos(a) || a - b), c, denseMs);

    for (const [name, ctx] of [['blend', blendCtx], ['shipped', shippedCtx]] as const) {
      t = performance.now();
      const top = await searchCatalog(ctx, { text: c.query, limit: 10 });
      const ms = performance.now() - t;
      if (name === 'shipped' && top.noMatch) noMatch++;
      const all = await searchCatalog(ctx, { text: c.query, limit: 1000 });
      const rows = (list: typeof top) => list.items.map((r) => catalog.indexOf(r.item.id)!);
      acc[name].add(rows(top), rows(all), c, ms);
    }
    if ((k + 1) % 500 === 0) log(`  ${k + 1} / ${ds.cases.length} queries (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  return { metrics: Object.fromEntries(methods.map((m) => [m, acc[m].get()])) as Record<(typeof methods)[number], Metrics>, noMatch };
}

function demoDataset(): SearchDataset {
  const items = (JSON.parse(readFileSync(`${REPO}/public/catalog/demo-catalog.json`, 'utf8')) as { items: CatalogItem[] }).items;
  const cases = DEMO_QUERIES.map((d) => ({ query: d.query, gains: judgeDemo(d.rules, items) }));
  return { name: 'demo', items, cases, recallFrom: 1, protocol: `${cases.length} shopper-style queries on the demo catalog, judged by category and title rules (tools/eval/search/demo-queries.ts)` };
}

function scientificDataset(): SearchDataset {
  const dir = `${DATA}/amazon-scientific`;
  if (!existsSync(`${dir}/Scientific.text`)) throw new MissingData(`missing ${dir}/Scientific.text (see npm run eval:encoder for where to get it)`);
  const set = scientificSearchSet(dir);
  const items = set.items.map((it) => ({ id: it.id, title: it.title, ...(it.cat ? { category: it.cat } : {}), ...(it.brand ? { brand: it.brand } : {}) }));
  const rows = [...set.queries.leaf, ...set.queries.fragment].flatMap((q) => [...q.rel].map((i) => [q.text, items[i]!.id, 1] as const));
  return { name: 'scientific', items, cases: casesFrom(rows, items, 'scientific'), recallFrom: 0.5, protocol: `eval:encoder's ${set.queries.leaf.length} leaf-category + ${set.queries.fragment.length} title-fragment queries over all ${items.length} items, binary gain` };
}

function loadFusion(): SearchFusion | null {
  if (!existsSync(FUSION)) return null;
  return parseSearchFusion(JSON.parse(readFileSync(FUSION, 'utf8')));
}

async function main() {
  const encoder = await loadEncoder(MODEL);
  const ranker = await loadRanker(`${pathToFileURL(RANKER).href}/`, null, async () => encoder.runtime, undefined, loadFile);
  const fusion = loadFusion();
  log(`encoder ${encoder.info.modelId} (${encoder.info.backend}), ranker ${ranker.id}, fusion ${fusion ? `${fusion.id} (${FUSION})` : 'none: shipped = blend'}`);
  const ctxOf = (catalog: CatalogIndex, f: SearchFusion | null): SearchContext => ({ encoder, ranker, catalog, fusion: f, personal: anonymous });
  if (arg('catalog') && !arg('judgments')) throw new Error('--catalog needs --judgments FILE.csv (header query,item,relevance)');
  const loaders: [string, () => SearchDataset | Promise<SearchDataset>][] = arg('catalog')
    ? [[arg('name', 'custom')!, () => loadGeneric(resolve(arg('catalog')!), resolve(arg('judgments')!), arg('name', 'custom')!)]]
    : [['home-depot-dev', () => loadHomeDepot(DATA, 'dev')], ['scientific', scientificDataset], ['demo', demoDataset]];
  const result: Record<string, unknown> = {};
  const lines: string[] = [];
  for (const [name, load] of loaders) {
    let ds: SearchDataset;
    try {
      ds = await load();
    } catch (e) {
      if (!(e instanceof MissingData)) throw e;
      log(`[${name}] ${e.message}`);
      result[name] = { missing: e.message };
      continue;
    }
    if (LIMIT) ds.cases = ds.cases.slice(0, LIMIT);
    log(`[${ds.name}] ${ds.items.length} items, ${ds.cases.length} queries: ${ds.protocol}`);
    const { metrics, noMatch } = await evaluate(ds, encoder, ctxOf, fusion);
    result[ds.name] = { queries: ds.cases.length, items: ds.items.length, ...metrics, shippedNoMatch: noMatch };
    for (const [m, v] of Object.entries(metrics)) lines.push(`| ${ds.name} | ${m} | ${v.ndcg10.toFixed(3)} | ${v.recall10.toFixed(3)} | ${v.judgedNdcg10.toFixed(3)} | ${v.p50Ms.toFixed(2)} |`);
    const ratio = metrics.bm25.ndcg10 > 0 ? metrics.shipped.ndcg10 / metrics.bm25.ndcg10 : 0;
    lines.push(`| ${ds.name} | shipped / bm25 | ${ratio.toFixed(3)} | | | |`);
  }
  console.log(`\nSearch, full ranking (unjudged = 0); fusion: ${fusion ? fusion.id : 'none'}\n`);
  console.log('| dataset | method | NDCG@10 | Recall@10 | judged-set NDCG@10 | p50 ms |\n|---|---|---|---|---|---|');
  console.log(lines.join('\n'));
  console.log(JSON.stringify({ model: encoder.info.modelId, ranker: ranker.id, fusion: fusion?.id ?? null, datasets: result }));
}

await main();
