#!/usr/bin/env node
// `npm run bench:scale`: top-100 retrieval over synthetic catalogs (random unit vectors, d = 192 (--dim),
// generated, not encoded) of 10k, 100k and 1M items, in Node on this machine's CPU:
//   plain JS loop (core/vector matVec + topK: the engine's path before the kernels),
//   JS fallback kernels (f32, int8), WASM SIMD kernels (f32, int8), and Orama's vector search.
// Prints a table; the LAST line is one JSON object, also written to results/bench-scale.json.
// Options: --sizes 10000,100000 --queries 30 --no-orama. WebGPU is not measured here (Dawn on
// SwiftShader is correctness-only and crashes on this sandbox; see docs/catalog-builder.md).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { register } from 'tsx/esm/api';

register();
const { createCpuIndex } = await import('../../src/core/kernels/cpu.ts');
const { quantizeInt8 } = await import('../../src/core/kernels/int8.ts');
const { matVec, topK } = await import('../../src/core/vector.ts');

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const SIZES = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(arg('queries', '30'));
const ORAMA = !process.argv.includes('--no-orama');
// The shipped encoder's width (alcove-mini-v3); --dim to compare others.
const DIM = Number(arg('dim', '192'));
const K = 100;

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function unitRows(n, seed) {
  const r = rng(seed);
  const m = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < DIM; j++) {
      const g = Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
      m[i * DIM + j] = g;
      s += g * g;
    }
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < DIM; j++) m[i * DIM + j] *= inv;
  }
  return m;
}
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
function time(fn, queries) {
  fn(queries[0]); // warm-up (JIT, page faults)
  fn(queries[1 % queries.length]);
  const ms = [];
  let last;
  for (const q of queries) {
    const t = performance.now();
    last = fn(q);
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95), last };
}
function recall(got, want) {
  const w = new Set(want);
  let hit = 0;
  for (const i of got) if (w.has(i)) hit++;
  return hit / want.length;
}

const rows = [];
for (const n of SIZES) {
  const tGen = performance.now();
  const m = unitRows(n, n);
  const genMs = performance.now() - tGen;
  const queries = Array.from({ length: QUERIES }, (_, i) => unitRows(1, 7_000_000 + i));
  const { int8, scales } = quantizeInt8(m, n, DIM);
  const exact = queries.map((q) => topK(matVec(m, n, DIM, q), K));
  const recallOf = (fn) => queries.slice(0, 5).reduce((s, q, i) => s + recall(fn(q), exact[i]), 0) / 5;
  const methods = [
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
      const docs = [];
      for (let i = 0; i < n; i++) docs.push({ id: String(i), embedding: Array.from(m.subarray(i * DIM, (i + 1) * DIM)) });
      await insertMultiple(db, docs, 5000);
      const buildMs = performance.now() - tb;
      const fn = (q) => search(db, { mode: 'vector', vector: { value: Array.from(q), property: 'embedding' }, similarity: -1, limit: K, includeVectors: false });
      await fn(queries[0]);
      const ms = [];
      let rec = 0;
      for (const [i, q] of queries.entries()) {
        const t = performance.now();
        const res = await fn(q);
        ms.push(performance.now() - t);
        if (i < 5) rec += recall(res.hits.map((h) => Number(h.id)), exact[i]) / 5;
      }
      rows.push({ n, method: 'Orama vector search', p50: pct(ms, 50), p95: pct(ms, 95), recall: rec, buildMs, matrixMB: null });
      process.stderr.write(`  ${n} Orama: p50 ${pct(ms, 50).toFixed(2)} ms\n`);
    } catch (e) {
      rows.push({ n, method: 'Orama vector search', p50: null, p95: null, recall: null, buildMs: null, matrixMB: null, error: String(e?.message ?? e) });
    }
  } else if (ORAMA) {
    rows.push({ n, method: 'Orama vector search', p50: null, p95: null, recall: null, buildMs: null, matrixMB: null, error: 'not run at 1M: its build took 4.4 s per 100k and holds vectors as JS number arrays (~1 GB at 1M)' });
  }
  process.stderr.write(`  (${n} rows generated in ${genMs.toFixed(0)} ms)\n`);
}

const targets = { '100000': 10, '1000000': 50 };
const best = (n) => Math.min(...rows.filter((r) => r.n === n && r.method.startsWith('WASM') && r.p50 !== null).map((r) => r.p50));
const f = (x, d = 2) => (x === null || x === undefined ? '—' : x.toFixed(d));
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
