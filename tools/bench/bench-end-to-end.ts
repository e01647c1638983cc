/**
 * `npm run bench:end-to-end`: query → top 10 in headless Chromium over synthetic catalogs of 10k
 * and 100k items (precomputed shards of seeded random vectors; titles from a 2,000-word
 * vocabulary), Alcove's engine against the same model through transformers.js plus a plain JS
 * top-10 loop, side by side in one page per size (tools/bench/tjs-page/end-to-end.ts). Both on
 * onnxruntime-web WASM, one thread. Runs the Vite dev server (the page imports transformers.js).
 *
 * Usage: npm run bench:end-to-end [-- --sizes 10000,100000]
 * Prints a table; the LAST line is one JSON object, also written to results/bench-end-to-end.json.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { startPreview } from '../lib/preview-server.mjs';
import { syntheticShards } from '../lib/synthetic-catalog';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' } } });
const SIZES = values.sizes.split(',').map(Number);

type Timed = { p50: number; p95: number; longTasks: number };
type Result = {
  n: number;
  alcove: { ingestMs: number; anonymous: Timed; personal: Timed; afterClick: Timed; stageP50: Record<string, number>; retrieval: { kernel: string } | null };
  transformers: Timed;
  error?: string;
};

const { base, stop } = await startPreview(5198, 'dev');
const results: Result[] = [];
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  for (const n of SIZES) {
    const files = await syntheticShards(n, (b) => createHash('sha256').update(b).digest('hex'));
    const context = await browser.newContext();
    await context.route(
      (url) => url.pathname.startsWith(`/synthetic-${n}/`),
      (route) => {
        const body = files.get(new URL(route.request().url()).pathname.split('/').pop()!);
        return body ? route.fulfill({ body: Buffer.from(body) }) : route.fulfill({ status: 404 });
      },
    );
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
    await page.goto(`${base}/tools/bench/tjs-page/end-to-end.html?n=${n}`);
    await page.waitForFunction(() => 'benchResult' in window, null, { timeout: 600_000 });
    const r = (await page.evaluate(() => (window as unknown as { benchResult: Result }).benchResult)) as Result;
    await context.close();
    if (r.error) throw new Error(r.error);
    results.push(r);
  }
  await browser.close();
} finally {
  stop();
}

const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
console.log('Query → top 10 in headless Chromium, onnxruntime-web WASM (1 thread), alcove-mini-v3; ms, 100 queries after 10 warm-up');
console.log('| items | system | p50 | p95 | main-thread long tasks |\n|---|---|---|---|---|');
for (const r of results) {
  const a = r.alcove;
  console.log(`| ${r.n} | Alcove search, anonymous (hybrid + trained ranker, worker) | ${a.anonymous.p50} | ${a.anonymous.p95} | ${a.anonymous.longTasks} |`);
  console.log(`| ${r.n} | Alcove search, 30-view history | ${a.personal.p50} | ${a.personal.p95} | ${a.personal.longTasks} |`);
  console.log(`| ${r.n} | Alcove: a click, then the for-you row | ${a.afterClick.p50} | ${a.afterClick.p95} | ${a.afterClick.longTasks} |`);
  console.log(`| ${r.n} | transformers.js model + JS top-10 loop (main thread) | ${r.transformers.p50} | ${r.transformers.p95} | ${r.transformers.longTasks} |`);
}
console.log('\nAlcove stage p50s (ms), anonymous search:');
for (const r of results) console.log(`  ${r.n}: ${Object.entries(r.alcove.stageP50).map(([k, v]) => `${k} ${v}`).join(', ')}; ingest ${r.alcove.ingestMs} ms; retrieval ${r.alcove.retrieval?.kernel}`);
const ratios = Object.fromEntries(results.map((r) => [`transformersJsVsAlcoveP50At${r.n}`, ratio(r.transformers.p50, r.alcove.anonymous.p50)]));
console.log(`\nratios (transformers.js path / Alcove, p50): ${Object.entries(ratios).map(([k, v]) => `${k} ${v}x`).join(', ')}`);
const out = { bench: 'end-to-end', results, ratios, at: new Date().toISOString() };
mkdirSync('results', { recursive: true });
writeFileSync('results/bench-end-to-end.json', JSON.stringify(out, null, 1));
console.log(JSON.stringify(out));
