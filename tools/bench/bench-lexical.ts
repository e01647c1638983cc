/**
 * Keyword retrieval at catalog scale, in Node: Alcove's LexicalIndex (typed-array BM25F) against
 * MiniSearch configured as the engine used it before (BM25, prefix, fuzzy 0.2, same field
 * boosts), side by side on the same items and queries: build time, query p50/p95 for the top
 * 100, NDCG@10 on queries derived from the demo catalog, and how many of MiniSearch's top 10 Alcove also returns in its top 10 (read it on the
 * demo catalog itself: the larger catalogs repeat its texts, so their top 10s are mostly ties).
 *
 * Items: the demo catalog (1,892 items), then repeated to 10k and 100k, each copy with another
 * item's brand and its own SKU token (real catalogs have model numbers, which make the vocabulary
 * large). Queries: leaf categories, title words, SKUs, 4-letter prefixes and one-letter typos.
 *
 * Usage: npm run bench:lexical [-- --sizes 1892,10000,100000 --reps 3]
 * Prints a table; the LAST line is one JSON object, also written to results/bench-lexical.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { LexicalIndex, lexicalTokens } from '../../src/core/lexical';
import type { CatalogItem } from '../../src/core/types';
import { pct, round as r2 } from '../lib/stats';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1892,10000,100000' }, reps: { type: 'string', default: '3' } } });
const SIZES = values.sizes.split(',').map(Number);
const REPS = Number(values.reps);

const demo = (JSON.parse(readFileSync('public/catalog/demo-catalog.json', 'utf8')) as { items: CatalogItem[] }).items;
const catalog = (n: number): CatalogItem[] =>
  n <= demo.length ? demo.slice(0, n) : Array.from({ length: n }, (_, i) => {
    const it = demo[i % demo.length]!;
    return { ...it, id: `i${i}`, brand: demo[(i * 7919) % demo.length]!.brand ?? '', description: `${it.description ?? ''} SKU ${(i * 2654435761) % 1e9}` };
  });

function queries(items: readonly CatalogItem[]): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < 60; i += 97) {
    const it = items[i % items.length]!;
    const words = lexicalTokens(it.title).filter((w) => w.length >= 5);
    const w = words[0] ?? 'vase';
    switch (out.length % 5) {
      case 0: out.push(it.category!.split(' > ').pop()!.toLowerCase()); break;
      case 1: out.push(words.slice(-2).join(' ') || w); break;
      case 2: out.push(items.length > demo.length ? `sku ${(i * 2654435761) % 1e9}` : `${it.brand ?? ''} ${w}`); break;
      case 3: out.push(w.slice(0, 4)); break;
      default: out.push(w.slice(0, 2) + w.slice(3)); // a letter dropped
    }
  }
  return out;
}

/**
 * Retrieval quality on the demo catalog, the same for both: NDCG@10 of leaf-category queries
 * (relevant: the items of that leaf) and of two-word title fragments without the brand
 * (relevant: the items whose title has both words).
 */
function quality(search: (q: string) => string[]): number {
  const byLeaf = new Map<string, Set<string>>();
  for (const it of demo) {
    const leaf = it.category!.split(' > ').pop()!.toLowerCase();
    byLeaf.set(leaf, (byLeaf.get(leaf) ?? new Set()).add(it.id));
  }
  const cases: [string, Set<string>][] = [...byLeaf].slice(0, 150);
  for (let i = 0; i < demo.length && cases.length < 300; i += 7) {
    const words = lexicalTokens(demo[i]!.title).filter((w) => !lexicalTokens(demo[i]!.brand ?? '').includes(w));
    if (words.length < 2) continue;
    const q = words.slice(-2);
    cases.push([q.join(' '), new Set(demo.filter((it) => q.every((w) => lexicalTokens(it.title).includes(w))).map((it) => it.id))]);
  }
  let sum = 0;
  for (const [q, rel] of cases) {
    const top = search(q).slice(0, 10);
    const dcg = top.reduce((a, id, r) => a + (rel.has(id) ? 1 / Math.log2(r + 2) : 0), 0);
    let ideal = 0;
    for (let r = 0; r < Math.min(10, rel.size); r++) ideal += 1 / Math.log2(r + 2);
    sum += dcg / ideal;
  }
  return sum / cases.length;
}


const rows: Record<string, number | string | undefined>[] = [];
for (const n of SIZES) {
  const items = catalog(n);
  const qs = queries(items);
  let t = performance.now();
  const mini = new MiniSearch<CatalogItem>({
    fields: ['title', 'category', 'brand', 'description'],
    tokenize: (text) => text.split(/[^\p{L}\p{N}]+/u).filter((s) => s.length > 0),
    searchOptions: { boost: { title: 3, brand: 2, category: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: 'OR' },
  });
  mini.addAll(items);
  const miniBuild = performance.now() - t;
  t = performance.now();
  const lex = new LexicalIndex(items);
  const lexBuild = performance.now() - t;

  const timeIt = (f: (q: string) => string[]) => {
    const times: number[] = [];
    const tops: string[][] = [];
    for (let rep = 0; rep < REPS; rep++)
      for (const q of qs) {
        const t1 = performance.now();
        const ids = f(q);
        times.push(performance.now() - t1);
        if (rep === 0) tops.push(ids.slice(0, 10));
      }
    return { times, tops };
  };
  const m = timeIt((q) => mini.search(q).slice(0, 100).map((h) => String(h.id)));
  const a = timeIt((q) => lex.search(q, 100).map((h) => items[h.index]!.id));
  let shared = 0;
  let total = 0;
  m.tops.forEach((top, i) => {
    const mine = new Set(a.tops[i]);
    total += top.length;
    shared += top.filter((id) => mine.has(id)).length;
  });
  const onDemo = n <= demo.length;
  const ndcg = (f: (q: string) => string[]) => (onDemo ? { demoNdcg10: Math.round(quality(f) * 1000) / 1000 } : {});
  rows.push(
    { n, method: 'MiniSearch (as before)', buildMs: Math.round(miniBuild), p50: r2(pct(m.times, 0.5)), p95: r2(pct(m.times, 0.95)), ...ndcg((q) => mini.search(q).slice(0, 10).map((h) => String(h.id))) },
    {
      n, method: 'Alcove LexicalIndex', buildMs: Math.round(lexBuild), p50: r2(pct(a.times, 0.5)), p95: r2(pct(a.times, 0.95)),
      top10AgreementWithMiniSearch: r2(shared / Math.max(1, total)), ...ndcg((q) => lex.search(q, 10).map((h) => items[h.index]!.id)),
    },
  );
}

console.log('| items | method | build ms | query p50 ms | query p95 ms | top-10 shared with MiniSearch | NDCG@10 (demo queries) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.n} | ${r.method} | ${r.buildMs} | ${r.p50} | ${r.p95} | ${r.top10AgreementWithMiniSearch ?? ''} | ${r.demoNdcg10 ?? ''} |`);
const ratios = Object.fromEntries(
  SIZES.map((n) => {
    const [m, a] = rows.filter((r) => r.n === n) as { p50: number }[];
    return [`miniSearchVsAlcoveP50At${n}`, r2(m!.p50 / a!.p50)];
  }),
);
console.log('\n' + Object.entries(ratios).map(([k, v]) => `${k}: ${v}x`).join(', '));
const out = { machine: `${process.platform} ${process.arch}, node ${process.version}`, rows, ratios };
mkdirSync('results', { recursive: true });
writeFileSync('results/bench-lexical.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));
