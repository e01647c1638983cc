// `npm run bench:scale`: top-100 retrieval over synthetic catalogs (random unit vectors, d = 192 (--dim),
// generated, not encoded) of 10k, 100k and 1M items, in Node on this machine's CPU:
//   plain JS loop (core/vector matVec + topK: the engine's path before the kernels),
//   JS fallback kernels (f32, int8), WASM SIMD kernels (f32, int8), and Orama's vector search.
// Prints a table; the LAST line is one JSON object, also written to results/bench-scale.json.
// Options: --sizes 10000,100000 --queries 30 --no-orama. WebGPU is not measured here (Dawn on
// SwiftShader is correctness-only and crashes on this sandbox; see docs/catalog-builder.md).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { createCpuIndex } from '../../src/core/kernels/cpu';
import { quantizeInt8 } from '../../src/core/kernels/int8';
import { matVec, topK } from '../../src/core/vector';
import { gaussianUnitRows } from '../../tests/unit/fixtures/core-rng';
import { pct } from '../lib/stats';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const SIZES = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(arg('queries', '30'));
const ORAMA = !process.argv.includes('--no-orama');
// The shipped encoder's width (alcove-mini-v3); --dim to compare others.
const DIM = Number(arg('dim', '192'));
const K = 100;

/** `n` seeded random unit rows of DIM values (Gaussian components: uniform directions). */
const unitRows = (n: number, seed: number): Float32Array => gaussianUnitRows(n, DIM, seed);
type Search = (q: Float32Array) => number[];

function time(fn: Search, queries: readonly Float32Array[]): { p50: number; p95: number } {
  fn(queries[0]!); // warm-up (JIT, page faults)
  fn(queries[1 % queries.length]!);
  const ms: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    fn(q);
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 0.5), p95: pct(ms, 0.95) };
}
function recall(got: readonly number[], want: readonly number[]): number {
  const w = new Set(want);
  let hit = 0;
  for (const i of got) if (w.has(i)) hit++;
  return hit / want.length;
}

