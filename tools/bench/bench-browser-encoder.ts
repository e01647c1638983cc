// `npm run bench:browser-encoder`: the shipped encoder in headless Chromium, per backend and
// variant, against transformers.js on the same runtime (onnxruntime-web) with the same model
// files and texts. Query latency p50/p95 (200 single texts) and throughput at batch 1/8/32/128.
// Rows: Alcove on WASM (int8 variant and weight-only variant, 1 thread), on WebGPU (here
// SwiftShader: correctness only), and on WASM with 2 threads on a cross-origin-isolated page;
// transformers.js on WASM with 1 and 2 threads. On a software WebGPU adapter the WebGPU row runs
// fewer texts (20 queries, 32 documents, no batch 128): SwiftShader embeds ~5 items/s. Runs the Vite dev server twice (plain, and with
// COOP/COEP). Prints a table; the LAST line is one JSON object, also written to
// results/bench-browser-encoder.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { startPreview } from '../lib/preview-server.mjs';

/** One row of the page's table (tools/bench/tjs-page). */
interface Row {
  name: string;
  modelFile: string;
  queriesOn: string;
  threads: number;
  adapter: string;
  p50: number;
  p95: number;
  b1: number;
  b8: number;
  b32: number;
  b128?: number;
  cosineToFirstRow: number;
  crossOriginIsolated?: boolean;
}
type BenchWindow = { benchResult: { rows: Row[]; error?: string } };

async function runPage(browser: Browser, base: string, query: string): Promise<Row[]> {
  const page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
  await page.goto(`${base}/tools/bench/tjs-page/index.html?${query}`);
  await page.waitForFunction(() => 'benchResult' in window, null, { timeout: 600_000 });
  const r = await page.evaluate(() => ({ ...(window as unknown as BenchWindow).benchResult, isolated: window.crossOriginIsolated }));
  await page.close();
  if (r.error) throw new Error(r.error);
  return r.rows.map((row) => ({ ...row, crossOriginIsolated: r.isolated }));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const rows: Row[] = [];
try {
  const plain = await startPreview(5199, 'dev');
  try {
    rows.push(...(await runPage(browser, plain.base, 'rows=alcove-wasm-int8,tjs,alcove-wasm-quantized,alcove-webgpu&threads=1')));
  } finally {
    plain.stop();
  }
  process.env.ALCOVE_ISOLATED = '1'; // vite.config.ts then sends COOP/COEP
  const isolated = await startPreview(5197, 'dev');
  try {
    rows.push(...(await runPage(browser, isolated.base, 'rows=alcove-wasm-int8,tjs&threads=2')));
  } finally {
    isolated.stop();
  }
} finally {
  await browser.close();
}

const label = (r: Row) => `${r.name}${r.threads > 1 ? `, ${r.threads} threads` : ''}${r.adapter.includes('swiftshader') ? ' (SwiftShader: correctness only)' : ''}`;
console.log('Encoder in headless Chromium (onnxruntime-web), alcove-mini-v3; latency ms, throughput items/s');
console.log('| system | file | single queries run on | query p50 / p95 | b1 | b8 | b32 | b128 | cosine to row 1 |\n|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${label(r)} | ${r.modelFile} | ${r.queriesOn} | ${r.p50} / ${r.p95} | ${r.b1} | ${r.b8} | ${r.b32} | ${r.b128 ?? '—'} | ${r.cosineToFirstRow} |`);
const find = (name: string, threads: number) => rows.find((r) => r.name.startsWith(name) && r.threads === threads);
const [al1, tj1, al2, tj2] = [find('Alcove (engine worker), WASM, int8', 1), find('transformers.js', 1), find('Alcove (engine worker), WASM, int8', 2), find('transformers.js', 2)];
const r2 = (x: number) => Math.round(x * 100) / 100;
if (!al1 || !tj1) throw new Error('the page did not return the one-thread rows');
const ratios = {
  transformersJsVsAlcoveQueryP50: r2(tj1.p50 / al1.p50),
  alcoveVsTransformersJsThroughputB32: r2(al1.b32 / tj1.b32),
  transformersJsVsAlcoveQueryP50TwoThreads: al2 && tj2 ? r2(tj2.p50 / al2.p50) : null,
  alcoveTwoVsOneThreadThroughputB32: al2 ? r2(al2.b32 / al1.b32) : null,
};
console.log(`ratios: ${Object.entries(ratios).map(([k, v]) => `${k} ${v}x`).join(', ')}`);
const out = { bench: 'browser-encoder', rows, ratios, at: new Date().toISOString() };
mkdirSync('results', { recursive: true });
writeFileSync('results/bench-browser-encoder.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));