interface Row {
  n: number;
  method: string;
  p50: number | null;
  p95: number | null;
  recall: number | null;
  buildMs: number | null;
  matrixMB: number | null;
  error?: string;
}
const rows: Row[] = [];
for (const n of SIZES) {
  const tGen = performance.now();
  const m = unitRows(n, n);
  const genMs = performance.now() - tGen;
  const queries = Array.from({ length: QUERIES }, (_, i) => unitRows(1, 7_000_000 + i));
  const { int8, scales } = quantizeInt8(m, n, DIM);
  const exact = queries.map((q) => topK(matVec(m, n, DIM, q), K));
  const recallOf = (fn: Search) => queries.slice(0, 5).reduce((s, q, i) => s + recall(fn(q), exact[i]!), 0) / 5;
  const methods: [name: string, make: () => Search, bytesPerDim: number][] = [
    ['plain JS loop (f32)', () => (q) => topK(matVec(m, n, DIM, q), K), 4],
    ['JS fallback f32', () => { const ix = createCpuIndex({ f32: m }, n, DIM, { backend: 'js' }); return (q) => Array.from(ix.topK(q, K).indices); }, 4],
    ['JS fallback int8', () => { const ix = createCpuIndex({ int8, scales }, n, DIM, { backend: 'js' }); return (q) => Array.from(ix.topK(q, K).indices); }, 1],
    ['WASM SIMD f32', () => { const ix = createCpuIndex({ f32: m }, n, DIM, { backend: 'wasm' }); return (q) => Array.from(ix.topK(q, K).indices); }, 4],
    ['WASM SIMD int8', () => { const ix = createCpuIndex({ int8, scales }, n, DIM, { backend: 'wasm' }); return (q) => Array.from(ix.topK(q, K).indices); }, 1],
  ];
  for (const [name, make, bytesPerDim] of methods) {
    const tb = performance.now();
    const fn = make();
    const buildMs = performance.now() - tb;
    const r = time(fn, queries);
    rows.push({ n, method: name, p50: r.p50, p95: r.p95, recall: recallOf(fn), buildMs, matrixMB: (n * DIM * bytesPerDim) / 2 ** 20 });
    process.stderr.write(`  ${n} ${name}: p50 ${r.p50.toFixed(2)} ms\n`);
  }
  if (ORAMA && n <= 100_000) {
    // Orama's vector search (brute-force cosine over its own stored vectors); inserting 1M
    // documents one by one takes minutes here, so it is measured up to 100k.
    try {
      const { create, insertMultiple, search } = await import('@orama/orama');
      const tb = performance.now();
      const db = create({ schema: { id: 'string', embedding: `vector[${DIM}]` } });
      const docs: { id: string; embedding: number[] }[] = [];
      for (let i = 0; i < n; i++) docs.push({ id: String(i), embedding: Array.from(m.subarray(i * DIM, (i + 1) * DIM)) });
      await insertMultiple(db, docs, 5000);
      const buildMs = performance.now() - tb;
      const fn = (q: Float32Array) => search(db, { mode: 'vector', vector: { value: Array.from(q), property: 'embedding' }, similarity: -1, limit: K, includeVectors: false });
      await fn(queries[0]!);
      const ms: number[] = [];
      let rec = 0;
      for (const [i, q] of queries.entries()) {
        const t = performance.now();
        const res = await fn(q);
        ms.push(performance.now() - t);
        if (i < 5) rec += recall(res.hits.map((h) => Number(h.id)), exact[i]!) / 5;
      }
      rows.push({ n, method: 'Orama vector search', p50: pct(ms, 0.5), p95: pct(ms, 0.95), recall: rec, buildMs, matrixMB: null });
      process.stderr.write(`  ${n} Orama: p50 ${pct(ms, 0.5).toFixed(2)} ms\n`);
    } catch (e) {
      rows.push({ n, method: 'Orama vector search', p50: null, p95: null, recall: null, buildMs: null, matrixMB: null, error: e instanceof Error ? e.message : String(e) });
    }
  } else if (ORAMA) {
    rows.push({ n, method: 'Orama vector search', p50: null, p95: null, recall: null, buildMs: null, matrixMB: null, error: 'not run at 1M: its build took 4.4 s per 100k and holds vectors as JS number arrays (~1 GB at 1M)' });
  }
  process.stderr.write(`  (${n} rows generated in ${genMs.toFixed(0)} ms)\n`);
}

const targets = { '100000': 10, '1000000': 50 };
const best = (n: number) => Math.min(...rows.filter((r) => r.n === n && r.method.startsWith('WASM') && r.p50 !== null).map((r) => r.p50!));
const f = (x: number | null | undefined, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
console.log(`top-${K} over n × ${DIM} random unit vectors, ${QUERIES} queries, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
console.log('| n | method | p50 ms | p95 ms | recall@100 vs f32 | matrix MB | build ms |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.n} | ${r.method} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.recall, 3)} | ${f(r.matrixMB, 1)} | ${r.error ? r.error : f(r.buildMs, 0)} |`);
for (const [n, t] of Object.entries(targets)) if (SIZES.includes(Number(n))) console.log(`target ${n} items ≤ ${t} ms (WASM p50): ${best(Number(n)) <= t ? 'met' : 'MISSED'} (${f(best(Number(n)))} ms)`);
const summary = {
  bench: 'scale',
  dim: DIM,
  k: K,
  queries: QUERIES,
  node: process.version,
  cpus: cpus().length,
  at: new Date().toISOString(),
  rows,
  targets: Object.fromEntries(Object.entries(targets).filter(([n]) => SIZES.includes(Number(n))).map(([n, t]) => [n, { targetMs: t, wasmP50: best(Number(n)), met: best(Number(n)) <= t }])),
};
await mkdir(new URL('../../results/', import.meta.url), { recursive: true });
await writeFile(new URL('../../results/bench-scale.json', import.meta.url), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));
